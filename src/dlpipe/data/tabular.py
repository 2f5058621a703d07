"""Read a CSV (or an embedded table) into a DataFrame, as the data config says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from dlpipe.data.builtin import builtin_csv
from dlpipe.errors import DataError, did_you_mean


def table_path(data: Any) -> Path:
    """The file to read: ``data.path`` if given, else the embedded ``data.builtin``."""
    if data.path:
        path = Path(str(data.path))
        if not path.is_file():
            what = "is a folder, not a file" if path.is_dir() else "does not exist"
            raise DataError(
                f"{path} {what}",
                where="data.path",
                hint="give the path of a CSV file, relative to where you run the command",
            )
        return path
    if data.builtin:
        return builtin_csv(data.builtin)
    raise DataError("no file to read", where="data.path", hint="set data.path=<your file.csv>")


def read_header(data: Any) -> list[str]:
    """Column names only (cheap: used by `check` to validate column names)."""
    return list(_read(table_path(data), data, nrows=0).columns)


def read_table(data: Any) -> pd.DataFrame:
    """Read the table, keep ``data.columns`` (matched case-insensitively) and ``data.limit`` rows."""
    path = table_path(data)
    frame = _read(path, data, nrows=data.limit)
    if frame.empty:
        raise DataError(f"{path} has a header but no rows", where="data.path")
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


def missing_column(name: str, available: list[str], where: str) -> DataError:
    """The error for a column the config names but the data lacks."""
    hint = did_you_mean(name, [str(c) for c in available])
    listing = ", ".join(map(str, available[:20])) + (" …" if len(available) > 20 else "")
    return DataError(
        f"column {name!r} is not in the data",
        where=where,
        hint=(hint + " " if hint else "") + f"(columns: {listing})",
    )


def _read(path: Path, data: Any, nrows: int | None) -> pd.DataFrame:
    try:
        header = bool(getattr(data, "header", True))
        frame = pd.read_csv(
            path,
            sep=data.sep,
            encoding=data.encoding,
            nrows=nrows,
            header=0 if header else None,
            names=None if header or not data.columns else list(data.columns),
        )
    except pd.errors.EmptyDataError:
        raise DataError(
            f"{path} is empty", where="data.path", hint="give a CSV with a header row"
        ) from None
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path} is not valid {data.encoding} ({exc.reason})",
            where="data.encoding",
            hint="set data.encoding, e.g. data.encoding=latin-1 or cp949",
        ) from None
    except pd.errors.ParserError as exc:
        raise DataError(
            f"{path} could not be parsed: {str(exc).strip()}",
            where="data.sep",
            hint=f"is the separator right? data.sep={data.sep!r}",
        ) from None
    except LookupError as exc:
        raise DataError(str(exc), where="data.encoding") from None
    if len(frame.columns) == 1 and any(
        s in str(frame.columns[0]) for s in ",;\t|" if s != data.sep
    ):
        raise DataError(
            f"{path} was read as a single column {str(frame.columns[0])[:60]!r}",
            where="data.sep",
            hint=f"the separator looks wrong (data.sep={data.sep!r}); try data.sep=';' or data.sep='\\t'",
        )
    return frame
