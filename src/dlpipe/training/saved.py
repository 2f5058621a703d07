"""A trained model read back (predict, the pyfunc model): from a file anyone may have
written, so its archive is bounded first and what Keras refuses is one message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlpipe.errors import DataError


def load_saved_model(path: Path, where: str) -> Any:
    """``path`` (a ``.keras`` file) as a Keras model, in safe mode, without its optimizer.

    The archive's declared sizes are checked before anything is inflated; Python's zip
    reader never reads a member past its declared size (more data fails its checksum);
    Keras' safe mode refuses Python code (a ``Lambda`` layer's function)."""
    import zipfile

    from dlpipe.data.files import check_archive
    from dlpipe.training.runtime import import_keras

    check_archive(path, where)
    import_keras()
    import keras

    try:
        return keras.saving.load_model(path, compile=False, safe_mode=True)
    except zipfile.BadZipFile as exc:
        raise DataError(
            f"{path} is damaged or was altered after training ({exc})",
            where=where,
            hint="use the run's own files, or train it again",
        ) from None
    except ValueError as exc:
        if "Lambda" in str(exc) or "safe_mode" in str(exc):
            raise DataError(
                f"{path} holds Python code (a Lambda layer), which dlpipe never loads",
                where=where,
                hint="dlpipe's models have no Lambda layers: this file was not written by"
                " dlpipe's training; retrain it, or load it yourself if you trust its author",
            ) from None
        raise DataError(
            f"{path} is not a model Keras can read ({str(exc).splitlines()[0][:200]})",
            where=where,
            hint="give a run folder written by dlpipe's training (its model.keras)",
        ) from None
