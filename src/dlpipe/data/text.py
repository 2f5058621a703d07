"""Labelled sentences: one or more CSV/TSV files with a text column and a label column.

``data.path`` may be a file or a glob (``sentiment/*_labelled.txt``); files without a
header row use ``data.header=false`` and name their columns with ``data.columns``.
Tab-separated files are read without quote handling, so quotes inside sentences stay text.
"""

from __future__ import annotations

import csv
import glob
from pathlib import Path

import pandas as pd

from dlpipe.config.schema import DataCfg
from dlpipe.data.files import local_file
from dlpipe.data.header import missing_column
from dlpipe.errors import DataError


def text_files(data: DataCfg) -> list[Path]:
    """The files ``data.path`` names: one file, or every match of a glob pattern."""
    if not data.path:
        raise DataError(
            "no file to read",
            where="data.path",
            hint="set data.path=<file.tsv> or a glob, e.g. data.path='sentiment/*_labelled.txt'",
        )
    pattern = str(data.path)
    if any(c in pattern for c in "*?["):
        files = sorted(Path(p) for p in glob.glob(pattern) if Path(p).is_file())
        if not files:
            raise DataError(
                f"no file matches {pattern}",
                where="data.path",
                hint="check the folder and the pattern, e.g. data.path='data/*_labelled.txt'",
            )
        return files
    if Path(pattern).is_dir():
        raise DataError(
            f"{pattern} is a folder; give a file or a glob like <folder>/*.txt", where="data.path"
        )
    return [local_file(pattern, "data.path", hint="give a text file or a glob like data/*.txt")]


def read_sentences(data: DataCfg) -> pd.DataFrame:
    """All files as one frame with the text column and ``data.target`` (first ``data.limit`` rows)."""
    frames = [_read(path, data) for path in text_files(data)]
    frame = pd.concat(frames, ignore_index=True)
    if data.limit:
        frame = frame.head(int(data.limit))
    column, target = str(data.text.column), data.target
    for name, where in ((column, "data.text.column"), (target, "data.target")):
        if name not in frame.columns:
            raise missing_column(str(name), list(frame.columns), where)
    frame = frame[[column, target]].dropna(subset=[target])
    frame[column] = frame[column].fillna("").astype(str)
    return frame.reset_index(drop=True)


def check_text_columns(data: DataCfg) -> None:
    """The text and label columns exist (reads one row of the first file; for `check`)."""
    header = list(_read(text_files(data)[0], data, nrows=1).columns)
    for name, where in ((str(data.text.column), "data.text.column"), (data.target, "data.target")):
        if name not in header:
            raise missing_column(str(name), header, where)


def _read(path: Path, data: DataCfg, nrows: int | None = None) -> pd.DataFrame:
    header = bool(data.header)
    try:
        return pd.read_csv(
            path,
            sep=data.sep,
            encoding=data.encoding,
            nrows=nrows,
            header=0 if header else None,
            names=None if header else list(data.columns or ["text", "label"]),
            quoting=csv.QUOTE_NONE if data.sep == "\t" else csv.QUOTE_MINIMAL,
        )
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path} is not valid {data.encoding} ({exc.reason})",
            where="data.encoding",
            hint="set data.encoding, e.g. data.encoding=latin-1",
        ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(
            f"{path} could not be parsed: {str(exc).strip()}",
            where="data.sep",
            hint=f"is the separator right? data.sep={data.sep!r}",
        ) from None
