"""Class labels ↔ integer targets, shared by the image and text preprocessors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from dlpipe.errors import DataError


def wants_onehot(loss: str, target_encoding: str) -> bool:
    """Whether labels should be one-hot: asked for, or implied by a categorical loss."""
    if target_encoding != "auto":
        return target_encoding == "onehot"
    return loss in ("categorical_crossentropy", "categorical_focal_crossentropy")


def targets_from_indices(indices: Any, n_classes: int, onehot: bool) -> np.ndarray:
    """Integer class indices → int64 labels, or one-hot float32 rows when the loss needs them."""
    labels = np.asarray(indices).reshape(-1).astype("int64")
    return np.eye(n_classes, dtype="float32")[labels] if onehot else labels


def indices_of(values: Sequence[Any], classes: Sequence[Any], where: str) -> np.ndarray:
    """The position of each value in ``classes``; values never seen in training are an error."""
    index = {label: i for i, label in enumerate(classes)}
    unknown = sorted({str(v) for v in values if v not in index})
    if unknown:
        raise DataError(
            f"labels not seen in training: {', '.join(unknown[:5])}",
            where=where,
            hint="use more rows or keep data.split.stratify=true",
        )
    return np.array([index[v] for v in values], dtype="int64")


def task_for(n_classes: int) -> str:
    """binary for 2 classes, multiclass for more."""
    if n_classes < 2:
        raise DataError(
            f"the data has {n_classes} class(es); a classifier needs at least 2",
            where="data",
            hint="check the labels (and data.limit: the first rows may all share one class)",
        )
    return "binary" if n_classes == 2 else "multiclass"


def decode_indices(labels: Any, classes: Sequence[Any]) -> list[Any]:
    """Integer labels (or probability rows) back to the original class names."""
    array = np.asarray(labels)
    if array.ndim == 2 and array.shape[1] > 1:
        array = array.argmax(axis=1)
    elif array.ndim == 2:
        array = (array[:, 0] > 0.5).astype("int64")
    return [classes[int(i)] for i in array.reshape(-1)]
