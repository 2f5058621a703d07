"""What makes a run's record complete: environment tags, data fingerprint, dataset input,
a few model inputs for the logged models' signatures.

Everything here is cheap (a few git calls, one hash of the input file) so that recording
does not slow training down.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from dlpipe.track.fingerprint import file_sha256, folder_sha256, input_path

if TYPE_CHECKING:
    from dlpipe.preprocess.prepare import Prepared

# Rows of the data handed to MLflow for the data set's schema (its profile counts them all):
# a table's column types are inferred from its rows; an array's schema is its dtype and the
# shape of a row, which one row gives (1,000 images were 3 MB down the recorder's pipe).
SAMPLE_ROWS = 1000
ARRAY_SAMPLE_ROWS = 1


def environment_tags(seed: int) -> dict[str, str]:
    """Device and seed (package versions: :func:`fingerprint.version_tags`; who ran it
    and from where: :func:`source_tags`)."""
    return {"dlpipe.seed": str(seed), "dlpipe.device": device_name()}


def source_tags(cwd: Path | None = None) -> dict[str, str]:
    """MLflow's own tags for who started the run and from what ("Created by" and "Source"
    in its UI; its fluent API sets them, its client does not), and the git state of the
    folder the command was started from (the user's project), when it is a checkout."""
    tags = {"mlflow.source.type": "NOTEBOOK" if in_notebook() else "LOCAL"}
    tags["mlflow.source.name"] = source_name()
    user = _user()
    if user:
        tags["mlflow.user"] = user
    tags.update(git_tags(cwd or Path.cwd()))
    return tags


def in_notebook() -> bool:
    """Whether this process is a Jupyter kernel (dlpipe.train called from a notebook)."""
    import sys

    return "ipykernel" in sys.modules


def source_name() -> str:
    """What ran: ``python -m dlpipe`` (or the ``dlpipe`` command), the notebook
    (Jupyter names it in ``$JPY_SESSION_NAME``), else the Python script."""
    import os
    import sys

    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if in_notebook():
        return os.environ.get("JPY_SESSION_NAME") or "Jupyter notebook"
    if script is None or script.name in ("-c", ""):
        return "python"
    if script.name == "dlpipe" or (script.name == "__main__.py" and script.parent.name == "dlpipe"):
        return "python -m dlpipe"
    return str(script.resolve()) if script.exists() else script.name


def _user() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name for this uid (some containers)
        return None


def device_name() -> str:
    """``GPU: <name>`` for the first GPU TensorFlow sees, else ``CPU: <model name>``."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        details = tf.config.experimental.get_device_details(gpus[0])
        return f"GPU: {details.get('device_name', gpus[0].name)}" + (
            f" (x{len(gpus)})" if len(gpus) > 1 else ""
        )
    return f"CPU: {_cpu_model()}"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_tags(where: Path) -> dict[str, str]:
    """Commit and dirty state of the git checkout holding ``where`` (the user's project);
    nothing when it is not in one (dlpipe's own version is ``dlpipe.version.dlpipe``)."""
    commit = _git(where, "rev-parse", "HEAD")
    if not commit:
        return {}
    status = _git(where, "status", "--porcelain", "--untracked-files=no")
    return {
        "mlflow.source.git.commit": commit,
        "dlpipe.git.commit": commit,
        "dlpipe.git.dirty": "true" if status else "false",
    }


def _git(folder: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def arrays_sha256(arrays: Iterable[np.ndarray]) -> str:
    """sha256 over arrays (shape, dtype and bytes): for data sets without a file."""
    digest = hashlib.sha256()
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.shape}{array.dtype}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def data_source(data: Any) -> Path | None:
    """The file or folder the data was read from, when there is one."""
    path = input_path(data)
    return path if path is not None and path.exists() else None


def data_fingerprint(data: Any, arrays: Iterable[np.ndarray]) -> tuple[str, str]:
    """(sha256, what was hashed): the input file or folder, else the prepared arrays."""
    source = data_source(data)
    if source is not None and source.is_file():
        return file_sha256(source), str(source.resolve())
    if source is not None and source.is_dir():
        return folder_sha256(source), str(source.resolve())
    return arrays_sha256(arrays), "prepared arrays"


@dataclass(frozen=True)
class DatasetRecord:
    """The data set as MLflow records it, small enough to hand to the recorder process:
    the first rows (for the schema) and the sizes of the whole (the profile)."""

    name: str
    digest: str
    source: str
    profile: dict[str, Any]
    table: pd.DataFrame | None = None  # the raw table's first rows
    target: str | None = None  # its target column
    features: np.ndarray | None = None  # else the training arrays' first rows
    labels: np.ndarray | None = None


def record_data(recorder: Any, data: Any, prepared: Prepared, tags: dict[str, str]) -> None:
    """The data's sha256 fingerprint (tag) and the data set as an MLflow input. ``tags``:
    the run's tags, whose input file hash (:func:`~dlpipe.track.fingerprint.data_tags`)
    is reused; without an input file, the prepared arrays are hashed."""
    from dlpipe.track.fingerprint import DATA_PATH, DATA_SHA

    if tags[DATA_SHA] != "n/a":  # the input file or folder, hashed already
        digest, source = tags[DATA_SHA], tags[DATA_PATH]
    else:  # no input file: the prepared arrays' hash
        parts = [*prepared.x.values(), *prepared.y.values()]
        arrays = [a for a in parts if isinstance(a, np.ndarray)]  # tf.data streams: not hashed
        digest, source = data_fingerprint(data, arrays)
        recorder.set_tags({DATA_SHA: digest, DATA_PATH: source})
    if prepared.raw is not None or isinstance(prepared.x["train"], np.ndarray):
        recorder.log_dataset(
            dataset_record(
                data, prepared.raw, digest, source, prepared.x["train"], prepared.y["train"]
            )
        )


def sample_inputs(x: Any, n: int = 5) -> Any:
    """A few model inputs (for the logged models' signatures): array rows or a first batch."""
    if isinstance(x, np.ndarray):
        return x[:n]
    batch = next(iter(x.take(1)))
    inputs = batch[0] if isinstance(batch, tuple) else batch
    return np.asarray(inputs)[:n]


def dataset_record(
    data: Any, raw: pd.DataFrame | None, digest: str, source: str, x: Any, y: Any
) -> DatasetRecord:
    """What :func:`write_dataset` needs: the raw table if there is one, else the arrays."""
    if raw is not None:
        return DatasetRecord(
            name=str(data.name),
            digest=digest,
            source=source,
            profile={"num_rows": len(raw), "num_elements": int(raw.size)},
            table=raw.head(SAMPLE_ROWS),
            target=data.get("target") or None,
        )
    profile = {"features_shape": list(x.shape), "features_size": int(x.size)}
    profile["features_nbytes"] = int(x.nbytes)
    if y is not None:
        profile.update(
            targets_shape=list(y.shape), targets_size=int(y.size), targets_nbytes=int(y.nbytes)
        )
    return DatasetRecord(
        name=str(data.name),
        digest=digest,
        source=source,
        profile=profile,
        features=x[:ARRAY_SAMPLE_ROWS],
        labels=None if y is None else y[:ARRAY_SAMPLE_ROWS],
    )


def write_dataset(client: Any, run_id: str, dataset: DatasetRecord) -> None:
    """Record the data set as an MLflow run input (name, digest, source, schema, profile)."""
    from mlflow.entities import Dataset, DatasetInput, InputTag

    from dlpipe.track.models import quiet

    with quiet():
        found = _mlflow_dataset(dataset)._to_mlflow_entity()
    # Our own digest (of the file) identifies the data across runs and machines.
    entity = Dataset(
        name=found.name,
        digest=dataset.digest[:36],
        source_type=found.source_type,
        source=found.source,
        schema=found.schema,
        profile=json.dumps(dataset.profile),
    )
    client.log_inputs(
        run_id, datasets=[DatasetInput(entity, tags=[InputTag("mlflow.data.context", "training")])]
    )


def _mlflow_dataset(dataset: DatasetRecord) -> Any:
    # the modules that define mlflow.data.from_pandas / from_numpy (set there at import)
    from mlflow.data.numpy_dataset import from_numpy
    from mlflow.data.pandas_dataset import from_pandas

    if dataset.table is not None:
        return from_pandas(
            dataset.table, source=dataset.source, name=dataset.name, targets=dataset.target
        )
    if dataset.features is None:
        raise ValueError(f"the dataset record {dataset.name!r} holds neither a table nor arrays")
    labels: Any = dataset.labels  # from_numpy takes None, though not typed so
    return from_numpy(dataset.features, source=dataset.source, name=dataset.name, targets=labels)
