"""The two MLflow model folders, written from the files the training saved, with MLflow's
public ``mlflow.pyfunc.save_model``.

``mlflow.keras.save_model`` takes the live model and imports Keras (seconds of start-up);
the recorder process beside the training has only the ``.keras`` file. :func:`save_keras`
lets ``mlflow.pyfunc.save_model`` write the folder and its environment files, then puts the
``.keras`` file where ``mlflow.keras`` reads it and adds the ``keras`` flavour
(``Model.add_flavor``): the folder ``mlflow.keras.save_model`` writes (MLflow 3:
``data/model.keras``, ``data/keras_module.txt``, the ``keras`` and ``python_function``
entries of ``MLmodel``, ``conda.yaml``, ``python_env.yaml``, ``requirements.txt``).
:func:`save_pipeline` is ``mlflow.pyfunc.save_model(loader_module=..., data_path=...)``
itself. tests/track/test_flavors.py checks both against the installed MLflow and loads
them back with MLflow's loaders.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

KERAS_FLAVOR = "keras"
DATA = "data"  # the folder mlflow.keras reads (its _MODEL_DATA_PATH)
MODEL = "model.keras"  # its _MODEL_SAVE_PATH + ".keras"
MODULE_FILE = "keras_module.txt"  # its _KERAS_MODULE_SPEC_PATH
MLMODEL = "MLmodel"
UV_AUTO_DETECT = "MLFLOW_UV_AUTO_DETECT"  # documented in mlflow.pyfunc.save_model


@contextlib.contextmanager
def _no_project_files() -> Iterator[None]:
    """MLflow (3.17+) copies ``uv.lock`` and ``pyproject.toml`` from the working folder into
    every model it saves: a local file in the record (the model's requirements are pinned
    here instead)."""
    before = os.environ.get(UV_AUTO_DETECT)
    os.environ[UV_AUTO_DETECT] = "false"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(UV_AUTO_DETECT, None)
        else:
            os.environ[UV_AUTO_DETECT] = before


def save_keras(
    path: str,
    mlflow_model: Any,
    keras_file: Path,
    keras_version: str,
    keras_backend: str,
    pip_requirements: Sequence[str],
    signature: Any = None,
    input_example: Any = None,
) -> None:
    """Write MLflow's ``keras`` model folder at ``path`` around a copy of ``keras_file``."""
    from mlflow import pyfunc

    with _no_project_files():
        pyfunc.save_model(
            path,
            loader_module="mlflow.keras",
            mlflow_model=mlflow_model,
            signature=signature,
            input_example=input_example,
            pip_requirements=list(pip_requirements),
        )
    data = Path(path) / DATA
    data.mkdir()
    (data / MODULE_FILE).write_text("keras")
    shutil.copyfile(keras_file, data / MODEL)
    # The entry mlflow.keras writes names no data or code: its loader is given the model's
    # own folder and reads the keras flavour's "data". The folder's size is its data's.
    entry = mlflow_model.flavors[pyfunc.FLAVOR_NAME]
    for key in ("data", "code", "streamable"):
        entry.pop(key, None)
    mlflow_model.add_flavor(
        KERAS_FLAVOR,
        data=DATA,
        keras_version=keras_version,
        keras_backend=keras_backend,
        save_exported_model=False,
    )
    mlflow_model.model_size_bytes = sum(f.stat().st_size for f in data.rglob("*") if f.is_file())
    mlflow_model.save(str(Path(path) / MLMODEL))


def save_pipeline(
    path: str,
    mlflow_model: Any,
    loader_module: str,
    data: str,
    files: Sequence[Path],
    pip_requirements: Sequence[str],
    signature: Any = None,
    input_example: Any = None,
    pack: bool = False,
) -> None:
    """Write a ``pyfunc`` model folder at ``path``: ``loader_module`` loads the folder
    ``data/<data>`` holding copies of ``files``; ``pack``: dlpipe's code goes with it
    (:func:`pack_code`; MLflow puts it on ``sys.path`` when loading)."""
    from mlflow import pyfunc

    with tempfile.TemporaryDirectory() as tmp, _no_project_files():
        folder = Path(tmp) / data
        folder.mkdir()
        for file in files:
            shutil.copyfile(file, folder / Path(file).name)
        pyfunc.save_model(
            path,
            loader_module=loader_module,
            data_path=str(folder),
            mlflow_model=mlflow_model,
            signature=signature,
            input_example=input_example,
            code_paths=[str(pack_code(Path(tmp)))] if pack else None,
            pip_requirements=list(pip_requirements),
        )


def pack_code(into: Path) -> Path:
    """A copy of dlpipe's Python files (no configs, no byte code) in ``into``: what the
    pipeline model's loader (:mod:`dlpipe.track.pyfunc`) imports, so that the model loads
    where dlpipe is not installed (~0.8 MB, ~0.02 s). Made for each model, in the
    folder it is written from, so that nothing outlives it."""
    import dlpipe

    def not_code(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        return {
            n
            for n in names
            if n in ("__pycache__", "conf") or ((here / n).is_file() and not n.endswith(".py"))
        }

    folder = into / "dlpipe"
    shutil.copytree(Path(dlpipe.__file__).parent, folder, ignore=not_code)
    return folder


def warm_up(pip_requirements: Sequence[str]) -> None:
    """Save a throw-away model once, so that a run's end finds MLflow's environment files
    worked out (the first ``save_model`` of a process reads every package's metadata)."""
    from mlflow.models import Model

    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "x"
        empty.write_bytes(b"")
        save_pipeline(
            str(Path(tmp) / "m"),
            Model(),
            "dlpipe.track.pyfunc",
            "d",
            [empty],
            pip_requirements,
            pack=True,
        )
