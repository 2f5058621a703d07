"""MLflow's ``keras`` flavour written from a saved ``.keras`` file, without importing Keras.

``mlflow.keras.save_model`` takes the live model and imports Keras (seconds of start-up);
the recorder process beside the training has only the file the training saved. This
writes the folder ``mlflow.keras.save_model`` writes (MLflow 3: ``data/model.keras``,
``data/keras_module.txt``, the ``keras`` and ``python_function`` entries of ``MLmodel``,
``conda.yaml``, ``python_env.yaml``, ``requirements.txt``), so ``mlflow.keras.load_model``
and ``mlflow.pyfunc.load_model`` read it as their own; tests/track/test_models.py checks
that against the installed MLflow. Used as ``Model.log(flavor=keras_flavor, ...)``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

FLAVOR_NAME = "keras"
DATA = "data"  # the folder mlflow.keras reads (its _MODEL_DATA_PATH)
MODEL = "model.keras"  # its _MODEL_SAVE_PATH + ".keras"
MODULE_FILE = "keras_module.txt"  # its _KERAS_MODULE_SPEC_PATH


def save_model(
    path: str,
    mlflow_model: Any,
    keras_file: Path,
    keras_version: str,
    keras_backend: str,
    signature: Any = None,
    pip_requirements: list[str] | None = None,
) -> None:
    """Write the MLflow model folder at ``path`` around a copy of ``keras_file``."""
    import yaml
    from mlflow import pyfunc
    from mlflow.models.model import MLMODEL_FILE_NAME
    from mlflow.utils.environment import (
        _CONDA_ENV_FILE_NAME,
        _PYTHON_ENV_FILE_NAME,
        _REQUIREMENTS_FILE_NAME,
        _process_pip_requirements,
        _PythonEnv,
    )
    from mlflow.utils.file_utils import get_total_file_size, write_to

    data = Path(path) / DATA
    data.mkdir(parents=True)
    (data / MODULE_FILE).write_text("keras")
    shutil.copyfile(keras_file, data / MODEL)
    if signature is not None:
        mlflow_model.signature = signature
    mlflow_model.add_flavor(
        FLAVOR_NAME,
        data=DATA,
        keras_version=keras_version,
        keras_backend=keras_backend,
        save_exported_model=False,
    )
    pyfunc.add_to_model(
        mlflow_model,
        loader_module="mlflow.keras",
        conda_env=_CONDA_ENV_FILE_NAME,
        python_env=_PYTHON_ENV_FILE_NAME,
    )
    if size := get_total_file_size(path):
        mlflow_model.model_size_bytes = size
    mlflow_model.save(os.path.join(path, MLMODEL_FILE_NAME))
    conda_env, requirements, _ = _process_pip_requirements(
        [f"keras=={keras_version}"], pip_requirements
    )
    with open(os.path.join(path, _CONDA_ENV_FILE_NAME), "w") as handle:
        yaml.safe_dump(conda_env, stream=handle, default_flow_style=False)
    write_to(os.path.join(path, _REQUIREMENTS_FILE_NAME), "\n".join(requirements))
    _PythonEnv.current().to_yaml(os.path.join(path, _PYTHON_ENV_FILE_NAME))
