"""Data sets embedded in installed packages, so the default run needs no download."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

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


def noisy_sine(
    n: int = 1000, period: float = 25.0, noise: float = 0.1, seed: int = 0
) -> pd.DataFrame:
    """A generated series (step, value = sine + slow trend + noise): windows with no files."""
    rng = np.random.default_rng(seed)
    step = np.arange(n)
    value = np.sin(2 * np.pi * step / period) + 0.0005 * step + rng.normal(0, noise, n)
    return pd.DataFrame({"step": step, "value": value.round(5)})


BUILTIN_SERIES = {"noisy_sine": noisy_sine}


def builtin_series(name: str) -> pd.DataFrame:
    """An embedded (generated) time series."""
    if name not in BUILTIN_SERIES:
        raise DataError(
            f"unknown embedded series {name!r}",
            where="data.builtin",
            hint=did_you_mean(name, BUILTIN_SERIES) or f"one of: {', '.join(BUILTIN_SERIES)}",
        )
    return BUILTIN_SERIES[name]()
