"""The decided columns (:mod:`dlpipe.preprocess.kinds`) → one scikit-learn ColumnTransformer.

Numbers: imputed (median by default), then scaled; categories: imputed (most frequent),
then one-hot encoded with unknown values ignored; label-encoded columns likewise with an
OrdinalEncoder; dates: calendar parts, imputed and scaled like numbers. Columns left out
are dropped. Everything is fitted on the training split only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from dlpipe.errors import DataError
from dlpipe.preprocess.kinds import Column, read_dates, scaled_numbers

# What "constant" fills in.
MISSING_NUMBER, MISSING_CATEGORY = 0.0, "missing"


# The calendar parts a date becomes (pandas' ``.dt`` attributes): the only names a saved
# CalendarParts may hold, since a run's file may come from anyone.
PARTS = ("year", "month", "day", "day_of_week", "hour", "minute")


class CalendarParts(TransformerMixin, BaseEstimator):
    """Dates → year, month, day, day of week, and hour and minute when the times vary.

    One timestamp per row is useless to a model (each is new); its calendar parts recur.
    A value that does not read as a date becomes missing (then imputed).
    """

    def fit(self, X: Any, y: Any = None) -> CalendarParts:
        frame = pd.DataFrame(X)
        self.feature_names_in_ = np.asarray([str(c) for c in frame.columns], dtype=object)
        self.n_features_in_ = frame.shape[1]
        self.parts_ = []
        for column in frame.columns:
            when = read_dates(frame[column])
            varies = (when.dt.hour.fillna(0) != 0) | (when.dt.minute.fillna(0) != 0)
            parts = list(PARTS if bool(varies.any()) else PARTS[:4])
            self.parts_.append(parts)
        return self

    def transform(self, X: Any) -> np.ndarray:
        frame = pd.DataFrame(X)
        unknown = {str(p) for parts in self.parts_ for p in parts} - set(PARTS)
        if unknown:
            raise DataError(
                f"the saved date columns ask for {', '.join(sorted(unknown))[:80]}: not a calendar part",
                where="run",
                hint="the run's preprocessor was altered: use the run's own files, or retrain it",
            )
        out = []
        for column, parts in zip(frame.columns, self.parts_, strict=True):
            when = read_dates(frame[column])
            out += [getattr(when.dt, part).to_numpy(dtype=float, na_value=np.nan) for part in parts]
        return np.column_stack(out) if out else np.empty((len(frame), 0))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        names = [
            f"{column}_{part}"
            for column, parts in zip(self.feature_names_in_, self.parts_, strict=True)
            for part in parts
        ]
        return np.asarray(names, dtype=object)


def impute_settings(steps: Mapping[str, Any]) -> dict[str, Any] | None:
    """``data.preprocess.impute`` with its defaults (absent: the defaults; null: off,
    such rows must then be dropped, or get no prediction). The defaults are the config
    schema's, read here: a logged model's loader imports this module without the config
    stage's Hydra and OmegaConf."""
    from dlpipe.config.schema import ImputeCfg

    defaults = dataclasses.asdict(ImputeCfg())
    if "impute" not in steps:
        return defaults
    given = steps.get("impute")
    return None if given is None else {**defaults, **dict(given)}


def build_features(columns: list[Column], steps: Mapping[str, Any]) -> Any:
    """An unfitted ColumnTransformer for the used ``columns`` (left-out ones are dropped)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder

    impute = impute_settings(steps)
    scale = steps.get("scale") or {}
    method = str(scale.get("method", "none")) if scale else "none"
    by_use: dict[str, list[str]] = {
        "number": [],
        "onehot": [],
        "ordinal": [],
        "datetime": [],
        "text": [],  # (tokenised beside the transformer: TabularPreprocessor.texts)
    }
    for column in columns:
        if column.used:
            by_use[column.use].append(column.name)
    scaled = scaled_numbers(columns, steps)
    plain = [c for c in by_use["number"] if c not in scaled]

    def pipeline(*parts: Any) -> Any:
        """The parts that are on, chained (an imputer or a scaler may be off)."""
        present = [p for p in parts if p is not None]
        if len(present) <= 1:
            return present[0] if present else "passthrough"
        return make_pipeline(*present)

    def scaler() -> Any:
        return _scaler(method) if method != "none" else None

    transformers = []
    if by_use["onehot"]:
        encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
        transformers.append(
            ("onehot", pipeline(_imputer(impute, "category"), encoder), by_use["onehot"])
        )
    if by_use["ordinal"]:
        encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)
        transformers.append(
            ("label", pipeline(_imputer(impute, "category"), encoder), by_use["ordinal"])
        )
    if scaled:
        transformers.append(("scale", pipeline(_imputer(impute, "number"), scaler()), scaled))
    if plain:
        transformers.append(("number", pipeline(_imputer(impute, "number")), plain))
    if by_use["datetime"]:
        parts = pipeline(CalendarParts(), _imputer(impute, "number"), scaler())
        transformers.append(("datetime", parts, by_use["datetime"]))
    return ColumnTransformer(transformers, remainder="drop", verbose_feature_names_out=False)


def _imputer(impute: dict[str, Any] | None, kind: str) -> Any:
    if impute is None:
        return None
    from sklearn.impute import SimpleImputer

    strategy: Any = str(impute[kind])
    fill = MISSING_NUMBER if kind == "number" else MISSING_CATEGORY
    return SimpleImputer(
        strategy=median_or_zero if strategy == "median" else strategy,
        fill_value=fill if strategy == "constant" else None,
        add_indicator=kind == "number" and bool(impute.get("indicators")),  # (a category
        # column's gaps are a value of their own with strategy constant)
        keep_empty_features=True,
    )


def median_or_zero(values: np.ndarray) -> float:
    """A column's median for SimpleImputer (its callable strategy): by partial sort, where
    its own "median" sorts a masked copy of every column (0.6 s on a million rows, half
    the cost of preparing such a table); 0 when the training part holds no value."""
    return float(np.median(values)) if len(values) else 0.0


def _scaler(method: str) -> Any:
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    return {"minmax": MinMaxScaler, "standard": StandardScaler}[method]()


def model_frame(frame: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    """The used columns in the types the transformers take: numbers as floats (booleans
    and whole numbers too: SimpleImputer's constant 0.0 cannot go into an integer column),
    categories as objects with NaN for a missing value (not None or pd.NA)."""
    out = {}
    for column in columns:
        if not column.used or column.use == "text":
            continue
        values = frame[column.name]
        if column.use == "number":
            values = pd.to_numeric(values, errors="coerce").astype("float64")
        elif column.use in ("onehot", "ordinal") and not pd.api.types.is_numeric_dtype(values):
            values = pd.Series(
                values.to_numpy(dtype=object, na_value=np.nan), index=values.index, name=values.name
            )
        out[column.name] = values
    return pd.DataFrame(out, index=frame.index)
