"""A fitted preprocessor around a trained model: raw rows in, decoded predictions out.

One path for `dlpipe predict` and the MLflow ``pyfunc`` model (and so ``mlflow models
serve``): the same rows give the same labels and probabilities everywhere.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dlpipe.preprocess.protocol import Preprocessor

UNSEEN = "unseen"  # the column naming a row's category values training never saw


def predictions_frame(model: Any, preprocessor: Preprocessor, raw: pd.DataFrame) -> pd.DataFrame:
    """Predictions for raw input rows: the label names (and class probabilities), or values.

    One row per input row (tables, images, texts); a table row with a missing feature
    value stays empty, and a column ``unseen`` names the category values training never
    saw, per row, when any row has one. For a time series one prediction per full window,
    on the row of the step it predicts (rows no window predicts stay empty); the
    forecasts past the last row follow it as new rows.
    """
    raw = preprocessor.check_input(raw)
    x, answers = preprocessor.model_input(raw)
    out = preprocessor.decode_scores(np.asarray(model.predict(x, verbose=0)), raw)
    if len(answers) == len(raw) and (answers == np.arange(len(raw))).all():
        flags = preprocessor.unseen_values(raw)
        if any(flags):
            out[UNSEEN] = flags
        return out
    out.index = answers
    return out.reindex(range(max(len(raw), int(answers.max(initial=-1)) + 1)))


def array_predictions(model: Any, preprocessor: Preprocessor, array: np.ndarray) -> pd.DataFrame:
    """Predictions for a NumPy array from a Python caller: a table's rows (predicted as
    the frame they stand for, beside it) or a batch of images."""
    rows, x = preprocessor.array_input(array)
    if rows is not None:
        return pd.concat([rows, predictions_frame(model, preprocessor, rows)], axis=1)
    return preprocessor.decode_scores(np.asarray(model.predict(x, verbose=0)))
