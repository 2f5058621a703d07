"""`dlpipe predict`: a trained run's preprocessing + model applied to new raw data.

The same :func:`predictions_frame` serves the CLI and the MLflow ``pyfunc`` model, so a
CSV written by ``dlpipe predict`` and an answer of ``mlflow models serve`` agree.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dlpipe.errors import ConfigError, DataError, TrackingError

log = logging.getLogger("dlpipe")

MODEL_FILE = "model.keras"
PREPROCESSOR_FILE = "preprocessor.joblib"
# Where `pipeline.train` logs the two files in the MLflow run.
RUN_ARTIFACTS = {
    MODEL_FILE: "model/model.keras",
    PREPROCESSOR_FILE: "preprocess/preprocessor.joblib",
}


@dataclass
class LoadedRun:
    """A trained run, ready to predict; the Keras model loads on first use (after the
    input has been checked, so a wrong input fails fast, before TensorFlow starts)."""

    folder: Path
    preprocessor: Any
    config: dict[str, Any]
    source: str

    @cached_property
    def model(self) -> Any:
        """The trained Keras model."""
        from dlpipe.train.runtime import import_keras

        import_keras()
        import keras

        return keras.saving.load_model(self.folder / MODEL_FILE, compile=False, safe_mode=True)


def predictions_frame(model: Any, preprocessor: Any, raw: pd.DataFrame) -> pd.DataFrame:
    """Predictions for raw input rows: the label names (and class probabilities), or values.

    One row per input row (tables, images, texts); for a time series one prediction per
    full window, on the window's last row (the rows before it stay empty).
    """
    if getattr(preprocessor, "feature_columns", None) is None:
        x, rows = _model_inputs(preprocessor, raw)
        out = decode_scores(np.asarray(model.predict(x, verbose=0)), preprocessor)
        if rows is None:
            return out
        out.index = rows
        return out.reindex(raw.index).reset_index(drop=True)
    raw = _ready_for_row_steps(raw, preprocessor)
    rows = preprocessor.prepare(raw)
    complete = _complete_rows(rows, preprocessor)
    if not complete.any():
        raise DataError(
            "every input row has a missing value in a feature column",
            where="input",
            hint="fill in the missing values",
        )
    x = preprocessor.transform(rows[complete] if not complete.all() else rows)
    out = decode_scores(np.asarray(model.predict(x, verbose=0)), preprocessor)
    if complete.all():
        return out
    log.warning("%d input rows have missing values: no prediction for them", (~complete).sum())
    out.index = np.flatnonzero(complete)
    return out.reindex(range(len(rows)))


def _model_inputs(preprocessor: Any, raw: pd.DataFrame) -> tuple[np.ndarray, Any]:
    """Model input for images (a ``path`` column), texts and series; for series also the
    input row each window's prediction belongs to."""
    if hasattr(preprocessor, "load_image"):
        return preprocessor.transform(preprocessor.prepare(raw["path"].tolist())), None
    if hasattr(preprocessor, "window"):
        rows = preprocessor.prepare(raw)
        ends = preprocessor.starts(len(rows), with_target=False) + preprocessor.window - 1
        return preprocessor.transform(rows), rows.index[ends]
    return preprocessor.transform(preprocessor.prepare(raw)), None


def _complete_rows(rows: pd.DataFrame, preprocessor: Any) -> np.ndarray:
    """Rows the model can predict: no missing value in a feature column (tables only)."""
    return rows[preprocessor.feature_columns].notna().all(axis=1).to_numpy()


def decode_scores(scores: np.ndarray, preprocessor: Any) -> pd.DataFrame:
    """Model outputs → ``prediction`` (original labels) + ``probability_<class>`` columns."""
    if preprocessor.task == "regression":
        if hasattr(preprocessor, "window"):  # series: back to the target's own units
            return pd.DataFrame({"prediction": preprocessor.decode(scores)})
        if scores.ndim == 2 and scores.shape[1] > 1:
            return pd.DataFrame(scores, columns=[f"prediction_{i}" for i in range(scores.shape[1])])
        return pd.DataFrame({"prediction": scores.reshape(-1).astype(float)})
    classes = list(preprocessor.classes)
    if preprocessor.task == "binary" and (scores.ndim == 1 or scores.shape[1] == 1):
        positive = scores.reshape(-1).astype(float)
        probabilities = np.column_stack([1.0 - positive, positive])
    else:
        probabilities = scores.astype(float)
    labels = np.argmax(probabilities, axis=1)
    out = pd.DataFrame({"prediction": preprocessor.decode(labels)})
    for index, name in enumerate(classes):
        out[f"probability_{name}"] = probabilities[:, index]
    return out


def _ready_for_row_steps(raw: pd.DataFrame, preprocessor: Any) -> pd.DataFrame:
    """Check the input has every feature column; columns the config drops may be absent."""
    features = getattr(preprocessor, "feature_columns", None)
    steps = getattr(preprocessor, "preprocess", None) or {}
    if features is None:
        return raw
    lower = bool((steps.get("clean") or {}).get("lower_column_names"))
    have = {str(c).lower() if lower else str(c) for c in raw.columns}
    missing = [c for c in features if (c.lower() if lower else c) not in have]
    if missing:
        raise DataError(
            f"the input has no column {', '.join(map(repr, missing))}",
            where="input",
            hint=f"the model needs the columns: {', '.join(features)}",
        )
    out = raw.copy()
    for column in steps.get("drop") or []:
        if column not in out.columns:
            out[column] = np.nan
    return out


def load_run(run: str, tracking_uri: str | None = None) -> LoadedRun:
    """A run from its Hydra output folder, or from MLflow by run id."""
    import joblib

    folder = Path(run)
    if folder.is_dir():
        source = str(folder)
    else:
        folder = _download_run_files(run, tracking_uri)
        source = f"run {run}"
    for name in (MODEL_FILE, PREPROCESSOR_FILE):
        if not (folder / name).is_file():
            raise DataError(
                f"{folder / name} does not exist",
                where="run",
                hint="give a run folder written by training (e.g. outputs/<date>/<time>) or a run id",
            )
    config = _read_config(folder)
    return LoadedRun(
        folder=folder,
        preprocessor=joblib.load(folder / PREPROCESSOR_FILE),
        config=config,
        source=source,
    )


def _read_config(folder: Path) -> dict[str, Any]:
    from omegaconf import OmegaConf

    for candidate in (folder / ".hydra" / "config.yaml", folder / "config.yaml"):
        if candidate.is_file():
            return OmegaConf.to_container(OmegaConf.load(candidate), resolve=False)
    return {}


def _download_run_files(run_id: str, tracking_uri: str | None) -> Path:
    from mlflow.exceptions import MlflowException

    from dlpipe.track.store import client as mlflow_client
    from dlpipe.track.store import quiet_mlflow, resolve_uri

    quiet_mlflow()
    uri = resolve_uri(tracking_uri)
    client = mlflow_client(uri)
    try:
        client.get_run(run_id)
    except MlflowException:
        raise TrackingError(
            f"no run {run_id!r} in {uri}",
            where="run",
            hint="give a run id from `dlpipe compare` (or the MLflow UI), or a run folder; "
            "set tracking.uri=... if the run is in another store",
        ) from None
    folder = Path(tempfile.mkdtemp(prefix="dlpipe-run-"))
    for name, artifact in [*RUN_ARTIFACTS.items(), ("config.yaml", "config.yaml")]:
        try:
            local = Path(client.download_artifacts(run_id, artifact, str(folder)))
        except (MlflowException, OSError):
            continue
        if local != folder / name:
            local.replace(folder / name)
    return folder


def read_input(path: Path, loaded: LoadedRun) -> pd.DataFrame:
    """The raw rows to predict: a CSV for tables; a preprocessor may read its own kinds."""
    if not path.exists():
        raise DataError(f"{path} does not exist", where="input", hint="give a CSV file")
    reader = getattr(loaded.preprocessor, "read_input", None)
    if callable(reader):
        return reader(path)
    if hasattr(loaded.preprocessor, "load_image"):  # an image file or a folder of them
        from dlpipe.preprocess.images import image_files

        return pd.DataFrame({"path": [str(p) for p in image_files(path)]})
    column = getattr(loaded.preprocessor, "column", None)
    if column and path.suffix.lower() == ".txt":  # one text per line
        return pd.DataFrame({column: path.read_text().splitlines()})
    data = loaded.config.get("data") or {}
    try:
        return pd.read_csv(path, sep=data.get("sep") or ",", encoding=data.get("encoding") or None)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"cannot read {path}: {exc}", where="input") from None


def parse_args(args: list[str], allowed: tuple[str, ...]) -> dict[str, str]:
    """``key=value`` arguments (the verbs outside Hydra use the same style)."""
    out: dict[str, str] = {}
    for arg in args:
        key, sep, value = arg.partition("=")
        if not sep or key not in allowed:
            raise ConfigError(
                f"unexpected argument {arg!r}",
                hint=f"accepted: {', '.join(k + '=...' for k in allowed)}",
            )
        out[key] = value
    return out


def predict_command(args: list[str]) -> int:
    """`dlpipe predict run=<run id or dir> input=<file> [output=<file>] [tracking.uri=...]`."""
    options = parse_args(args, ("run", "input", "output", "tracking.uri"))
    for key in ("run", "input"):
        if not options.get(key):
            raise ConfigError(
                "required", where=key, hint="e.g. dlpipe predict run=<run id> input=new.csv"
            )
    loaded = load_run(options["run"], options.get("tracking.uri"))
    raw = read_input(Path(options["input"]), loaded)
    _ready_for_row_steps(raw, loaded.preprocessor)  # a missing column fails before Keras loads
    predictions = predictions_frame(loaded.model, loaded.preprocessor, raw)
    output = Path(options.get("output") or "predictions.csv")
    output.parent.mkdir(parents=True, exist_ok=True)
    result = pd.concat([raw.reset_index(drop=True), predictions], axis=1)
    result.to_csv(output, index=False)
    print(predictions.head(10).to_string(index=False))
    done = int(predictions.notna().all(axis=1).sum())
    skipped = f" ({len(predictions) - done} rows without one)" if done < len(predictions) else ""
    print(f"predicted {done} rows{skipped} with {loaded.source} → {output}")
    return 0
