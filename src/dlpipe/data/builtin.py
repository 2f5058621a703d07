"""Data sets embedded in installed packages, so the default run needs no download."""

from __future__ import annotations

from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlpipe.errors import DataError, did_you_mean

if TYPE_CHECKING:
    import pandas as pd


def _penguins() -> Path:
    """Found without importing the package (whose ``__init__`` imports pandas)."""
    spec = find_spec("palmerpenguins")
    if spec is None or not spec.submodule_search_locations:
        raise DataError(
            "the embedded penguins data set is not installed (package palmerpenguins)",
            where="data.builtin",
            hint="reinstall dlpipe (pip install -e .), or give data.path=<your file.csv>",
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "penguins.csv"


def _xor() -> Path:
    """200 jittered points around the XOR truth table's 4 corners (the MLP lesson)."""
    return Path(str(resources.files("dlpipe.data") / "embedded" / "xor.csv"))


BUILTIN_CSV = {"palmerpenguins": _penguins, "xor": _xor}


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
    import numpy as np
    import pandas as pd

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
