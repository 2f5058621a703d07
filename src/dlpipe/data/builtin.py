"""Data sets embedded in installed packages, so the default run needs no download."""

from __future__ import annotations

from collections.abc import Callable
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


def monthly_passengers(months: int = 144, seed: int = 0) -> pd.DataFrame:
    """A generated trending, seasonal monthly series like the classic airline passengers
    (month, passengers: growth ~13 % a year, a summer peak that grows with the level, 3 %
    noise): short series with a trend and a season, as forecasting meets them."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    t = np.arange(months)
    season = np.array([-0.09, -0.12, 0, -0.02, -0.02, 0.1, 0.22, 0.22, 0.06, -0.08, -0.2, -0.09])
    level = 112 * np.exp(
        0.0105 * t + season[t % 12] * (1 + t / months) + rng.normal(0, 0.03, months)
    )
    dates = pd.period_range("1949-01", periods=months, freq="M").astype(str)
    return pd.DataFrame({"month": dates, "passengers": level.round().astype(int)})


BUILTIN_SERIES: dict[str, Callable[[], pd.DataFrame]] = {
    "noisy_sine": noisy_sine,
    "monthly_passengers": monthly_passengers,
}


def builtin_series(name: str) -> pd.DataFrame:
    """An embedded (generated) time series."""
    if name not in BUILTIN_SERIES:
        raise DataError(
            f"unknown embedded series {name!r}",
            where="data.builtin",
            hint=did_you_mean(name, BUILTIN_SERIES) or f"one of: {', '.join(BUILTIN_SERIES)}",
        )
    return BUILTIN_SERIES[name]()
