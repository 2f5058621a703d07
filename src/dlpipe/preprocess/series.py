"""Time-series preprocessing: scalers fitted on the training part, sliding-window geometry.

Window ``i`` holds rows ``i .. i+window-1`` of the feature columns and predicts the target
``horizon`` steps after its last row (``i+window+horizon-1``); windows start every
``stride`` rows. The split is chronological and windows are cut inside each part, so no
window reaches across a split boundary, and the scalers never see validation or test rows.
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

    def prepare(self, raw: pd.DataFrame) -> pd.DataFrame:
        """Rows in time order with the needed columns, all numeric and complete."""
        return order_rows(raw, self.time_column, [*self.features, self.target], need_target=False)

    def scaled_features(self, frame: pd.DataFrame) -> np.ndarray:
        """(rows, features) float32, scaled with the training part's statistics."""
        values = frame[self.features].to_numpy(dtype="float64")
        if self.feature_scaler is not None:
            values = self.feature_scaler.transform(values)
        return values.astype("float32")

    def scaled_target(self, frame: pd.DataFrame) -> np.ndarray:
        """(rows,) float32 target, scaled with the training part's statistics."""
        values = frame[[self.target]].to_numpy(dtype="float64")
        if self.target_scaler is not None:
            values = self.target_scaler.transform(values)
        return values[:, 0].astype("float32")

    def starts(self, n_rows: int, with_target: bool) -> np.ndarray:
        """First row of every window (only windows that have a target, when asked)."""
        last = n_rows - self.window - (self.horizon if with_target else 0)
        return np.arange(0, last + 1, self.stride)

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Every full window of ``frame`` (predict): (windows, window, features) float32."""
        values = self.scaled_features(frame)
        starts = self.starts(len(values), with_target=False)
        if len(starts) == 0:
            raise DataError(
                f"{len(values)} rows are fewer than one window of {self.window}",
                where="data.series.window",
            )
        return np.stack([values[s : s + self.window] for s in starts])

    def targets(self, frame: pd.DataFrame) -> np.ndarray:
        """The scaled target of every window that has one (training and evaluation)."""
        target = self.scaled_target(frame)
        return target[self.starts(len(target), with_target=True) + self.window + self.horizon - 1]

    def naive(self, frame: pd.DataFrame) -> np.ndarray:
        """The last-value baseline: each window's last target value, as its prediction."""
        target = self.scaled_target(frame)
        return target[self.starts(len(target), with_target=True) + self.window - 1]

    def decode(self, values: Any) -> np.ndarray:
        """Model outputs (scaled) → the target's original units."""
        array = np.asarray(values, dtype="float64").reshape(-1, 1)
        if self.target_scaler is not None:
            array = self.target_scaler.inverse_transform(array)
        return array[:, 0]

    def model_input(self, raw: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Every full window; each answers the input row it ends on."""
        rows = self.prepare(raw)
        ends = self.starts(len(rows), with_target=False) + self.window - 1
        return self.transform(rows), raw.index.get_indexer(rows.index[ends])

    def decode_scores(self, scores: np.ndarray) -> pd.DataFrame:
        """Predictions in the target's own units."""
        return pd.DataFrame({"prediction": self.decode(scores)})


def fit_series(cfg: Mapping[str, Any], train: pd.DataFrame, target: str) -> SeriesPreprocessor:
    """Fit the scalers on the training part only."""
    features = list(
        cfg.get("features") or [c for c in train.columns if c != cfg.get("time_column")]
    )
    method = str(cfg.get("scale", "standard"))
    feature_scaler = _scaler(method)
    target_scaler = _scaler(method) if cfg.get("scale_target", True) else None
    if feature_scaler is not None:
        feature_scaler.fit(train[features].to_numpy(dtype="float64"))
    if target_scaler is not None:
        target_scaler.fit(train[[target]].to_numpy(dtype="float64"))
    return SeriesPreprocessor(
        features=features,
        target=target,
        window=int(cfg.get("window", 24)),
        horizon=int(cfg.get("horizon", 1)),
        stride=int(cfg.get("stride", 1)),
        time_column=cfg.get("time_column"),
        feature_scaler=feature_scaler,
        target_scaler=target_scaler,
    )


def _scaler(method: str) -> Any:
    if method == "none":
        return None
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    return {"minmax": MinMaxScaler, "standard": StandardScaler}[method]()
