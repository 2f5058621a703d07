"""Log the trained model twice: the Keras flavour (tensors in/out) and a ``pyfunc`` that
wraps preprocessing + model (raw rows in, label names out). Both carry a signature.

The pip requirements are passed explicitly: letting MLflow infer them loads the model in
a subprocess, which costs ~17 s per run here.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
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


def raw_input_schema(raw: pd.DataFrame, preprocessor: Any) -> Any:
    """The columns a raw row must (feature columns) or may (dropped ones) have."""
    from mlflow.types import ColSpec, Schema

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
        columns.append(ColSpec(kind, str(name), required=name in needed))
    return Schema(columns)


def log_models(
    recorder: Any, model: Any, preprocessor: Any, output_dir: Path, raw: Any, x_sample: np.ndarray
) -> dict[str, str]:
    """Log both models into the run; returns their ``models:/`` URIs by name."""
    if getattr(recorder, "client", None) is None:
        return {}
    with quiet():
        return _log_models(recorder, model, preprocessor, output_dir, raw, x_sample)


def _log_models(
    recorder: Any, model: Any, preprocessor: Any, output_dir: Path, raw: Any, x_sample: np.ndarray
) -> dict[str, str]:
    import mlflow
    import mlflow.keras
    from mlflow.models import Model, ModelSignature, infer_signature

    from dlpipe.predict import MODEL_FILE, PREPROCESSOR_FILE, decode_scores

    mlflow.set_tracking_uri(recorder.uri)  # Model.log resolves the store from the fluent URI
    client, run_id = recorder.client, recorder.run_id
    experiment_id = client.get_run(run_id).info.experiment_id
    requirements = pip_requirements()
    scores = np.asarray(model.predict(x_sample, verbose=0))
    uris = {}

    keras_model = client.create_logged_model(experiment_id, name=KERAS_MODEL, source_run_id=run_id)
    Model.log(
        artifact_path=None,
        name=KERAS_MODEL,
        flavor=mlflow.keras,
        run_id=run_id,
        model_id=keras_model.model_id,
        model=model,
        signature=infer_signature(x_sample, scores),
        pip_requirements=requirements,
    )
    uris[KERAS_MODEL] = f"models:/{keras_model.model_id}"

    if raw is not None and hasattr(preprocessor, "prepare"):
        signature = ModelSignature(
            inputs=raw_input_schema(raw, preprocessor),
            outputs=infer_signature(None, decode_scores(scores, preprocessor)).outputs,
        )
        pipeline = client.create_logged_model(
            experiment_id, name=PIPELINE_MODEL, source_run_id=run_id
        )
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "pipeline"
            data.mkdir()
            for name in (MODEL_FILE, PREPROCESSOR_FILE):
                shutil.copy(output_dir / name, data / name)
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
