"""Where the data are: a relative ``data.path`` from the folder one runs from, else from
``paths.data_dir`` (``data/``, what ``dlpipe init`` creates); a Keras data set placed
in ``paths.data_dir`` (``mnist.npz``, ``fashion-mnist/``, ``cifar-10-batches-py/``) is
read from there without a download.

The path found is written into the config before the run is recorded, so the record,
``reproduce`` and the messages name the file that was read.
"""

from __future__ import annotations

import glob
from pathlib import Path

from dlpipe.config.schema import DataCfg


def located(data: DataCfg, data_dir: str) -> str | None:
    """``data.path`` as it will be read: unchanged when it is found from here (or names
    nothing anywhere: the reader's message says so), else its place in ``data_dir``."""
    folder = Path(data_dir)
    path = data.path
    if path is None:
        return keras_copy(data, folder)
    text = str(path)
    if Path(text).is_absolute() or _found(text) or text.startswith("~"):
        return text
    inside = folder / text
    return str(inside) if _found(str(inside)) else text


def keras_copy(data: DataCfg, folder: Path) -> str | None:
    """A Keras data set's file or folder in ``folder``, if it was put there."""
    if data.source != "keras":
        return None
    from dlpipe.data.keras_datasets import CIFAR_FOLDER, KERAS_SETS

    kset = KERAS_SETS.get(str(data.builtin))
    if kset is None:
        return None  # the loader names the set that does not exist
    for name in (
        kset.cached,
        Path(kset.cached).name,
        CIFAR_FOLDER if kset.name == "cifar10" else "",
    ):
        if name and (folder / name).exists():
            return str(folder / name)
    return None


def _found(text: str) -> bool:
    """Whether the path, or a glob's first match, exists."""
    if any(c in text for c in "*?["):
        return next(glob.iglob(text), None) is not None
    return Path(text).exists()
