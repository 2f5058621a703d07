"""Train / validation / test split: seeded, stratified for classification."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from dlpipe.errors import DataError


@dataclass(frozen=True)
class Splits:
    """Three disjoint parts of the data; ``val`` may be empty."""

    train: pd.DataFrame
    val: pd.DataFrame
    test: pd.DataFrame


def split_frame(
    frame: pd.DataFrame, target: str | None, split: Any, seed: int, classify: bool
) -> Splits:
    """Split rows by ``split.train/val/test`` fractions (e.g. 6:2:2)."""
    check_splittable(frame, target, split, classify)
    stratify = classify and split.stratify and target is not None
    try:
        rest, test = _cut(frame, split.test, target if stratify else None, seed, split.shuffle)
        val_share = split.val / (split.train + split.val) if split.val > 0 else 0.0
        train, val = _cut(rest, val_share, target if stratify else None, seed, split.shuffle)
    except ValueError as exc:
        raise DataError(f"cannot split the data: {exc}", where="data.split") from None
    return Splits(train=train, val=val, test=test)


def check_splittable(frame: pd.DataFrame, target: str | None, split: Any, classify: bool) -> None:
    """Enough rows for each part, and of each class when stratifying (pandas only: ``check``
    asks it too)."""
    n = len(frame)
    needed = sum(1 for f in (split.train, split.val, split.test) if f > 0)
    if n < max(needed, 1) * 2:
        raise DataError(
            f"only {n} rows are left after preprocessing; too few for a "
            f"{split.train}:{split.val}:{split.test} split",
            where="data.split",
            hint="use more rows (data.limit), or fewer splits (e.g. data.split.val=0)",
        )
    stratify = classify and split.stratify and target is not None
    if stratify:
        counts = frame[target].value_counts()
        if counts.min() < 2 * needed:
            rare = counts.idxmin()
            raise DataError(
                f"class {rare!r} of {target!r} has only {counts.min()} rows: too few to stratify",
                where="data.split.stratify",
                hint="use more rows, or set data.split.stratify=false",
            )


def _cut(frame: pd.DataFrame, share: float, target: str | None, seed: int, shuffle: bool):
    from sklearn.model_selection import train_test_split

    if share <= 0:
        return frame, frame.iloc[0:0]
    return train_test_split(
        frame,
        test_size=share,
        random_state=seed,
        shuffle=shuffle,
        stratify=frame[target] if target is not None and shuffle else None,
    )


def split_indices(
    labels: Any, split: Any, seed: int, classify: bool, *, parts: int = 3
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Index arrays for train / val / test of ``len(labels)`` samples (arrays, not frames).

    ``parts=2`` splits into train / val only (the data set brings its own test part),
    in the ratio ``split.train:split.val``; ``split.test`` is then not used.
    """
    frame = pd.DataFrame({"y": np.asarray(labels)})
    train, val, test = split.train, split.val, split.test
    if parts == 2:
        train, val, test = train / (train + val), val / (train + val), 0.0
    # Too few samples per class (or per split) to stratify: a plain seeded split instead.
    counts = frame["y"].value_counts()
    smallest = min(f for f in (train, val, test) if f > 0) * len(frame)
    stratify = bool(classify and split.stratify and counts.min() >= 4 and smallest >= len(counts))
    view = SimpleNamespace(
        train=train, val=val, test=test, stratify=stratify, shuffle=split.shuffle
    )
    cut = split_frame(frame, "y", view, seed, classify)
    return cut.train.index.to_numpy(), cut.val.index.to_numpy(), cut.test.index.to_numpy()


def chronological(n: int, split: Any) -> tuple[slice, slice, slice]:
    """Contiguous train / val / test slices in time order (no shuffling across boundaries)."""
    n_train = round(n * split.train)
    n_val = round(n * split.val)
    if n_train < 1 or n_train + n_val > n:
        raise DataError(
            f"{n} rows cannot be split {split.train}:{split.val}:{split.test}",
            where="data.split",
        )
    return slice(0, n_train), slice(n_train, n_train + n_val), slice(n_train + n_val, n)
