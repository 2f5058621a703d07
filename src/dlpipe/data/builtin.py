"""Data sets embedded in installed packages, so the default run needs no download."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from dlpipe.errors import DataError, did_you_mean


def _penguins() -> Path:
    return Path(str(resources.files("palmerpenguins") / "data" / "penguins.csv"))


BUILTIN_CSV = {"palmerpenguins": _penguins}


def builtin_csv(name: str) -> Path:
    """The path of an embedded CSV data set."""
    if name not in BUILTIN_CSV:
        raise DataError(
            f"unknown embedded data set {name!r}",
            where="data.builtin",
            hint=did_you_mean(name, BUILTIN_CSV) or f"one of: {', '.join(BUILTIN_CSV)}",
        )
    return BUILTIN_CSV[name]()


def load_digits() -> tuple[Any, Any]:
    """scikit-learn's 8×8 digits (1,797 images, pixel values 0..16, 10 classes), embedded."""
    from sklearn.datasets import load_digits as sklearn_digits

    digits = sklearn_digits()
    return digits.images, digits.target
