"""Fitted tabular preprocessing: a scikit-learn ColumnTransformer plus the target encoder.

Fitted on the training split only; the fitted object is saved with the run (preprocess.persist) and
reused unchanged for validation, test and ``predict``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from omegaconf import OmegaConf

from dlpipe.config.plain import to_dict
from dlpipe.data.header import missing_column
from dlpipe.errors import DataError, list_override
from dlpipe.preprocess.protocol import FittedPreprocessor
from dlpipe.preprocess.rows import apply_row_steps, text_among_numbers, text_columns

log = logging.getLogger("dlpipe")


@dataclass
class TabularPreprocessor(FittedPreprocessor):
    """Everything learned from the training rows, ready to transform any frame."""

    kind: ClassVar[str] = "table"
    preprocess: dict[str, Any]
    target: str | None
    task: str
    features: Any  # sklearn ColumnTransformer, fitted
    feature_columns: list[str]
    classes: list[Any] | None = None
    target_onehot: bool = False
    output_names: list[str] = field(default_factory=list)

    def prepare(self, raw: pd.DataFrame) -> pd.DataFrame:
        """Row steps for new raw rows (predict): every row is kept."""
        return apply_row_steps(raw, self.preprocess, training=False)

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Feature matrix (float32) for rows that went through the row steps."""
        for column in self.feature_columns:
            if column not in frame.columns:
                raise missing_column(column, list(frame.columns), where="input")
        matrix = np.asarray(self.features.transform(frame[self.feature_columns]), dtype="float32")
        if np.isnan(matrix).any():
            bad = [
                n
                for n, has in zip(self.output_names, np.isnan(matrix).any(axis=0), strict=True)
                if has
            ]
            raise DataError(
                f"missing values remain after preprocessing in: {', '.join(bad)}",
                where="data.preprocess",
                hint="drop those rows (data.preprocess.dropna) or those columns (data.preprocess.drop)",
            )
        return matrix

    def encode_target(self, values: pd.Series) -> np.ndarray:
        """Integer labels (one-hot when the loss needs it), or float values for regression."""
        if self.classes is None:
            return np.asarray(pd.to_numeric(values), dtype="float32")
        # One vectorised lookup (no Python loop per row); unknown values get code -1.
        codes = np.asarray(pd.Categorical(values, categories=self.classes).codes, dtype="int64")
        seen = codes >= 0
        if not seen.all():
            unknown = sorted({str(v) for v in np.asarray(values, dtype=object)[~seen]})
            raise DataError(
                f"target values not seen in training: {', '.join(unknown[:5])}",
                where=f"data.target ({self.target})",
                hint="use more rows or keep data.split.stratify=true",
            )
        labels = codes
        return np.eye(self.n_classes, dtype="float32")[labels] if self.target_onehot else labels

    def decode(self, labels: np.ndarray) -> list[Any]:
        """Integer labels back to the original class names."""
        assert self.classes is not None
        return [self.classes[int(i)] for i in labels]

    def check_input(self, raw: pd.DataFrame) -> pd.DataFrame:
        """Every feature column is there (columns the row steps drop may be absent)."""
        lower = bool((self.preprocess.get("clean") or {}).get("lower_column_names"))
        have = {str(c).lower() if lower else str(c) for c in raw.columns}
        missing = [c for c in self.feature_columns if (c.lower() if lower else c) not in have]
        if missing:
            raise DataError(
                f"the input has no column {', '.join(map(repr, missing))}",
                where="input",
                hint=f"the model needs the columns: {', '.join(self.feature_columns)}",
            )
        out = raw.copy()
        for column in self.preprocess.get("drop") or []:
            if column not in out.columns:
                out[column] = np.nan
        return out

    def encoders(self) -> dict[str, list[Any]]:
        """The categories each one-hot or label-encoded column was fitted with."""
        seen: dict[str, list[Any]] = {}
        for _, encoder, columns in self.features.transformers_:
            for column, categories in zip(
                columns, getattr(encoder, "categories_", ()), strict=False
            ):
                seen[str(column)] = list(categories)
        return seen

    def check_numbers(self, rows: pd.DataFrame) -> None:
        """A column the model reads as numbers holds numbers (or nothing) in every row:
        scikit-learn would stop at the first text with a ValueError."""
        encoded = self.encoders()
        for column in self.feature_columns:
            if (
                column in encoded
                or column not in rows
                or pd.api.types.is_numeric_dtype(rows[column])
            ):
                continue
            values = rows[column]
            text = values.notna() & pd.to_numeric(values, errors="coerce").isna()
            if text.any():
                first = int(np.flatnonzero(text.to_numpy())[0])
                raise DataError(
                    f"column {column!r} holds text where the model reads numbers:"
                    f" {values.iloc[first]!r} (row {first + 1}"
                    + (f", and {int(text.sum()) - 1} more)" if text.sum() > 1 else ")"),
                    where="input",
                    hint="fix those values, or leave them empty (such rows get no prediction)",
                )

    def warn_unseen(self, rows: pd.DataFrame) -> None:
        """Say which category values training never saw: the model gets none of the known
        categories for them (a one-hot of zeros), so their predictions are guesses."""
        for column, categories in self.encoders().items():
            if column not in rows:
                continue
            known = {str(c) for c in categories}
            values = rows[column].dropna()
            unseen = sorted({str(v) for v in values if str(v) not in known})
            if unseen:
                log.warning(
                    "input column %r has values training never saw: %s (%d rows); the model"
                    " treats them as none of the known ones (%s)",
                    column,
                    ", ".join(map(repr, unseen[:5])) + (" …" if len(unseen) > 5 else ""),
                    int(values.astype(str).isin(unseen).sum()),
                    ", ".join(map(str, categories[:10])),
                )

    def model_input(self, raw: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """The rows after the row steps; a row with a missing feature value gets no
        prediction (said once), and none at all is an error."""
        rows = self.prepare(raw)
        self.check_numbers(rows)
        self.warn_unseen(rows)
        complete = rows[self.feature_columns].notna().all(axis=1).to_numpy()
        if not complete.any():
            raise DataError(
                "every input row has a missing value in a feature column",
                where="input",
                hint="fill in the missing values",
            )
        if not complete.all():
            log.warning(
                "%d input rows have missing values: no prediction for them", (~complete).sum()
            )
            rows = rows[complete]
        return self.transform(rows), np.flatnonzero(complete)


def fit_tabular(
    preprocess: Mapping[str, Any],
    train: pd.DataFrame,
    target: str | None,
    task: str,
    target_onehot: bool,
) -> TabularPreprocessor:
    """Fit the feature transformer and the target encoder on the training rows only."""
    from sklearn.compose import ColumnTransformer

    features = [c for c in train.columns if c != target]
    onehot = _columns(preprocess.get("onehot") or [], features, target, "data.preprocess.onehot")
    ordinal = _columns(
        preprocess.get("label_encode") or [], features, target, "data.preprocess.label_encode"
    )
    encoded = set(onehot) | set(ordinal)
    scale = preprocess.get("scale") or {}
    method = scale.get("method", "none") if scale else "none"
    numeric = [c for c in features if c not in encoded]
    _reject_text(train, numeric)
    if scale and scale.get("columns"):
        scaled = _columns(scale["columns"], features, target, "data.preprocess.scale.columns")
    else:
        scaled = numeric if method != "none" else []

    transformers = []
    if onehot:
        transformers.append(("onehot", _onehot_encoder(), onehot))
    if ordinal:
        transformers.append(("label", _ordinal_encoder(), ordinal))
    if scaled and method != "none":
        transformers.append(("scale", _scaler(method), scaled))
    column_transformer = ColumnTransformer(
        transformers, remainder="passthrough", verbose_feature_names_out=False
    )
    column_transformer.fit(train[features])

    classes = None
    if task != "regression" and target is not None:
        classes = sorted(train[target].dropna().unique().tolist(), key=_sort_key)
    return TabularPreprocessor(
        preprocess=to_dict(OmegaConf.create(dict(preprocess)), resolve=True),  # plain: saved
        target=target,
        task=task,
        features=column_transformer,
        feature_columns=features,
        classes=classes,
        target_onehot=target_onehot and classes is not None,
        output_names=[str(n) for n in column_transformer.get_feature_names_out()],
    )


def _onehot_encoder():
    from sklearn.preprocessing import OneHotEncoder

    return OneHotEncoder(handle_unknown="ignore", sparse_output=False)


def _ordinal_encoder():
    from sklearn.preprocessing import OrdinalEncoder

    return OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)


def _scaler(method: str):
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    return {"minmax": MinMaxScaler, "standard": StandardScaler}[method]()


def _columns(names: list[str], features: list[str], target: str | None, where: str) -> list[str]:
    for name in names:
        if name == target:
            raise DataError(
                f"{name!r} is the target; it cannot also be a feature step",
                where=where,
                hint=f"remove it from {where}: the target is encoded by itself "
                "(data.target_encoding)",
            )
        if name not in features:
            raise missing_column(name, features, where)
    return list(names)


def _reject_text(frame: pd.DataFrame, columns: list[str]) -> None:
    text = text_columns(frame[columns])
    if text:
        values = frame[text[0]].dropna()
        mixed = text_among_numbers(values)  # a few cells of text: show those, not numbers
        if mixed is not None:
            raise mixed
        sample = values.astype(str).unique()[:3]
        raise DataError(
            f"column {text[0]!r} still holds text (e.g. {', '.join(map(repr, sample))}) after the row steps",
            where="data.preprocess",
            hint=f"one-hot it ({list_override('data.preprocess.onehot', text[:1])}), label-encode"
            " it, map it with data.preprocess.replace, or drop it",
        )


def _sort_key(value: Any) -> tuple[int, Any]:
    return (0, value) if isinstance(value, int | float | np.number) else (1, str(value))
