"""Read a CSV (or an embedded table) into a DataFrame, as the data config says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from dlpipe.data.header import (
    check_one_column,
    empty,
    missing_column,
    not_encoded,
    table_path,
    unparsable,
)
from dlpipe.errors import DataError


def read_table(data: Any) -> pd.DataFrame:
    """Read the table, keep ``data.columns`` (matched case-insensitively) and ``data.limit`` rows."""
    path = table_path(data)
    frame = read_frame(path, data, nrows=data.limit)
    if frame.empty:
        raise DataError(
            f"{path} has a header but no rows",
            where="data.path",
            hint="give a CSV with data rows under its header",
        )
    if data.columns:
        frame = select_columns(frame, list(data.columns), where="data.columns")
    return frame


def select_columns(frame: pd.DataFrame, wanted: list[str], where: str) -> pd.DataFrame:
    """Keep ``wanted`` columns, renamed to the config's spelling (Survived → survived)."""
    by_lower = {str(c).lower(): c for c in frame.columns}
    chosen = {}
    for name in wanted:
        actual = name if name in frame.columns else by_lower.get(name.lower())
        if actual is None:
            raise missing_column(name, list(frame.columns), where)
        chosen[actual] = name
    return frame[list(chosen)].rename(columns=chosen)


def read_frame(path: Path, data: Any, nrows: int | None) -> pd.DataFrame:
    """``pd.read_csv`` with the data config's settings; its errors as :class:`DataError`."""
    try:
        header = bool(getattr(data, "header", True))
        frame = pd.read_csv(
            path,
            sep=data.sep,
            encoding=data.encoding,
            nrows=nrows,
            header=0 if header else None,
            names=None if header or not data.columns else list(data.columns),
            # a longer separator is a regular expression, which only pandas' Python engine
            # reads (asked for here, so pandas does not warn that it fell back to it)
            engine="python" if isinstance(data.sep, str) and len(data.sep) > 1 else None,
        )
    except pd.errors.EmptyDataError:
        raise empty(path) from None
    except UnicodeDecodeError as exc:
        raise not_encoded(path, data.encoding, exc) from None
    except pd.errors.ParserError as exc:
        raise unparsable(path, data.sep, str(exc)) from None
    except LookupError as exc:
        raise DataError(str(exc), where="data.encoding") from None
    check_one_column(path, list(frame.columns), data.sep)
    return frame
