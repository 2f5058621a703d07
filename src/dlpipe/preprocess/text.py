"""Text preprocessing: clean → tokens → integer sequences, pre-padded to a fixed length.

The equivalent of Keras' ``TextVectorization`` (index 0 = padding, 1 = unknown word,
then words by frequency) plus ``pad_sequences`` — but a plain picklable object, so it is
saved with the run and reused by ``predict``. The vocabulary is learned from the training
split only: words that appear only in validation or test map to 1 (unknown).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from dlpipe.errors import DataError
from dlpipe.preprocess.labels import decode_indices, indices_of, targets_from_indices
from dlpipe.preprocess.protocol import FittedPreprocessor

PAD, UNKNOWN = "", "[UNK]"
_PUNCTUATION = re.compile(f"[{re.escape(string.punctuation)}]")


@dataclass
class TextPreprocessor(FittedPreprocessor):
    """A learned vocabulary and the rules that turn a sentence into a fixed-length sequence."""

    kind: ClassVar[str] = "text"
    column: str
    vocabulary: list[str]  # index → word; 0 is padding, 1 the unknown word
    length: int
    lower: bool = True
    strip_punctuation: bool = True
    stop_words: frozenset[str] = frozenset()
    padding: str = "pre"
    truncating: str = "pre"
    classes: list[Any] = field(default_factory=list)
    task: str = "binary"
    target_onehot: bool = False

    @property
    def vocabulary_size(self) -> int:
        """Rows an Embedding needs (``input_dim``): the words plus padding and unknown."""
        return len(self.vocabulary)

    def prepare(self, raw: Any) -> list[str]:
        """Raw input → sentences: a DataFrame (its text column), a list of strings, or one string."""
        if isinstance(raw, str):
            return [raw]
        if isinstance(raw, pd.DataFrame):
            if self.column not in raw.columns:
                from dlpipe.data.header import missing_column

                raise missing_column(self.column, list(raw.columns), "data.text.column")
            return raw[self.column].fillna("").astype(str).tolist()
        return [str(s) for s in raw]

    def tokens(self, sentence: str) -> list[str]:
        """Lower-case, strip punctuation, split on spaces, drop stop words."""
        return tokenize(sentence, self.lower, self.strip_punctuation, self.stop_words)

    def transform(self, sentences: Iterable[str]) -> np.ndarray:
        """Integer sequences (int32), padded with 0 and truncated to ``length``."""
        index = {word: i for i, word in enumerate(self.vocabulary)}
        rows = [[index.get(w, 1) for w in self.tokens(s)] for s in sentences]
        return pad(rows, self.length, self.padding, self.truncating)

    def encode_target(self, values: Sequence[Any]) -> np.ndarray:
        """Labels → integer indices (one-hot when the loss asks)."""
        indices = indices_of(list(values), self.classes, "data.target")
        return targets_from_indices(indices, self.n_classes, self.target_onehot)

    def decode(self, labels: Any) -> list[Any]:
        """Integer labels (or probabilities) → the original label values."""
        return decode_indices(labels, self.classes)

    def read_input(self, path: Path, data: Mapping[str, Any]) -> pd.DataFrame:
        """A ``.txt`` file (one text per line), or a CSV with the text column."""
        if path.suffix.lower() == ".txt" and path.is_file():
            return pd.DataFrame({self.column: path.read_text().splitlines()})
        return super().read_input(path, data)


def tokenize(
    sentence: str, lower: bool, strip_punctuation: bool, stop_words: frozenset[str]
) -> list[str]:
    """One sentence → its words, cleaned the same way for fitting and for transforming."""
    text = sentence.lower() if lower else sentence
    if strip_punctuation:
        text = _PUNCTUATION.sub("", text)
    return [w for w in text.split() if w not in stop_words]


def pad(rows: list[list[int]], length: int, padding: str, truncating: str) -> np.ndarray:
    """Keras' ``pad_sequences``: 0-padding and truncation at the chosen ends."""
    out = np.zeros((len(rows), length), dtype="int32")
    for i, row in enumerate(rows):
        kept = (row[-length:] if truncating == "pre" else row[:length]) if row else []
        if kept:
            if padding == "pre":
                out[i, length - len(kept) :] = kept
            else:
                out[i, : len(kept)] = kept
    return out


def fit_text(
    cfg: Mapping[str, Any],
    sentences: Sequence[str],
    labels: Sequence[Any],
    task: str,
    onehot: bool,
) -> TextPreprocessor:
    """Learn the vocabulary (capped at ``max_tokens``) and classes from the training split."""
    lower, strip = bool(cfg.get("lower", True)), bool(cfg.get("strip_punctuation", True))
    stop_words = frozenset(
        w
        for word in (cfg.get("stop_words") or [])
        for w in tokenize(str(word), lower, strip, frozenset())
    )
    counts = Counter(w for s in sentences for w in tokenize(s, lower, strip, stop_words))
    max_tokens = int(cfg.get("max_tokens", 10000))
    if max_tokens < 3:
        raise DataError(
            f"max_tokens={max_tokens} leaves no room for words (0 is padding, 1 unknown)",
            where="data.text.max_tokens",
        )
    ranked = sorted(counts, key=lambda w: (-counts[w], w))[: max_tokens - 2]
    classes = sorted(set(labels), key=_sort_key)
    return TextPreprocessor(
        column=str(cfg.get("column", "text")),
        vocabulary=[PAD, UNKNOWN, *ranked],
        length=int(cfg.get("length", 20)),
        lower=lower,
        strip_punctuation=strip,
        stop_words=stop_words,
        padding=str(cfg.get("padding", "pre")),
        truncating=str(cfg.get("truncating", "pre")),
        classes=list(classes),
        task=task,
        target_onehot=bool(onehot and task == "multiclass"),
    )


def _sort_key(value: Any) -> tuple[int, Any]:
    return (0, value) if isinstance(value, int | float | np.number) else (1, str(value))
