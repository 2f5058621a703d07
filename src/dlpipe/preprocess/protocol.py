"""The contract every fitted preprocessor keeps: tables, text, images and series alike.

Fitted on the training split only (``fit_tabular``, ``fit_text``, ``fit_images``,
``fit_series``), then used unchanged for validation, test, ``predict`` and the MLflow
model. Like a fitted scikit-learn estimator it has ``get_params`` and ``transform``
(prepared input → model input), plus the target's encoding and its inverse. What differs
by kind — how ``predict`` reads a file, which input rows a prediction answers, how a
score becomes a value — is a method too, so callers never ask what kind they hold.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np
import pandas as pd

from dlpipe.errors import ConfigError, DataError


class Preprocessor(Protocol):
    """What the training, ``predict`` and the MLflow model use of a fitted preprocessor."""

    kind: ClassVar[str]  # table, text, images, series
    task: str  # binary, multiclass, regression
    classes: list[Any] | None
    target_onehot: bool
    target_mean: float
    target_scale: float

    @property
    def n_classes(self) -> int:
        """How many classes the target has (0 for regression)."""
        ...

    def get_params(self) -> dict[str, Any]:
        """Everything learned and configured (scikit-learn's ``get_params``)."""
        ...

    def describe(self) -> list[dict[str, Any]]:
        """One row per input column: its kind, how the model uses it, and why."""
        ...

    def text_branches(self) -> list[tuple[str, int, int]]:
        """Text columns read beside the features: (column, tokens, vocabulary size)."""
        ...

    def prepare(self, raw: Any) -> Any:
        """Raw input → what :meth:`transform` takes (rows, sentences, pixels, ordered rows)."""
        ...

    def transform(self, prepared: Any) -> np.ndarray:
        """Prepared input → the model's input array."""
        ...

    def decode(self, labels: Any) -> Any:
        """The target's inverse: labels or scaled values → the original values."""
        ...

    def read_input(self, path: Path, data: Mapping[str, Any]) -> pd.DataFrame:
        """A file given to ``predict`` as the raw rows to predict."""
        ...

    def check_input(self, raw: pd.DataFrame) -> pd.DataFrame:
        """``raw`` with what the model needs, checked before the model is loaded."""
        ...

    def array_input(self, array: np.ndarray) -> tuple[pd.DataFrame | None, np.ndarray]:
        """A NumPy array from a Python caller: the rows it stands for (or None) and the
        model's input."""
        ...

    def labelled_input(self, raw: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """The model's input and the encoded labels of labelled raw rows (``evaluate``)."""
        ...

    def model_input(self, raw: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """The model's input for raw rows, and the position in ``raw`` each of its rows
        answers (rows without a prediction are left out)."""
        ...

    def unseen_values(self, raw: pd.DataFrame) -> list[str]:
        """Per raw row, the category values training never saw ("" for none)."""
        ...

    def decode_scores(self, scores: np.ndarray, raw: pd.DataFrame | None = None) -> pd.DataFrame:
        """Model outputs → ``prediction`` (original values) and, for classes, one
        ``probability_<class>`` column each; ``raw``: the rows they answer (a series
        predicts changes from its own last values)."""
        ...


def reading_settings(data: Mapping[str, Any]) -> tuple[str, str]:
    """The run's separator and encoding, checked as training checks its own: a run's
    config may come from anyone, and a separator longer than one character is a regular
    expression to pandas, which can run for ever on each line."""
    from types import SimpleNamespace

    from dlpipe.config.validate import check_reading

    sep, encoding = str(data.get("sep") or ","), str(data.get("encoding") or "utf-8")
    try:
        check_reading(SimpleNamespace(sep=sep, encoding=encoding))
    except ConfigError as exc:
        raise DataError(
            f"the run's config.yaml: {exc.where}: {exc.message}",
            where="run",
            hint="the run's config.yaml was changed after training: use the run's own files",
        ) from None
    return sep, encoding


class FittedPreprocessor:
    """What every kind shares; each kind overrides what differs."""

    kind: ClassVar[str] = ""
    task: str
    classes: list[Any] | None
    target_onehot: bool
    # A regression target's training mean and standard deviation, when the model maps its
    # standardised output back to the target's units (tables); identity otherwise.
    target_mean: float = 0.0
    target_scale: float = 1.0

    @property
    def n_classes(self) -> int:
        """How many classes the target has (0 for regression)."""
        return len(self.classes) if self.classes else 0

    def get_params(self) -> dict[str, Any]:
        """Every field, by name (the preprocessors are dataclasses)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    def describe(self) -> list[dict[str, Any]]:
        """One row per input column (its kind, use and why), for kinds that have columns."""
        return []

    def text_branches(self) -> list[tuple[str, int, int]]:
        """None here: only tables read text columns beside their features."""
        return []

    def prepare(self, raw: Any) -> Any:
        return raw

    def transform(self, prepared: Any) -> np.ndarray:
        raise NotImplementedError

    def decode(self, labels: Any) -> Any:
        raise NotImplementedError

    def read_input(self, path: Path, data: Mapping[str, Any]) -> pd.DataFrame:
        """A CSV, read with the training data's separator and encoding."""
        if not path.is_file():
            raise DataError(
                f"{path} {'is a folder' if path.is_dir() else 'does not exist'}",
                where="input",
                hint="give a CSV file",
            )
        sep, encoding = reading_settings(data)
        try:
            return pd.read_csv(path, sep=sep, encoding=encoding, engine="c")
        except (
            pd.errors.ParserError,
            UnicodeDecodeError,
            pd.errors.EmptyDataError,
            ValueError,
        ) as exc:
            raise DataError(
                f"cannot read {path} as a table: {exc}",
                where="input",
                hint=f"this run's model reads tables: give a CSV file ({self.kind} run)",
            ) from None

    def check_input(self, raw: pd.DataFrame) -> pd.DataFrame:
        return raw

    def array_input(self, array: np.ndarray) -> tuple[pd.DataFrame | None, np.ndarray]:
        """A NumPy array from a Python caller (``dlpipe.load(...).predict``): the rows it
        stands for, if any, and the model's input. Kinds whose input is a file refuse it."""
        raise DataError(
            f"an array is not an input of a {self.kind} run",
            where="input",
            hint="give a DataFrame or the path of a file, as for the predict verb",
        )

    def labelled_input(self, raw: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Labelled rows of a kind whose input holds no labels here: refused."""
        raise DataError(
            f"evaluate reads a labelled table; a {self.kind} run's input holds no labels here",
            where="input",
            hint="evaluate a table run on a CSV with its target column; for this run,"
            " python -m dlpipe predict gives the predictions",
        )

    def unseen_values(self, raw: pd.DataFrame) -> list[str]:
        """Per raw row, the category values training never saw (``"island='Atlantis'"``;
        ``""`` for none): none here, only tables encode categories."""
        return [""] * len(raw)

    def model_input(self, raw: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """One model row per raw row."""
        return self.transform(self.prepare(raw)), np.arange(len(raw))

    def decode_scores(self, scores: np.ndarray, raw: pd.DataFrame | None = None) -> pd.DataFrame:
        if self.task == "regression":
            if scores.ndim == 2 and scores.shape[1] > 1:
                names = [f"prediction_{i}" for i in range(scores.shape[1])]
                return pd.DataFrame(scores, columns=names)
            return pd.DataFrame({"prediction": scores.reshape(-1).astype(float)})
        classes = list(self.classes or [])
        if self.task == "binary" and (scores.ndim == 1 or scores.shape[1] == 1):
            positive = scores.reshape(-1).astype(float)
            probabilities = np.column_stack([1.0 - positive, positive])
        else:
            probabilities = scores.astype(float)
        labels = np.argmax(probabilities, axis=1)
        out = pd.DataFrame({"prediction": self.decode(labels)})
        for index, name in enumerate(classes):
            out[f"probability_{name}"] = probabilities[:, index]
        return out
