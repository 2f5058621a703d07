"""The target column: which task it implies, and how its labels are encoded."""

from __future__ import annotations

import pandas as pd

from dlpipe.errors import DataError

# A numeric target with at most this many distinct integer values counts as classes.
MAX_INTEGER_CLASSES = 20


def infer_task(target: pd.Series, declared: str = "auto") -> str:
    """binary, multiclass or regression, from the declared task or the target's values."""
    values = target.dropna()
    n_unique = values.nunique()
    if n_unique < 2:
        raise DataError(
            f"the target {target.name!r} has {n_unique} distinct value(s); a model needs at least 2",
            where="data.target",
            hint="check data.target, data.limit (the first rows may all share one class) and dropna",
        )
    if declared == "regression" and not pd.api.types.is_numeric_dtype(values):
        text = values[pd.to_numeric(values, errors="coerce").isna()]
        if len(text):
            raise DataError(
                f"data.task=regression but the target {target.name!r} holds text"
                f" (e.g. {', '.join(map(repr, text.unique()[:3]))})",
                where="data.task",
                hint="regression predicts numbers: choose a numeric data.target, or leave"
                " data.task=auto to learn these values as classes",
            )
    if declared != "auto":
        if declared == "binary" and n_unique != 2:
            raise DataError(
                f"data.task=binary but the target {target.name!r} has {n_unique} classes",
                where="data.task",
                hint="use data.task=multiclass (or auto)",
            )
        return declared
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    if numeric:
        integral = bool((values == values.round()).all())
        if not integral or n_unique > MAX_INTEGER_CLASSES:
            return "regression"
    return "binary" if n_unique == 2 else "multiclass"
