"""Log the trained model twice: the Keras flavour (tensors in/out) and a ``pyfunc`` that
wraps preprocessing + model (raw rows in, label names out). Both carry a signature.

Both are written from the files the training saved, so the recorder process beside the
training can log them without importing Keras (:mod:`dlpipe.track.keras_flavor`). The
pip requirements are passed explicitly: letting MLflow infer them loads the model in a
subprocess, which costs ~17 s per run here.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

KERAS_MODEL = "keras"
PIPELINE_MODEL = "pipeline"
REQUIREMENTS = (
    ("tensorflow-cpu", "tensorflow"),
    ("keras",),
    ("mlflow",),
    ("scikit-learn",),
    ("pandas",),
    ("numpy",),
    ("joblib",),
    ("cloudpickle",),
)


@contextmanager
def quiet() -> Iterator[None]:
    """Hide MLflow's advice aimed at notebook users (type hints, input examples, pickling)."""
    logger = logging.getLogger("mlflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def pip_requirements() -> list[str]:
    """Pinned versions of what loading the models needs, read from this environment."""
    pins = []
    for names in REQUIREMENTS:
        for name in names:
            try:
                pins.append(f"{name}=={version(name)}")
                break
            except PackageNotFoundError:
                continue
    return pins


@dataclass(frozen=True)
class ModelRecord:
    """What logging the two models needs, without the live Keras model: the folder with
    ``model.keras`` and ``preprocessor.joblib``, and a few inputs with the outputs they
    give (the signatures)."""

    folder: Path
    x_sample: np.ndarray
    scores: np.ndarray  # the model's outputs for x_sample
    keras_version: str
    keras_backend: str
    # The pipeline model (raw rows in): a raw row's columns (type, name, required) and
    # its decoded outputs for x_sample. None: no pipeline model (not a table).
    raw_columns: list[tuple[str, str, bool]] | None = None
    decoded: pd.DataFrame | None = None


def model_record(
    model: Any,
    preprocessor: Any,
    folder: Path,
    raw: pd.DataFrame | None,
    x_sample: np.ndarray,
    scores: np.ndarray | None = None,
) -> ModelRecord:
    """Read off the trained model, in the training process, what :func:`log_models` needs
    (``scores``: the model's outputs for ``x_sample``, when they are at hand)."""
    import keras

    from dlpipe.predict import decode_scores

    if scores is None:
        from dlpipe.train.fit import outputs

        scores = outputs(model, x_sample)
    table = raw is not None and hasattr(preprocessor, "prepare")
    return ModelRecord(
        folder=Path(folder),
        x_sample=x_sample,
        scores=scores,
        keras_version=keras.__version__,
        keras_backend=keras.backend.backend(),
        raw_columns=raw_columns(raw, preprocessor) if table else None,
        decoded=decode_scores(scores, preprocessor) if table else None,
    )


def raw_columns(raw: pd.DataFrame, preprocessor: Any) -> list[tuple[str, str, bool]]:
    """The columns a raw row must (feature columns) or may (dropped ones) have, typed."""
    needed = set(getattr(preprocessor, "feature_columns", None) or raw.columns)
    columns = []
    for name in raw.columns:
        if name == getattr(preprocessor, "target", None):
            continue
        series = raw[name]
        if pd.api.types.is_bool_dtype(series):
            kind = "boolean"
        elif pd.api.types.is_integer_dtype(series):
            kind = "long"
        elif pd.api.types.is_numeric_dtype(series):
            kind = "double"
        else:
            kind = "string"
        columns.append((kind, str(name), name in needed))
    return columns


def log_models(client: Any, run_id: str, uri: str, models: ModelRecord) -> dict[str, str]:
    """Log both models into the run; returns their ``models:/`` URIs by name."""
    with quiet():
        return _log_models(client, run_id, uri, models)


def _log_models(client: Any, run_id: str, uri: str, models: ModelRecord) -> dict[str, str]:
    import mlflow
    from mlflow.models import Model, ModelSignature, infer_signature
    from mlflow.types import ColSpec, Schema

    from dlpipe.predict import MODEL_FILE, PREPROCESSOR_FILE
    from dlpipe.track import keras_flavor

    mlflow.set_tracking_uri(uri)  # Model.log resolves the store from the fluent URI
    experiment_id = client.get_run(run_id).info.experiment_id
    requirements = pip_requirements()
    uris = {}

    keras_model = client.create_logged_model(experiment_id, name=KERAS_MODEL, source_run_id=run_id)
    Model.log(
        artifact_path=None,
        name=KERAS_MODEL,
        flavor=keras_flavor,
        run_id=run_id,
        model_id=keras_model.model_id,
        keras_file=models.folder / MODEL_FILE,
        keras_version=models.keras_version,
        keras_backend=models.keras_backend,
        signature=infer_signature(models.x_sample, models.scores),
        pip_requirements=requirements,
    )
    uris[KERAS_MODEL] = f"models:/{keras_model.model_id}"

    if models.raw_columns is not None:
        signature = ModelSignature(
            inputs=Schema([ColSpec(k, name, required=r) for k, name, r in models.raw_columns]),
            outputs=infer_signature(None, models.decoded).outputs,
        )
        pipeline = client.create_logged_model(
            experiment_id, name=PIPELINE_MODEL, source_run_id=run_id
        )
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "pipeline"
            data.mkdir()
            for name in (MODEL_FILE, PREPROCESSOR_FILE):
                shutil.copy(models.folder / name, data / name)
            Model.log(
                artifact_path=None,
                name=PIPELINE_MODEL,
                flavor=mlflow.pyfunc,
                run_id=run_id,
                model_id=pipeline.model_id,
                loader_module="dlpipe.track.pyfunc",
                data_path=str(data),
                signature=signature,
                pip_requirements=requirements,
            )
        uris[PIPELINE_MODEL] = f"models:/{pipeline.model_id}"
    return uris
