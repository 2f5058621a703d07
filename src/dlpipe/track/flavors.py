"""The two MLflow model folders, written from the files the training saved.

``mlflow.keras.save_model`` takes the live model and imports Keras (seconds of start-up);
the recorder process beside the training has only the ``.keras`` file. :func:`save_keras`
writes the folder ``mlflow.keras.save_model`` writes (MLflow 3: ``data/model.keras``,
``data/keras_module.txt``, the ``keras`` and ``python_function`` entries of ``MLmodel``,
``conda.yaml``, ``python_env.yaml``, ``requirements.txt``), and :func:`save_pipeline` the
one ``mlflow.pyfunc.save_model(loader_module=..., data_path=...)`` writes, so MLflow's
loaders read them as their own (tests/track/test_flavors.py checks both against the
installed MLflow).

The environment files are the same for every model of a process (the pinned versions of
this environment): they are worked out once (:func:`environment`, ~15 ms of reading
package metadata) and written as text after that.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KERAS_FLAVOR = "keras"
DATA = "data"  # the folder mlflow.keras reads (its _MODEL_DATA_PATH)
MODEL = "model.keras"  # its _MODEL_SAVE_PATH + ".keras"
MODULE_FILE = "keras_module.txt"  # its _KERAS_MODULE_SPEC_PATH


@dataclass(frozen=True)
class Environment:
    """The text of a model folder's three environment files."""

    conda_yaml: str
    requirements_txt: str
    python_env_yaml: str


@functools.lru_cache(maxsize=8)
def environment(pip_requirements: tuple[str, ...]) -> Environment:
    """The environment files for these pins, as MLflow's ``save_model`` writes them."""
    import yaml

    from dlpipe.compat import mlflow_environment_files

    conda_env, requirements, current = mlflow_environment_files(pip_requirements)
    python_env = {k: v for k, v in current.items() if v}
    return Environment(
        conda_yaml=yaml.safe_dump(conda_env, default_flow_style=False),
        requirements_txt="\n".join(requirements),
        python_env_yaml=yaml.safe_dump(python_env, sort_keys=False, default_flow_style=False),
    )


def save_keras(
    path: str,
    mlflow_model: Any,
    keras_file: Path,
    keras_version: str,
    keras_backend: str,
    pip_requirements: Sequence[str],
    signature: Any = None,
) -> None:
    """Write MLflow's ``keras`` model folder at ``path`` around a copy of ``keras_file``."""
    data = Path(path) / DATA
    data.mkdir(parents=True)
    (data / MODULE_FILE).write_text("keras")
    shutil.copyfile(keras_file, data / MODEL)
    mlflow_model.signature = signature
    mlflow_model.add_flavor(
        KERAS_FLAVOR,
        data=DATA,
        keras_version=keras_version,
        keras_backend=keras_backend,
        save_exported_model=False,
    )
    _finish(path, mlflow_model, pip_requirements, "mlflow.keras")


def save_pipeline(
    path: str,
    mlflow_model: Any,
    loader_module: str,
    data: str,
    files: Sequence[Path],
    pip_requirements: Sequence[str],
    signature: Any = None,
) -> None:
    """Write a ``pyfunc`` model folder at ``path``: ``loader_module`` loads the folder
    ``data/<data>`` holding copies of ``files`` (what ``mlflow.pyfunc.save_model`` writes
    for a ``data_path`` folder of that name)."""
    folder = os.path.join(DATA, data)
    os.makedirs(os.path.join(path, folder))
    for file in files:
        shutil.copyfile(file, os.path.join(path, folder, Path(file).name))
    mlflow_model.signature = signature
    entry = {"data": folder, "code": None, "streamable": False}  # as mlflow.pyfunc writes it
    _finish(path, mlflow_model, pip_requirements, loader_module, **entry)


def _finish(
    path: str, mlflow_model: Any, pip_requirements: Sequence[str], loader_module: str, **entry: Any
) -> None:
    """The ``python_function`` entry (with ``entry``'s keys), ``MLmodel`` and the
    environment files."""
    from mlflow import pyfunc
    from mlflow.models.model import MLMODEL_FILE_NAME
    from mlflow.utils.file_utils import get_total_file_size

    from dlpipe.compat import mlflow_environment_file_names

    conda_file, python_env_file, requirements_file = mlflow_environment_file_names()

    pyfunc.add_to_model(
        mlflow_model,
        loader_module=loader_module,
        conda_env=conda_file,
        python_env=python_env_file,
    )
    mlflow_model.flavors[pyfunc.FLAVOR_NAME].update(entry)
    if size := get_total_file_size(path):
        mlflow_model.model_size_bytes = size
    mlflow_model.save(os.path.join(path, MLMODEL_FILE_NAME))
    files = environment(tuple(pip_requirements))
    for name, text in (
        (conda_file, files.conda_yaml),
        (requirements_file, files.requirements_txt),
        (python_env_file, files.python_env_yaml),
    ):
        Path(path, name).write_text(text)
