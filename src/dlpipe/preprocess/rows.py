"""Row steps: stateless DataFrame → DataFrame functions, run in the order written."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from dlpipe.data.header import missing_column
from dlpipe.errors import ConfigError, DataError, list_override, printable

ROW_STEPS = ("clean", "drop", "dropna", "replace")


# What pandas calls a column whose cells hold text (its `.str` methods take these only).
TEXT_CELLS = ("string", "mixed", "mixed-integer", "empty")


def clean(frame: pd.DataFrame, cfg: Mapping[str, Any]) -> pd.DataFrame:
    """Strip spaces and/or lower-case every text cell."""
    out = frame.copy()
    for column in text_columns(out):
        values = out[column]
        if pd.api.types.infer_dtype(values, skipna=True) not in TEXT_CELLS:
            continue  # an object column of numbers (rows built in Python): nothing to clean
        if cfg.get("strip", True):
            values = values.str.strip()
        if cfg.get("lower", False):
            values = values.str.lower()
        out[column] = values
    return out


def drop(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Drop unneeded columns (``drop([...], axis=1)``)."""
    _require(frame, columns, "data.preprocess.drop")
    return frame.drop(columns=list(columns))


def dropna(
    frame: pd.DataFrame, cfg: Mapping[str, Any], dropped: list[str] | None = None
) -> pd.DataFrame:
    """Drop rows with a missing value, in ``subset`` only when given. ``dropped``: the
    columns a ``drop`` step before this one leaves out (for the hint when nothing is left)."""
    subset = cfg.get("subset")
    if subset:
        _require(frame, subset, "data.preprocess.dropna.subset")
    kept = frame.dropna(subset=list(subset) if subset else None)
    if kept.empty and not frame.empty:
        raise _nothing_left(frame, list(subset or frame.columns), dropped)
    return kept


def _nothing_left(frame: pd.DataFrame, checked: list[str], dropped: list[str] | None) -> DataError:
    """dropna removed every row: name the column that emptied it (an all-empty feature
    column was blamed on the target, 'all its 0 values are missing')."""
    missing = frame[checked].isna().sum().sort_values(ascending=False)
    empty = [str(c) for c in checked if missing[c] == len(frame)]
    worst = empty[0] if empty else str(missing.index[0])
    if dropped is not None:
        hint = "leave it out: " + list_override(
            "data.preprocess.drop", [*dropped, *(empty or [worst])]
        )
    else:
        hint = f"leave {worst!r} out with a drop step listed before dropna in data.preprocess"
    return DataError(
        f"dropna removed all {len(frame)} rows: column {worst!r} "
        + ("has no values at all" if empty else f"is missing in {int(missing.iloc[0])} of them")
        + (f" (also empty: {', '.join(map(repr, empty[1:]))})" if empty[1:] else ""),
        where="data.preprocess.dropna",
        hint=hint,
    )


def replace(frame: pd.DataFrame, maps: Mapping[str, Mapping[Any, Any]]) -> pd.DataFrame:
    """Map values per column, e.g. ``sex: {male: 1, female: 0}``; others stay as they are."""
    _require(frame, list(maps), "data.preprocess.replace")
    out = frame.copy(deep=False)  # columns are replaced, never changed in place
    for column, mapping in maps.items():
        if not isinstance(mapping, Mapping):
            raise ConfigError(
                f"expected a mapping old: new, got {mapping!r}",
                where=f"data.preprocess.replace.{column}",
                hint="e.g. data.preprocess.replace.sex={male: 1, female: 0}",
            )
        lookup = {str(k): v for k, v in mapping.items()}
        # Look each distinct value up once, then map the column in one vectorised pass
        # (a Python call per row made this step the slowest on large files).
        values = out[column]
        per_value = {u: lookup.get(str(u), u) for u in values.dropna().unique()}
        mapped = values.map(per_value)
        out[column] = _as_numeric_if_possible(mapped)
    return out


STEP_FUNCTIONS: dict[str, Callable[[pd.DataFrame, Any], pd.DataFrame]] = {
    "clean": clean,
    "drop": drop,
    "dropna": dropna,
    "replace": replace,
}


def apply_row_steps(
    frame: pd.DataFrame, preprocess: Mapping[str, Any], *, training: bool = True
) -> pd.DataFrame:
    """Run the row steps in the order the config lists them.

    ``training=False`` (predicting) keeps every row: dropna is skipped so each input row
    gets a prediction.
    """
    dropped: list[str] | None = None  # what a drop step before dropna leaves out
    for name, step_cfg in preprocess.items():
        if name == "drop":
            dropped = [str(c) for c in step_cfg or []]
        if name not in ROW_STEPS or step_cfg is None or step_cfg == [] or step_cfg == {}:
            continue
        if name == "dropna":
            if training:
                frame = dropna(frame, step_cfg, dropped)
            continue
        frame = STEP_FUNCTIONS[name](frame, step_cfg)
    return frame


def text_columns(frame: pd.DataFrame) -> list[str]:
    """Columns holding strings (object or string dtype)."""
    return [
        c
        for c in frame.columns
        if pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])
    ]


def text_among_numbers(values: pd.Series) -> DataError | None:
    """The error for a column of numbers with a few cells of text ('n/a?'), naming those
    cells and their data rows; None if it is not such a column."""
    values = values.dropna()
    bad = pd.to_numeric(values, errors="coerce").isna()
    if not 0 < bad.sum() < len(values) / 2:
        return None
    rows = [str(i + 1) for i in values.index[bad][:3] if isinstance(i, int | np.integer)]
    sample = values[bad].astype(str).unique()[:3]
    return DataError(
        f"column {values.name!r} holds numbers and {int(bad.sum())} cell(s) of text:"
        f" {', '.join(repr(printable(v)) for v in sample)}"
        + (f" (data row {', '.join(rows)})" if rows else ""),
        where="data.path",
        hint="fix those cells in the file: a number, or nothing for a missing value",
    )


def _as_numeric_if_possible(values: pd.Series) -> pd.Series:
    try:
        return pd.to_numeric(values)
    except (ValueError, TypeError):
        return values.astype(object)


def _require(frame: pd.DataFrame, columns: list[str], where: str) -> None:
    for column in columns:
        if column not in frame.columns:
            raise missing_column(column, list(frame.columns), where)
