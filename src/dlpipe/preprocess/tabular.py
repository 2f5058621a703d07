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

from dlpipe.data.header import missing_column
from dlpipe.errors import DataError
from dlpipe.preprocess.kinds import Column, decide_columns, one_error, table_problems
from dlpipe.preprocess.protocol import FittedPreprocessor
from dlpipe.preprocess.rows import apply_row_steps

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
    # Each column's kind and use (kinds.Column as dicts: plain data in the saved file).
    # Empty in runs saved before kinds were inferred: every feature column is then used.
    columns: tuple[dict[str, Any], ...] = ()
    imputes: bool = False  # missing feature values are filled in (else: no prediction)
    target_mean: float = 0.0  # a regression target's training mean and standard deviation:
    target_scale: float = 1.0  # the model's last layer maps back to the target's units
    # Text columns read as words (kind text): one fitted TextPreprocessor each, whose token
    # ids follow the features in the model input (the model splits them off again).
    texts: tuple[Any, ...] = ()

    def text_branches(self) -> list[tuple[str, int, int]]:
        """(column, tokens per row, vocabulary size) of each text column, in input order."""
        return [(t.column, t.length, t.vocabulary_size) for t in self.texts]

    def prepare(self, raw: pd.DataFrame) -> pd.DataFrame:
        """Row steps for new raw rows (predict): every row is kept."""
        return apply_row_steps(raw, self.preprocess, training=False)

    def decided(self) -> list[Column]:
        """The columns as decided when fitting (:mod:`dlpipe.preprocess.kinds`)."""
        return [Column(**row) for row in self.columns]

    def describe(self) -> list[dict[str, Any]]:
        """One row per column of the table: its kind, how the model uses it, and why."""
        return [dict(row) for row in self.columns]

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Feature matrix (float32) for rows that went through the row steps."""
        for column in self.feature_columns:
            if column not in frame.columns:
                raise missing_column(column, list(frame.columns), where="input")
        texts = [with_a_word(t.transform(t.prepare(frame[[t.column]]))) for t in self.texts]
        if self.columns:
            from dlpipe.preprocess.columns import model_frame

            frame = model_frame(frame, self.decided())
        words = {t.column for t in self.texts}
        numbers = [c for c in self.feature_columns if c not in words]
        matrix = np.asarray(self.features.transform(frame[numbers]), dtype="float32")
        if np.isnan(matrix).any():
            bad = [
                n
                for n, has in zip(self.output_names, np.isnan(matrix).any(axis=0), strict=True)
                if has
            ]
            raise DataError(
                f"missing values remain after preprocessing in: {', '.join(bad)}",
                where="data.preprocess",
                hint="fill them in (data.preprocess.impute), drop those rows"
                " (data.preprocess.dropna) or those columns (data.preprocess.drop)",
            )
        if texts:  # token ids are small whole numbers: exact as float32
            return np.hstack([matrix, *(t.astype("float32") for t in texts)])
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

    def array_input(self, array: np.ndarray) -> tuple[pd.DataFrame | None, np.ndarray]:
        """Rows of the feature columns, in their order (as a frame, which is predicted)."""
        rows = np.asarray(array)
        if rows.ndim != 2 or rows.shape[1] != len(self.feature_columns):
            raise DataError(
                f"an array of shape {rows.shape} for a table of {len(self.feature_columns)}"
                " columns",
                where="input",
                hint="one row per sample, the columns in this order:"
                f" {', '.join(self.feature_columns)} (or give a DataFrame)",
            )
        # (a mixed array holds objects: its columns of numbers become numbers again)
        return pd.DataFrame(rows, columns=self.feature_columns).infer_objects(), rows

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
            encoder = encoder[-1] if hasattr(encoder, "steps") else encoder  # a Pipeline's last
            for column, categories in zip(
                columns, getattr(encoder, "categories_", ()), strict=False
            ):
                seen[str(column)] = list(categories)
        return seen

    def check_numbers(self, rows: pd.DataFrame) -> None:
        """A column the model reads as numbers holds numbers (or nothing) in every row:
        scikit-learn would stop at the first text with a ValueError."""
        encoded = set(self.encoders())
        encoded |= {c.name for c in self.decided() if c.use != "number"}
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

    def unseen(self, rows: pd.DataFrame) -> dict[str, pd.Series]:
        """Per encoded column, which of ``rows`` hold a value training never saw: the
        model gets none of the known categories for them (a one-hot of zeros)."""
        found = {}
        for column, categories in self.encoders().items():
            if column not in rows:
                continue
            known = {str(c) for c in categories}
            values = rows[column]
            new = values.notna() & ~values.astype(str).isin(known)
            if new.any():
                found[column] = new
        return found

    def unseen_values(self, raw: pd.DataFrame) -> list[str]:
        """Per raw row, its values training never saw, e.g. ``island='Atlantis'``."""
        rows = self.prepare(raw)
        flags = [[] for _ in range(len(rows))]  # type: list[list[str]]
        for column, new in self.unseen(rows).items():
            for position in np.flatnonzero(new.to_numpy()):
                flags[position].append(f"{column}={rows[column].iloc[position]!r}")
        return ["; ".join(row) for row in flags]

    def warn_unseen(self, rows: pd.DataFrame) -> None:
        """Say which category values training never saw: the model treats them as none
        of the known categories, so their predictions are guesses."""
        encoders = self.encoders()
        for column, new in self.unseen(rows).items():
            unseen = sorted({str(v) for v in rows[column][new]})
            categories = encoders[column]
            log.warning(
                "input column %r has values training never saw: %s (%d rows); the model"
                " treats them as none of the known ones (%s)",
                column,
                ", ".join(map(repr, unseen[:5])) + (" …" if len(unseen) > 5 else ""),
                int(new.sum()),
                ", ".join(map(str, categories[:10])),
            )

    def labelled_input(self, raw: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """The model's input and the encoded target of the rows that have one (after the
        row steps, which may rewrite the target as in training)."""
        if self.target is None or self.target not in raw.columns:
            raise DataError(
                f"the input has no column {self.target!r}: evaluate needs the true values",
                where="input",
                hint=f"give a CSV with the target column {self.target!r} beside the features",
            )
        labelled = raw[self.prepare(raw)[self.target].notna().to_numpy()]
        if labelled.empty:
            raise DataError(
                f"no row has a value in the target column {self.target!r}",
                where="input",
                hint="give labelled rows: the true values in the target column",
            )
        x, answers = self.model_input(labelled)
        truth = self.prepare(labelled)[self.target].iloc[answers]
        return x, self.encode_target(truth)

    def model_input(self, raw: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """The rows after the row steps; a row with a missing feature value gets no
        prediction (said once), and none at all is an error."""
        rows = self.prepare(raw)
        self.check_numbers(rows)
        self.warn_unseen(rows)
        if self.imputes:  # every row gets a prediction, its gaps filled as in training
            return self.transform(rows), np.arange(len(rows))
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
    columns: list[Column] | None = None,
    scale_target: bool = True,
    text: Mapping[str, Any] | None = None,
) -> TabularPreprocessor:
    """Fit the feature transformer and the target encoder on the training rows only.
    ``columns``: the kinds decided on the whole table (decided here from ``train`` if not
    given; a column that cannot be used is an error naming every such column). ``text``:
    how text columns are read (``data.text``); each learns its vocabulary here."""
    from dlpipe.preprocess.columns import build_features, impute_settings, model_frame

    if columns is None:
        columns = decide_columns(train, preprocess, target)
        problems = table_problems(train, columns, preprocess, target)
        if problems:
            raise one_error(problems, preprocess)
    used = [c.name for c in columns if c.used]
    column_transformer = build_features(columns, preprocess)
    column_transformer.fit(model_frame(train, columns))

    classes = None
    if task != "regression" and target is not None:
        classes = sorted(train[target].dropna().unique().tolist(), key=_sort_key)
    mean, scale = 0.0, 1.0
    if task == "regression" and target is not None and scale_target:
        values = pd.to_numeric(train[target]).to_numpy(dtype="float64")
        mean, scale = float(values.mean()), float(values.std()) or 1.0
    # (OmegaConf here, where it fits: the saved model's loader imports this module without it)
    from omegaconf import OmegaConf

    from dlpipe.config.plain import to_dict

    return TabularPreprocessor(
        preprocess=to_dict(OmegaConf.create(dict(preprocess)), resolve=True),  # plain: saved
        target=target,
        task=task,
        features=column_transformer,
        feature_columns=used,
        classes=classes,
        target_onehot=target_onehot and classes is not None,
        output_names=[str(n) for n in column_transformer.get_feature_names_out()],
        columns=tuple(c.as_row() for c in columns),
        imputes=impute_settings(preprocess) is not None,
        target_mean=mean,
        target_scale=scale,
        texts=tuple(
            fit_words(text or {}, str(c.name), train[c.name]) for c in columns if c.use == "text"
        ),
    )


def with_a_word(tokens: np.ndarray) -> np.ndarray:
    """Rows without a word read as one unknown word (id 1): the model averages a text's
    words with the padding masked, and an average of none would be 0 / 0."""
    empty = ~tokens.any(axis=1)
    tokens[empty, -1] = 1
    return tokens


def fit_words(settings: Mapping[str, Any], column: str, values: pd.Series) -> Any:
    """A text column's vocabulary, learned on the training rows (empty cells: no words)."""
    from dlpipe.preprocess.text import fit_text

    sentences = values.fillna("").astype(str).tolist()
    return fit_text({**settings, "column": column}, sentences, [], "binary", False)


def _sort_key(value: Any) -> tuple[int, Any]:
    return (0, value) if isinstance(value, int | float | np.number) else (1, str(value))
