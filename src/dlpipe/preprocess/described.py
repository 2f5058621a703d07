"""A fitted preprocessor written out as plain JSON: what an exported model's inputs are.

An exported model (SavedModel, TFLite, ONNX) takes the numbers the preprocessing made,
not raw rows; this is what someone deploying it needs to make them without dlpipe: the
kind of data, the input's order and shape, the classes the outputs stand for, every
setting and every fitted value (scikit-learn's ``mean_``, ``scale_``, ``categories_`` …).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

LISTED = 10_000  # values listed per array (a vocabulary beyond this is counted, not listed)


def plain(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON-ready data: estimators by class, settings and fitted values."""
    if depth > 12:
        return repr(value)[:200]
    if isinstance(value, float) and not np.isfinite(value):
        return str(value)  # JSON has no NaN: "nan", as scikit-learn's missing marker
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.generic):
        return plain(value.item(), depth)
    if isinstance(value, np.ndarray):
        if value.size > LISTED:
            return {"array": list(value.shape), "values": f"{value.size} (not listed)"}
        return [plain(v, depth + 1) for v in value.tolist()]
    if isinstance(value, dict):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = list(value)
        if len(items) > LISTED:
            return {"items": len(items), "values": "not listed"}
        return [plain(v, depth + 1) for v in items]
    if hasattr(value, "get_params") and hasattr(value, "fit"):  # a scikit-learn estimator
        return estimator(value, depth)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            "class": type(value).__name__,
            **{f.name: plain(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value)},
        }
    return repr(value)[:200]


def estimator(value: Any, depth: int) -> dict[str, Any]:
    """A scikit-learn estimator: its class, its settings, and what fitting learnt."""
    out: dict[str, Any] = {"class": type(value).__name__}
    if hasattr(value, "transformers_"):  # ColumnTransformer: which columns go where
        out["transformers"] = [
            {"name": name, "columns": plain(columns, depth + 1), "steps": plain(part, depth + 1)}
            for name, part, columns in value.transformers_
        ]
        return out
    if hasattr(value, "steps"):  # Pipeline: its steps in order
        out["steps"] = [plain(step, depth + 1) for _, step in value.steps]
        return out
    settings = value.get_params(deep=False)
    out["settings"] = {k: plain(v, depth + 1) for k, v in settings.items()}
    fitted = {
        name: getattr(value, name)
        for name in sorted(vars(value))
        if name.endswith("_") and not name.startswith("_") and name != "n_features_in_"
    }
    if fitted:
        out["fitted"] = {k: plain(v, depth + 1) for k, v in fitted.items()}
    return out


def describe_preprocessing(preprocessor: Any, input_shape: tuple[int, ...]) -> dict[str, Any]:
    """What an exported model's input and output are, and how the run made its input."""
    names = list(getattr(preprocessor, "output_names", []) or [])
    texts = preprocessor.text_branches()
    inputs = names + [
        f"{column} token {i + 1}" for column, length, _ in texts for i in range(length)
    ]
    return {
        "kind": preprocessor.kind,
        "task": preprocessor.task,
        "input_shape": ["batch", *input_shape],
        "input_order": inputs or None,
        "classes": plain(getattr(preprocessor, "classes", None)),
        "columns": plain(preprocessor.describe()) or None,
        "preprocessor": {
            k: plain(v)
            for k, v in preprocessor.get_params().items()
            if k not in ("columns", "classes")
        },
    }
