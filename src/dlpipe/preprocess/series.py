"""Time-series preprocessing: changes, scalers fitted on the training part, window geometry.

A window ends on row ``e`` and holds rows ``e-window+1 .. e`` of the feature columns; it
predicts the target on row ``p = e+horizon``. Windows end every ``stride`` rows. With
``difference: first`` (the default) the model sees each step's change from the step
before and predicts the change from the window's last value, so its prediction is that
value plus what it learned; with ``seasonal`` the changes are from one season before.
A series that trends then never asks the model for a level it has not seen, and a model
that learns nothing is the naive forecast, not worse.

The split is chronological: a part's windows predict only rows of that part. A
validation or test window may look back into the part before it (values a forecaster
has already seen); the scalers see only training rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from dlpipe.data.series import order_rows
from dlpipe.errors import DataError
from dlpipe.preprocess.protocol import FittedPreprocessor

LONGEST_DERIVED_WINDOW = 24  # the derived window: a fifth of the training part, up to this
SHORTEST_DERIVED_WINDOW = 2


@dataclass
class SeriesPreprocessor(FittedPreprocessor):
    """What was learned from the training part, and how windows are cut."""

    kind: ClassVar[str] = "series"
    features: list[str]
    target: str
    window: int
    horizon: int
    stride: int
    time_column: str | None
    feature_scaler: Any  # fitted sklearn scaler, or None
    target_scaler: Any  # fitted sklearn scaler, or None
    task: str = "regression"
    classes: list[Any] | None = None
    target_onehot: bool = False
    difference: str = "none"  # runs saved before differencing existed modelled levels
    season: int | None = None

    @property
    def input_lag(self) -> int:
        """The model sees ``x[r] - x[r - input_lag]`` (0: the values themselves)."""
        return {"none": 0, "first": 1}.get(self.difference, int(self.season or 0))

    @property
    def target_lag(self) -> int:
        """The model predicts ``y[p] - y[p - target_lag]`` (0: the value itself)."""
        return {"none": 0, "first": self.horizon}.get(self.difference, int(self.season or 0))

    def prepare(self, raw: pd.DataFrame) -> pd.DataFrame:
        """Rows in time order with the needed columns, all numeric and complete."""
        return order_rows(raw, self.time_column, [*self.features, self.target], need_target=False)

    def scaled_features(self, frame: pd.DataFrame) -> np.ndarray:
        """(rows, features) float32: each row's change (or value), scaled with the training
        part's statistics; the first ``input_lag`` rows, which have no change, are 0."""
        values = lagged(frame[self.features].to_numpy(dtype="float64"), self.input_lag)
        if self.feature_scaler is not None:
            values = self.feature_scaler.transform(values)
        return np.nan_to_num(values).astype("float32")

    def ends(self, n_rows: int, with_target: bool, rows: range | None = None) -> np.ndarray:
        """The last row of every window (that has a target, when asked; whose target lies
        in ``rows``, when given)."""
        first = self.window - 1 + self.input_lag
        last = n_rows - 1 - (self.horizon if with_target else 0)
        ends = np.arange(first, last + 1, self.stride)
        if rows is not None:
            predicted = ends + self.horizon
            ends = ends[(predicted >= rows.start) & (predicted < rows.stop)]
        return ends

    def anchors(self, levels: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """What each window's predicted change is added to (0 without differencing)."""
        if not self.target_lag:
            return np.zeros(len(ends))
        return levels[ends + self.horizon - self.target_lag]

    def scaled_targets(self, frame: pd.DataFrame, ends: np.ndarray) -> np.ndarray:
        """The scaled target (change) of each window ending on ``ends``."""
        levels = frame[self.target].to_numpy(dtype="float64")
        return self._scale_target(levels[ends + self.horizon] - self.anchors(levels, ends))

    def naive(self, frame: pd.DataFrame, ends: np.ndarray) -> np.ndarray:
        """The last-value forecast of each window, on the model's (scaled) scale."""
        levels = frame[self.target].to_numpy(dtype="float64")
        return self._scale_target(levels[ends] - self.anchors(levels, ends))

    def _scale_target(self, values: np.ndarray) -> np.ndarray:
        array = values.reshape(-1, 1)
        if self.target_scaler is not None:
            array = self.target_scaler.transform(array)
        return array[:, 0].astype("float32")

    def windows(self, frame: pd.DataFrame, ends: np.ndarray) -> np.ndarray:
        """(windows, window, features) float32 for the windows ending on ``ends``."""
        values = self.scaled_features(frame)
        return np.stack([values[e - self.window + 1 : e + 1] for e in ends])

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Every full window of ``frame`` (predict): (windows, window, features) float32."""
        ends = self.ends(len(frame), with_target=False)
        if len(ends) == 0:
            raise DataError(
                f"{len(frame)} rows are fewer than one window of {self.window}"
                + (f" after a difference of {self.input_lag}" if self.input_lag else ""),
                where="data.series.window",
                hint=f"give at least {self.window + self.input_lag} rows",
            )
        return self.windows(frame, ends)

    def decode(self, values: Any, anchors: Any = None) -> np.ndarray:
        """Model outputs (scaled changes) → the target's original units."""
        array = np.asarray(values, dtype="float64").reshape(-1, 1)
        if self.target_scaler is not None:
            array = self.target_scaler.inverse_transform(array)
        return array[:, 0] + (0.0 if anchors is None else np.asarray(anchors, dtype="float64"))

    def model_input(self, raw: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Every full window; each answers the row of the step it predicts (past the last
        row: ``len(raw)``, ``len(raw) + 1`` …)."""
        rows = self.prepare(raw)
        predicted = self.ends(len(rows), with_target=False) + self.horizon
        inside = predicted < len(rows)
        positions = np.empty(len(predicted), dtype="int64")
        positions[inside] = self.time_order(raw)[predicted[inside]]
        positions[~inside] = len(raw) + predicted[~inside] - len(rows)
        return self.transform(rows), positions

    def time_order(self, raw: pd.DataFrame) -> np.ndarray:
        """The positions of ``raw``'s rows in time order (as :meth:`prepare` sorts them)."""
        if self.time_column is None:
            return np.arange(len(raw))
        times = raw[self.time_column].reset_index(drop=True)
        return times.sort_values(kind="stable").index.to_numpy()  # (gaps last, as prepare)

    def decode_scores(self, scores: np.ndarray, raw: pd.DataFrame | None = None) -> pd.DataFrame:
        """Predictions in the target's own units, with the time step each one predicts."""
        if raw is None:
            return pd.DataFrame({"prediction": self.decode(scores)})
        rows = self.prepare(raw)
        ends = self.ends(len(rows), with_target=False)
        levels = rows[self.target].to_numpy(dtype="float64") if self.target in rows else None
        if levels is None and self.target_lag:
            raise DataError(
                f"the input has no column {self.target!r}: this run predicts changes "
                "from its last values",
                where="input",
                hint=f"give the series with its {self.target!r} column",
            )
        anchors = self.anchors(levels, ends) if levels is not None else None
        out = pd.DataFrame({"prediction": self.decode(scores, anchors)})
        if self.time_column is not None:
            times = raw[self.time_column].iloc[self.time_order(raw)]
            out["predicted_step"] = following_steps(times, ends + self.horizon)
        return out


def lagged(values: np.ndarray, lag: int) -> np.ndarray:
    """``values[r] - values[r - lag]`` for every row (NaN where there is no row before)."""
    if not lag:
        return values
    out = np.full_like(values, np.nan)
    out[lag:] = values[lag:] - values[:-lag]
    return out


def following_steps(times: pd.Series, positions: np.ndarray) -> list[Any]:
    """The time step on each row position; past the last row, the steps continue at the
    last spacing when it is regular (whole numbers or dates), else stay empty."""
    values = times.tolist()
    later = positions[positions >= len(values)] - len(values) + 1
    extra: list[Any] = [None] * (int(later.max()) if len(later) else 0)
    if extra:
        extra = continued(times, len(extra))
    known = values + extra
    return [known[p] if p < len(known) else None for p in positions]


def continued(times: pd.Series, count: int) -> list[Any]:
    """``count`` steps after the last one, when the spacing is regular."""
    empty: list[Any] = [None] * count
    if len(times) < 3:
        return empty
    if pd.api.types.is_numeric_dtype(times):
        steps = np.diff(times.to_numpy())
        if (steps == steps[-1]).all():
            return [times.iloc[-1] + steps[-1] * (k + 1) for k in range(count)]
        return empty
    dates = pd.to_datetime(times, errors="coerce", format="mixed")
    if dates.isna().any():
        return empty
    frequency = _frequency(pd.DatetimeIndex(dates))
    if frequency is None:
        return empty
    following = pd.date_range(dates.iloc[-1], periods=count + 1, freq=frequency)[1:]
    text = str(times.iloc[-1])
    shown = "%Y-%m" if len(text) == 7 else "%Y-%m-%d" if len(text) == 10 else None
    return [d.strftime(shown) if shown else str(d) for d in following]


def _frequency(dates: pd.DatetimeIndex) -> Any:
    """pandas' guess of the dates' spacing (None: irregular), asked the way pandas 3
    answers, where this pandas knows that way."""
    try:
        with pd.option_context("future.infer_freq_returns_offset", True):
            return pd.infer_freq(dates)
    except pd.errors.OptionError:
        return pd.infer_freq(dates)


def derived_window(train_rows: int) -> int:
    """A window that leaves most of a short training part as training windows."""
    return max(SHORTEST_DERIVED_WINDOW, min(LONGEST_DERIVED_WINDOW, train_rows // 5))


def fit_series(cfg: Mapping[str, Any], train: pd.DataFrame, target: str) -> SeriesPreprocessor:
    """Window geometry and scalers, fitted on the training part only."""
    features = list(
        cfg.get("features") or [c for c in train.columns if c != cfg.get("time_column")]
    )
    window = cfg.get("window")
    prep = SeriesPreprocessor(
        features=features,
        target=target,
        window=int(window) if window else derived_window(len(train)),
        horizon=int(cfg.get("horizon", 1)),
        stride=int(cfg.get("stride", 1)),
        time_column=cfg.get("time_column"),
        feature_scaler=None,
        target_scaler=None,
        difference=str(cfg.get("difference") or "first"),
        season=cfg.get("season"),
    )
    method = str(cfg.get("scale", "standard"))
    values = lagged(train[features].to_numpy(dtype="float64"), prep.input_lag)
    if method != "none":
        prep.feature_scaler = _scaler(method).fit(values[prep.input_lag :])
    ends = prep.ends(len(train), with_target=True)
    if method != "none" and cfg.get("scale_target", True) and len(ends):
        levels = train[target].to_numpy(dtype="float64")
        changes = levels[ends + prep.horizon] - prep.anchors(levels, ends)
        prep.target_scaler = _scaler(method).fit(changes.reshape(-1, 1))
    return prep


def _scaler(method: str) -> Any:
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    return {"minmax": MinMaxScaler, "standard": StandardScaler}[method]()
