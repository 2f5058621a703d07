"""A fitted preprocessor around a trained model: raw rows in, decoded predictions out.

One path for `dlpipe predict` and the MLflow ``pyfunc`` model (and so ``mlflow models
serve``): the same rows give the same labels and probabilities everywhere.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from dlpipe.errors import DataError

log = logging.getLogger("dlpipe")


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
    raw = check_input_columns(raw, preprocessor)
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


def check_input_columns(raw: pd.DataFrame, preprocessor: Any) -> pd.DataFrame:
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
