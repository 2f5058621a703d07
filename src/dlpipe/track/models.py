"""Log the trained model once: for a table, a ``pyfunc`` that wraps preprocessing + model
(raw rows in, label names out); for other data, the Keras flavour (tensors in/out). It
carries a signature, an input example, and the run's final metrics (test split,
objective) as its metrics. The table's model loads without dlpipe installed: the code it
needs is packed into it (``code_paths``, :func:`~dlpipe.track.flavors.pack_code`).

Both are written from the files the training saved, so the recorder process beside the
training can log them without importing Keras (:mod:`dlpipe.track.flavors`). The pip
requirements are pinned from this environment: letting MLflow infer them loads the model
in a subprocess, which costs ~17 s per run here.

Logged with the run's client rather than ``mlflow.models.Model.log``, which on top of the
same steps switches the fluent tracking URI, reads the run back three times, re-reads every
metric history to copy the first epoch's metrics to the model, and works out the
environment files again for each model: ~0.1 s of CPU per run, at the end of the run.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # (pandas is imported where it is used: the training's start-up on
    import pandas as pd  # image data, which reads which models to expect, needs none)

KERAS_MODEL = "keras"
PIPELINE_MODEL = "pipeline"
REQUIREMENTS = (
    ("tensorflow-cpu", "tensorflow"),
    ("keras",),
    ("mlflow",),
    ("scikit-learn",),
    ("pandas",),
    ("numpy",),
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


@functools.cache
def pip_requirements() -> tuple[str, ...]:
    """Pinned versions of what loading the models needs, read from this environment
    (once: it does not change while a process runs)."""
    pins = []
    for names in REQUIREMENTS:
        for name in names:
            try:
                pins.append(f"{name}=={version(name)}")
                break
            except PackageNotFoundError:
                continue
    return tuple(pins)


@dataclass(frozen=True)
class ModelRecord:
    """What logging the two models needs, without the live Keras model: the folder with
    ``model.keras`` and ``preprocessor.pkl``, and a few inputs with the outputs they
    give (the signatures)."""

    folder: Path
    x_sample: np.ndarray
    scores: np.ndarray  # the model's outputs for x_sample
    keras_version: str
    keras_backend: str
    # The pipeline model (raw rows in): a raw row's columns (type, name, required), its
    # decoded outputs for x_sample, and a few raw rows (its input example). None: no
    # pipeline model (not a table).
    raw_columns: list[tuple[str, str, bool]] | None = None
    decoded: pd.DataFrame | None = None
    example: pd.DataFrame | None = None
    # The run's final metrics and when they were logged: the models' metrics too.
    metrics: Mapping[str, float] = field(default_factory=dict)
    metrics_at_ms: int = 0
    # (name, alias): register the model in the Model Registry (tracking.register).
    register: tuple[str, str] | None = None


def model_record(
    model: Any,
    preprocessor: Any,
    folder: Path,
    raw: pd.DataFrame | None,
    x_sample: np.ndarray,
    scores: np.ndarray | None = None,
    metrics: Mapping[str, float] | None = None,
    metrics_at_ms: int = 0,
    register: tuple[str, str] | None = None,
) -> ModelRecord:
    """Read off the trained model, in the training process, what :func:`log_models` needs
    (``scores``: the model's outputs for ``x_sample``, when they are at hand; ``metrics``:
    the run's final ones, logged at ``metrics_at_ms``)."""
    import keras

    if scores is None:
        from dlpipe.training.fit import outputs

        scores = outputs(model, x_sample)
    table = _table(raw, preprocessor)
    return ModelRecord(
        folder=Path(folder),
        x_sample=x_sample,
        scores=scores,
        keras_version=keras.__version__,
        keras_backend=keras.backend.backend(),
        raw_columns=raw_columns(raw, preprocessor) if table else None,
        decoded=preprocessor.decode_scores(scores) if table else None,
        example=input_example(raw, preprocessor) if table else None,
        metrics=dict(metrics or {}),
        metrics_at_ms=metrics_at_ms,
        register=register,
    )


def raw_columns(raw: pd.DataFrame, preprocessor: Any) -> list[tuple[str, str, bool]]:
    """The columns a raw row must (feature columns) or may (dropped ones) have, typed.
    A number column is MLflow's ``any``: its ``double`` refuses whole numbers (a CSV of
    them reads as int64, "Can not safely convert int64 to float64"), and its ``long``
    refuses a gap; the model's own check names a value that is not a number."""
    import pandas as pd

    needed = set(preprocessor.feature_columns)
    columns = []
    for name in raw.columns:
        if name == preprocessor.target:
            continue
        series = raw[name]
        if pd.api.types.is_bool_dtype(series):
            kind = "boolean"
        elif pd.api.types.is_numeric_dtype(series):
            kind = "any"
        else:
            kind = "string"
        columns.append((kind, str(name), name in needed))
    return columns


def input_example(raw: pd.DataFrame, preprocessor: Any, rows: int = 3) -> pd.DataFrame:
    """A few raw rows, without the target: what the pipeline model takes."""
    return raw.drop(columns=[preprocessor.target], errors="ignore").head(rows)


def model_names(raw: pd.DataFrame | None, preprocessor: Any) -> list[str]:
    """The one model a run logs: the pipeline for a table (raw rows that the fitted
    preprocessing prepares), else the Keras model."""
    return [PIPELINE_MODEL] if _table(raw, preprocessor) else [KERAS_MODEL]


def _table(raw: pd.DataFrame | None, preprocessor: Any) -> bool:
    return raw is not None and preprocessor.kind == "table"


def reserve_models(
    client: Any, run_id: str, experiment_id: str, names: list[str], resumed: bool = False
) -> dict[str, Any]:
    """The run's logged models, created ``PENDING`` ahead of its end (while the training
    trains: ~20 ms of MLflow's CPU each); :func:`log_models` fills them in, and
    :func:`discard_models` deletes those a run that ended early never filled. A
    ``resumed`` run first deletes the ones an earlier attempt left (killed before it could
    delete them, or before its record was complete): the run ends with one of each."""
    if resumed:
        earlier = client.search_logged_models(
            [experiment_id], filter_string=f"source_run_id = '{run_id}'"
        )
        discard_models(client, {m.model_id: m for m in earlier if m.name in names})
    return {
        name: client.create_logged_model(experiment_id, name=name, source_run_id=run_id)
        for name in names
    }


def discard_models(client: Any, reserved: Mapping[str, Any]) -> None:
    """Delete reserved models that were never logged (the run ended before its end)."""
    for model in reserved.values():
        client.delete_logged_model(model.model_id)


def log_models(
    client: Any,
    run_id: str,
    experiment_id: str,
    models: ModelRecord,
    reserved: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """Log the run's model into the run (into the ``reserved`` one where given); returns
    its ``models:/`` URI by name. Reserved models left unlogged are deleted."""
    unused = dict(reserved or {})
    try:
        with quiet():
            return _log_models(client, run_id, experiment_id, models, unused)
    finally:
        with contextlib.suppress(Exception):  # (not to hide why logging failed)
            discard_models(client, unused)


def _log_models(
    client: Any,
    run_id: str,
    experiment_id: str,
    models: ModelRecord,
    reserved: dict[str, Any],
) -> dict[str, str]:
    from mlflow.models import ModelSignature, infer_signature
    from mlflow.types import ColSpec, Schema
    from mlflow.types.schema import AnyType

    from dlpipe.track import flavors
    from dlpipe.track.run_files import MODEL_FILE, PREPROCESSOR_FILE

    requirements = pip_requirements()
    logged = {}

    if models.raw_columns is None:

        def keras_folder(path: str, mlflow_model: Any) -> None:
            flavors.save_keras(
                path,
                mlflow_model,
                models.folder / MODEL_FILE,
                models.keras_version,
                models.keras_backend,
                requirements,
                signature=infer_signature(models.x_sample, models.scores),
                input_example=models.x_sample[:2],
            )

        logged[KERAS_MODEL] = log_model(
            client,
            run_id,
            experiment_id,
            KERAS_MODEL,
            keras_folder,
            reserved.pop(KERAS_MODEL, None),
        )
    else:
        signature = ModelSignature(
            inputs=Schema(
                [
                    ColSpec(AnyType() if kind == "any" else kind, name, required=required)
                    for kind, name, required in models.raw_columns
                ]
            ),
            outputs=infer_signature(None, models.decoded).outputs,
        )

        def pipeline_folder(path: str, mlflow_model: Any) -> None:
            files = [models.folder / name for name in (MODEL_FILE, PREPROCESSOR_FILE)]
            flavors.save_pipeline(
                path,
                mlflow_model,
                "dlpipe.track.pyfunc",
                "pipeline",
                files,
                requirements,
                signature,
                input_example=models.example,
                pack=True,
            )

        logged[PIPELINE_MODEL] = log_model(
            client,
            run_id,
            experiment_id,
            PIPELINE_MODEL,
            pipeline_folder,
            reserved.pop(PIPELINE_MODEL, None),
        )
    link_metrics(client, run_id, list(logged.values()), models.metrics, models.metrics_at_ms)
    return {name: f"models:/{model_id}" for name, model_id in logged.items()}


def log_model(
    client: Any,
    run_id: str,
    experiment_id: str,
    name: str,
    write: Callable[[str, Any], None],
    model: Any = None,
) -> str:
    """One logged model of the run, its folder written by ``write(path, mlflow_model)``;
    returns its id. What ``mlflow.models.Model.log`` does, with the client we hold: a
    model created ``PENDING`` (or the one reserved, ``model``) as the run's output, its
    files uploaded, then ``READY`` (``FAILED`` if writing or uploading failed)."""
    from mlflow.entities import LoggedModelOutput, LoggedModelStatus
    from mlflow.models import Model

    if model is None:
        model = client.create_logged_model(experiment_id, name=name, source_run_id=run_id)
    try:
        client.log_outputs(run_id, [LoggedModelOutput(model.model_id, step=0)])
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "model")
            write(
                path,
                Model(
                    artifact_path=model.artifact_location,
                    model_uuid=model.model_id,
                    run_id=run_id,
                    model_id=model.model_id,
                ),
            )
            client.log_model_artifacts(model.model_id, path)
    except BaseException:
        client.finalize_logged_model(model.model_id, LoggedModelStatus.FAILED)
        raise
    client.finalize_logged_model(model.model_id, LoggedModelStatus.READY)
    return model.model_id


def link_metrics(
    client: Any, run_id: str, model_ids: list[str], metrics: Mapping[str, float], at_ms: int
) -> None:
    """The run's final metrics (the test split's, as logged at ``at_ms``) as the models'
    metrics too (the run keeps one copy)."""
    from mlflow.entities import Metric

    batch = [
        Metric(key, float(value), at_ms, 0, run_id=run_id, model_id=model_id)
        for model_id in model_ids
        for key, value in metrics.items()
    ]
    if batch:
        client.log_batch(run_id, metrics=batch)


def register_model(client: Any, run_id: str, model_id: str, name: str, alias: str) -> str:
    """A new version of the registered model ``name`` (created the first time) from the
    run's logged model, with ``alias`` pointing at it; returns its version. What
    ``mlflow.register_model`` does, with the client we hold (no global tracking URI)."""
    import json

    from mlflow.exceptions import MlflowException

    try:
        client.create_registered_model(name)
    except MlflowException as exc:
        if exc.error_code not in ("RESOURCE_ALREADY_EXISTS", "ALREADY_EXISTS"):
            raise
    # its files' own location: a models:/ source would be looked up in the process's
    # global tracking store, not this client's
    source = client.get_logged_model(model_id).artifact_location
    version = client.create_model_version(
        name, source=source, run_id=run_id, model_id=model_id
    ).version
    client.set_registered_model_alias(name, alias, version)
    # the logged model names its versions, as mlflow.register_model writes it
    client.set_logged_model_tags(
        model_id, {"mlflow.modelVersions": json.dumps([{"name": name, "version": version}])}
    )
    return str(version)
