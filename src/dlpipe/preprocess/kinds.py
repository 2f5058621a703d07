"""What each column of a table is, and how the model will use it: decided once per table.

A step the user wrote (``onehot``, ``label_encode``, ``scale.columns``, ``kinds``) decides
its columns; every other column's kind is inferred from its values, as a modern tabular
tool does: numbers are scaled, booleans and text with few values one-hot encoded, dates
split into calendar parts, and free text, identifiers, text with very many values and
constant columns left out with a note. The whole table (after the row steps) is read, so
``check`` decides exactly what training decides; what is *learned* (categories, medians,
scales) is still fitted on the training split only (:mod:`dlpipe.preprocess.columns`).

Pandas only (no scikit-learn): ``check`` runs this without importing a model library.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from dlpipe.data.header import missing_column
from dlpipe.errors import DataError, list_override, printable, quoted_override
from dlpipe.preprocess.rows import text_among_numbers, text_columns

# Text with at most this many distinct values is one-hot encoded (more when every value is
# frequent: MANY_CATEGORIES values seen at least ROWS_PER_CATEGORY times each on average).
FEW_CATEGORIES = 20
MANY_CATEGORIES = 100
ROWS_PER_CATEGORY = 20
# A column with a different value in (nearly) every row names the row, it does not
# describe it; below this many rows nothing is judged an identifier.
ID_SHARE = 0.95
ID_MIN_ROWS = 20
# Numbers with at most this many cells of text (or this share) are numbers with typos
# ('n/a?'), named as a problem; more text makes it a text column (ticket codes, 'A/5 211').
TYPOS, TYPO_SHARE = 5, 0.02
# Text whose values have this many words on average (and too many values to be
# categories) is free text: a name, a sentence, a description.
TEXT_WORDS = 2.0
_ID_NAME = re.compile(r"(^|[_\s.-])(id|key|uuid|index)$|^(id|key|no|uuid)([_\s.-]|$)|번호$", re.I)


@dataclass(frozen=True)
class Column:
    """One feature column's kind and use, and why (a row of the printed table)."""

    name: str
    kind: str  # number, boolean, category, ordinal, datetime, text, id, many, constant, empty
    use: str  # number, onehot, ordinal, datetime, text, or "" (left out)
    why: str  # what was seen, e.g. "3 values", "free text, 305 values"
    by: str  # "inferred", or the step that decided it (data.preprocess.onehot ...)
    missing: int = 0

    @property
    def used(self) -> bool:
        return bool(self.use)

    def as_row(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Problem:
    """A column that cannot be used as it is: what is wrong, where, and what fixes it."""

    column: str
    message: str
    where: str
    hint: str
    text: bool = False  # text where numbers are read: one-hot encoding would use it

    def error(self) -> DataError:
        return DataError(self.message, where=self.where, hint=self.hint)


def decide_columns(
    frame: pd.DataFrame, steps: Mapping[str, Any], target: str | None
) -> list[Column]:
    """Each feature column of ``frame`` (after the row steps), in order, with its kind."""
    given = _given_kinds(steps, [c for c in frame.columns if c != target], target)
    infer = steps.get("infer", True) is not False
    columns = []
    for name in frame.columns:
        if name == target:
            continue
        values = frame[name]
        missing = int(values.isna().sum())
        if name in given:
            kind, by = given[name]
            use = "" if kind == "skip" else {"category": "onehot"}.get(kind, kind)
            why = "left out" if kind == "skip" else _seen(values)
            columns.append(Column(str(name), kind, use, why, by, missing))
        elif not infer:
            columns.append(_as_written(str(name), values, missing))
        else:
            columns.append(_infer(str(name), values, missing))
    return columns


def _given_kinds(
    steps: Mapping[str, Any], features: list[Any], target: str | None
) -> dict[Any, tuple[str, str]]:
    """Columns a step names → (kind, the step's key): the user's word wins over inference;
    a column's own entry in ``kinds`` over the lists (``onehot``, ``label_encode``,
    ``scale.columns``), so that ``kinds.island=skip`` undoes a shipped ``onehot: [island]``."""
    scale = steps.get("scale") or {}
    kinds = dict(steps.get("kinds") or {})
    named: list[tuple[str, Any, str]] = [
        ("scale.columns", name, "number") for name in scale.get("columns") or []
    ]
    named += [("label_encode", name, "ordinal") for name in steps.get("label_encode") or []]
    named += [("onehot", name, "category") for name in steps.get("onehot") or []]
    named += [(f"kinds.{name}", name, str(kind)) for name, kind in kinds.items()]
    given: dict[Any, tuple[str, str]] = {}
    for key, name, kind in named:
        where = f"data.preprocess.{key}"
        if name == target:
            raise DataError(
                f"{name!r} is the target; it cannot also be a feature step",
                where=where,
                hint=f"remove it from {where.rsplit('.', 1)[0] if key.startswith('kinds.') else where}:"
                " the target is encoded by itself (data.target_encoding)",
            )
        if name not in features:
            raise missing_column(str(name), [str(f) for f in features], where)
        if kind not in (*column_kinds(), "ordinal"):
            raise DataError(
                f"unknown kind {kind!r} for column {name!r}",
                where=where,
                hint=f"one of: {', '.join(column_kinds())}",
            )
        given[name] = (kind, where)
    return given


def _as_written(name: str, values: pd.Series, missing: int) -> Column:
    """``infer: false``: a column is used as numbers, as it was before kinds were inferred."""
    return Column(name, "number", "number", _seen(values), "data.preprocess.infer=false", missing)


def _infer(name: str, values: pd.Series, missing: int) -> Column:
    return Column(name, *_inferred_kind(name, values), "inferred", missing)


def _inferred_kind(name: str, values: pd.Series) -> tuple[str, str, str]:
    """(kind, use, why) from the values: the rules of the module's docstring, in order."""
    present = values.dropna()
    distinct = int(present.nunique())
    if present.empty:
        return "empty", "", "no values"
    if distinct == 1:
        return "constant", "", f"one value ({_short(present.iloc[0])})"
    numeric = pd.api.types.is_numeric_dtype(present)
    if pd.api.types.is_bool_dtype(present) or (numeric and distinct == 2):
        return "boolean", "number", "2 values"
    if numeric:
        if _names_rows(name, present, len(values)):
            return "id", "", f"a different whole number in each of {len(values)} rows"
        return "number", "number", _seen(values)
    text = present.astype(str)
    not_numbers = int(pd.to_numeric(text, errors="coerce").isna().sum())
    if not_numbers < len(text) / 2 and not_numbers <= max(TYPOS, TYPO_SHARE * len(text)):
        return "number", "number", "numbers and some text"  # the text: a Problem
    if distinct <= 2 and {v.lower() for v in text.unique()} <= _BOOLEAN_WORDS:
        return "boolean", "onehot", "2 values"
    if _looks_like_dates(text):
        return "datetime", "datetime", "dates"
    if distinct <= FEW_CATEGORIES or (
        distinct <= MANY_CATEGORIES and len(text) >= ROWS_PER_CATEGORY * distinct
    ):
        return "category", "onehot", f"{distinct} values"
    if float(text.str.split().str.len().mean()) >= TEXT_WORDS:
        return "text", "", f"free text, {distinct} values"
    if distinct >= ID_SHARE * len(text) and len(values) >= ID_MIN_ROWS:
        return "id", "", f"a different value in {distinct} of {len(text)} rows"
    return "many", "", f"{distinct} values: too many to one-hot"


_BOOLEAN_WORDS = {"true", "false", "yes", "no", "y", "n", "t", "f", "예", "아니오"}


def _names_rows(name: str, present: pd.Series, rows: int) -> bool:
    """Whole numbers, one per row, counting up (1, 2, 3 …) or under an id-like name."""
    if rows < ID_MIN_ROWS or len(present) < rows or present.nunique() < rows:
        return False
    if not pd.api.types.is_integer_dtype(present) and not bool((present == present.round()).all()):
        return False
    span = float(present.max()) - float(present.min()) + 1
    return span == rows or bool(_ID_NAME.search(name))


def _looks_like_dates(text: pd.Series) -> bool:
    """Most of the first 200 values read as dates (and are not plain numbers)."""
    sample = text.iloc[:200]
    if (
        not sample.str.contains(r"\d", regex=True).all()
        or not sample.str.contains(r"[-/:.년]", regex=True).all()
    ):
        return False
    return bool(read_dates(sample).notna().mean() >= 0.9)


def read_dates(values: pd.Series) -> pd.Series:
    """Each value as a UTC timestamp (each in its own format); NaT where it is no date."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pd.to_datetime(values, errors="coerce", format="mixed", utc=True)


def _seen(values: pd.Series) -> str:
    present = values.dropna()
    if pd.api.types.is_numeric_dtype(present) and len(present):
        return f"{_short(present.min())} … {_short(present.max())}"
    return f"{present.nunique()} values"


def _short(value: Any) -> str:
    is_float = isinstance(value, float | np.floating)
    text = f"{value:.4g}" if is_float else printable(str(value), newlines=False)
    return text if len(text) <= 20 else text[:19] + "…"


def table_problems(
    frame: pd.DataFrame, columns: list[Column], steps: Mapping[str, Any], target: str | None
) -> list[Problem]:
    """Every column that cannot be used as it is, in the table's order: a NUL character,
    an infinite number, text among numbers, text in a column the model must read as
    numbers. Found from the whole table (the training part may hold none of them)."""
    problems = []
    by_name = {c.name: c for c in columns}
    encoded = {str(c) for c in steps.get("replace") or {}}
    for name in frame.columns:
        values = frame[name]
        nul = _nul(name, values)
        if nul is not None:
            problems.append(nul)
            continue
        column = by_name.get(str(name))
        if column is not None and column.use == "datetime" and column.by != "inferred":
            not_dates = _not_dates(str(name), values, column.by)
            if not_dates is not None:
                problems.append(not_dates)
            continue
        reads_numbers = column is not None and column.use == "number"
        if (reads_numbers or name == target) and pd.api.types.is_numeric_dtype(values):
            infinite = _infinite(str(name), values, added_override(steps, "drop", [str(name)]))
            if infinite is not None:
                problems.append(infinite)
            continue
        if column is None or not reads_numbers:
            continue
        mixed = text_among_numbers(values)
        if mixed is not None:
            hint = str(mixed.hint)
            if str(name) in encoded:  # a map that leaves some values as text
                hint = f"map them too in data.preprocess.replace.{name}, or {hint}"
            problems.append(Problem(str(name), mixed.message, "data.path", hint))
            continue
        problems.append(_text_left(str(name), values, column, steps))
    if columns and not any(c.used for c in columns):
        problems.append(_nothing_used(columns, steps))
    return problems


def _nothing_used(columns: list[Column], steps: Mapping[str, Any]) -> Problem:
    """Every feature column was left out: name each and the override that uses one."""
    first = next((c for c in columns if c.kind not in ("empty", "constant")), columns[0])
    kind = "category" if first.kind in ("many", "id", "text") else "number"
    return Problem(
        "",
        "no column is left to learn from: "
        + ", ".join(f"{c.name!r} ({c.kind}: {c.why})" for c in columns[:10])
        + (" …" if len(columns) > 10 else ""),
        "data.preprocess",
        f"use one anyway, e.g. {use_as(steps, first.name, kind)}, or add columns to the table",
    )


def _not_dates(name: str, values: pd.Series, by: str) -> Problem | None:
    """A column declared to hold dates whose values do not read as dates (they would
    all become the training median, silently)."""
    present = values.dropna()
    bad = present[read_dates(present).isna()]
    if bad.empty:
        return None
    sample = ", ".join(repr(printable(str(v))) for v in bad.astype(str).unique()[:3])
    return Problem(
        name,
        f"column {name!r} is declared datetime ({by}), but {len(bad)} of its {len(present)}"
        f" values are not dates: {sample}",
        by,
        "fix those values (e.g. 2024-03-01 or 2024-03-01 14:30), or declare another kind",
    )


def _infinite(name: str, values: pd.Series, drop_hint: str) -> Problem | None:
    """An infinite number: scikit-learn's scalers stop at it, and a model fed one learns nan."""
    infinite = int(np.isinf(values.to_numpy(float)).sum())
    if not infinite:
        return None
    return Problem(
        name,
        f"column {name!r} holds {infinite} infinite value(s)",
        "data.path",
        "fix them in the file, or leave the column out: " + drop_hint,
    )


def _nul(name: Any, values: pd.Series) -> Problem | None:
    """A NUL character in a text cell: a text file never holds one, so the file is
    damaged or partly binary (it trained silently, the NUL part of a category)."""
    if name not in text_columns(values.to_frame()):
        return None
    holds = values.astype("string").str.contains("\0", regex=False, na=False)
    if not holds.any():
        return None
    row = int(np.flatnonzero(holds.to_numpy())[0])
    label = values.index[row]  # the row's place in the file, when it is a number
    where_in = f"data row {label + 1}, " if isinstance(label, int | np.integer) else ""
    return Problem(
        str(name),
        f"column {name!r} holds a NUL character ({where_in}"
        f"'{printable(str(values.iloc[row]))}'): the file is damaged or partly binary",
        "data.path",
        "fix the file, or remove the NULs: tr -d '\\000' < in.csv > out.csv",
    )


def _text_left(name: str, values: pd.Series, column: Column, steps: Mapping[str, Any]) -> Problem:
    """Text in a column the model reads as numbers (a step or infer=false said so)."""
    sample = values.dropna().astype(str).unique()[:3]
    fix = (
        f"one-hot it ({added_override(steps, 'onehot', [name])}), label-encode"
        " it, map it with data.preprocess.replace, or drop it"
    )
    if column.by != "data.preprocess.infer=false":
        fix = f"{column.by} reads it as numbers: {fix}"
    return Problem(
        name,
        f"column {name!r} still holds text (e.g. {', '.join(map(repr, sample))}) after the row steps",
        "data.preprocess",
        fix,
        text=True,
    )


def one_error(problems: list[Problem], steps: Mapping[str, Any]) -> DataError:
    """One message for every problem: a user fixes them all in one go, not one per try."""
    if len(problems) == 1:
        return problems[0].error()
    lines = "".join(f"\n  - {p.where}: {p.message}" for p in problems)
    text = [p.column for p in problems if p.text]
    hints = "".join(f"\n    {p.column or 'table'}: {p.hint}" for p in problems if not p.text)
    if text:
        hints += f"\n    {', '.join(text)}: one-hot them ({added_override(steps, 'onehot', text)}), label-encode, map (data.preprocess.replace) or drop them"
    return DataError(
        f"{len(problems)} columns cannot be used as they are:{lines}",
        where="data",
        hint=f"one fix per column:{hints}",
    )


USES = {
    "number": "scaled",
    "onehot": "one-hot",
    "ordinal": "label-encoded",
    "datetime": "calendar parts",
    "text": "words embedded",
}


# The printed table shows this many columns; all of them are in the run's columns.csv.
SHOWN = 20


def scaled_numbers(columns: list[Column], steps: Mapping[str, Any]) -> list[str]:
    """The number columns the scaler takes: those ``scale.columns`` lists, else every one
    (none with ``scale: null`` or ``method: none``)."""
    scale = steps.get("scale") or {}
    method = str(scale.get("method", "none")) if scale else "none"
    only = {str(c) for c in scale.get("columns") or []} if scale else set()
    numbers = [c.name for c in columns if c.use == "number"]
    return [c for c in numbers if c in only] if only else numbers if method != "none" else []


def column_kinds() -> tuple[str, ...]:
    """What a user may declare a column to be (the config schema's ``COLUMN_KINDS``,
    read when needed: a logged model's loader imports this module without the config
    stage's Hydra and OmegaConf)."""
    from dlpipe.config.schema import COLUMN_KINDS

    return COLUMN_KINDS


def printed_table(columns: list[Column], steps: Mapping[str, Any]) -> list[str]:
    """The printed table: one line per column (how it is used, why, and who decided)."""
    used = sum(c.used for c in columns)
    lines = [
        f"columns: {used} used, {len(columns) - used} left out"
        f" (change one with data.preprocess.kinds.<column>={'|'.join(column_kinds())})"
    ]
    scaled = set(scaled_numbers(columns, steps))
    width = max([len(c.name) for c in columns[:SHOWN]] + [6])
    for c in columns[:SHOWN]:
        use = USES.get(c.use, "left out") if c.used else "left out"
        if c.use == "number" and c.name not in scaled:
            use = "as numbers"
        note = c.why + (f"; {c.missing} missing" if c.missing and c.used else "")
        by = "" if c.by == "inferred" else f"  [{c.by}]"
        lines.append(
            f"  {printable(c.name, newlines=False):<{width}}  {c.kind:<8}  {use:<14}  {note}{by}"
        )
    rest = columns[SHOWN:]
    if rest:
        counts = pd.Series([c.kind for c in rest]).value_counts()
        lines.append(
            f"  … and {len(rest)} more: "
            + ", ".join(f"{n} {kind}" for kind, n in counts.items())
            + " (every column: columns.csv in the run folder)"
        )
    return lines


def left_out_hints(columns: list[Column], steps: Mapping[str, Any]) -> list[str]:
    """A note for each column left out that a user may want, with the override that
    uses it when one-hot encoding could (not for an identifier, nor for free text)."""
    notes = []
    for c in columns:
        if c.kind == "many":
            notes.append(
                f"{c.name!r} left out ({c.why}); to use it: {use_as(steps, c.name, 'category')}"
            )
        elif c.kind == "id":
            notes.append(f"{c.name!r} left out ({c.why}): it names a row rather than describing it")
        elif c.kind == "text" and not c.used:
            notes.append(
                f"{c.name!r} left out ({c.why}); to read its words: {use_as(steps, c.name, 'text')}"
            )
    return notes


def use_as(steps: Mapping[str, Any], column: str, kind: str) -> str:
    """The override that makes ``column`` a ``kind``, as it pastes: a category through the
    onehot list (any name can be quoted in a list), otherwise
    ``data.preprocess.kinds.<column>=<kind>`` (Hydra takes a new key in an empty map only
    with a leading ``+``, and a key only in ASCII letters, digits and ``_``)."""
    if kind == "category":
        return added_override(steps, "onehot", [column])
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", column):
        return f"in a YAML file (an experiment), data.preprocess.kinds: {{{column!r}: {kind}}}"
    plus = "" if column in (steps.get("kinds") or {}) else "+"
    return quoted_override(f"{plus}data.preprocess.kinds.{column}={kind}")


def added_override(steps: Mapping[str, Any], step: str, columns: list[str]) -> str:
    """``data.preprocess.<step>=[...]`` with the columns the step already names kept."""
    have = [str(c) for c in steps.get(step) or []]
    return list_override(f"data.preprocess.{step}", [*have, *(c for c in columns if c not in have)])
