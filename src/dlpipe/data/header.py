"""Which file a CSV data set is, its column names read without pandas, and the one
pandas reader (`read_frame`) that every table and header fallback goes through.

`dlpipe check` validates every column a config names against the file's header; reading
that line with the standard library keeps the check under a second (importing pandas
alone takes about a third of one). The names come out as pandas gives them to training
(a UTF-8 byte-order mark dropped, leading blank lines skipped, empty names as
``Unnamed: <i>``, repeated names as ``name.1``); anything beyond a plain one-character
separator is read by pandas itself.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlpipe.data.builtin import builtin_csv
from dlpipe.data.files import local_file, table_start
from dlpipe.errors import DataError, did_you_mean

if TYPE_CHECKING:  # (the config stage's modules import OmegaConf: a logged model's
    import pandas as pd  # loader imports this module where OmegaConf is not installed)

    from dlpipe.config.schema import DataCfg


def table_path(data: DataCfg) -> Path:
    """The file to read: ``data.path`` if given, else the embedded ``data.builtin``."""
    if data.path:
        return local_file(
            str(data.path),
            "data.path",
            hint="give the path of a CSV file, relative to where you run the command"
            " (or put it in data/: paths.data_dir)",
        )
    if data.builtin:
        return builtin_csv(data.builtin)
    raise DataError("no file to read", where="data.path", hint="set data.path=<your file.csv>")


def read_header(data: DataCfg) -> list[str]:
    """The column names training will see (cheap: used by `check`)."""
    path = table_path(data)
    if not bool(getattr(data, "header", True)):
        return _pandas_header(path, data)
    row = _first_row(path, data)
    check_unique_names(path, data, row)
    names = pandas_names(row)
    check_one_column(path, names, data.sep)
    return names


def pandas_names(row: list[str]) -> list[str]:
    """Header cells as pandas' CSV readers name the columns (``pandas.io.common.
    mangle_dupe_names``): ``Unnamed: <i>`` for an empty cell; a repeated name gets the
    first free ``name.<n>``, named columns before unnamed ones."""
    names = [cell if cell != "" else f"Unnamed: {i}" for i, cell in enumerate(row)]
    unnamed = [i for i, cell in enumerate(row) if cell == ""]
    taken = set(names)
    counts: dict[str, int] = {}
    for i in [i for i in range(len(names)) if row[i] != ""] + unnamed:
        name = original = names[i]
        count = counts.get(name, 0)
        while count > 0:
            counts[original] = count + 1
            name = f"{original}.{count}"
            count = count + 1 if name in taken else counts.get(name, 0)
        names[i] = name
        counts[name] = count + 1
    return names


def check_one_column(path: Path, names: list[Any], sep: str) -> None:
    """A file read as one column whose name holds another separator: the wrong ``sep``."""
    found = [s for s in ",;\t|" if s != sep and s in str(names[0])]
    if len(names) == 1 and found:
        written = {"\t": "'\\t'"}.get(found[0], repr(found[0]))
        raise DataError(
            f"{path} was read as a single column {str(names[0])[:60]!r}",
            where="data.sep",
            hint=f"the separator looks wrong (data.sep={sep!r}); try data.sep={written}",
        )


def missing_column(name: str, available: list[str], where: str) -> DataError:
    """The error for a column the config names but the data lacks."""
    hint = did_you_mean(name, [str(c) for c in available])
    listing = ", ".join(map(str, available[:20])) + (" …" if len(available) > 20 else "")
    return DataError(
        f"column {name!r} is not in the data",
        where=where,
        hint=(hint + " " if hint else "") + f"(columns: {listing})",
    )


def check_unique_names(path: Path, data: DataCfg, names: list[str] | None = None) -> None:
    """Every column has a name of its own: pandas renames a second ``a`` to ``a.1``
    without a word, and the config would then use whichever one it happens to name.
    ``names``: the header row, if read already."""
    names = _first_row(path, data) if names is None else names
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:
        raise DataError(
            f"{path} names more than one column {twice[0]!r}"
            + (f" (also: {', '.join(map(repr, twice[1:]))})" if twice[1:] else ""),
            where="data.path",
            hint="give each column its own name in the file's header row",
        )


# How far into a table its header row is looked for: a first row longer than this is
# not a header (a whole file without line ends, or an inflated archive).
HEADER_BYTES = 1 << 20


def _first_row(path: Path, data: DataCfg) -> list[str]:
    """The first non-blank row of the file, split as pandas splits it (a compressed file
    decompressed as pandas does, by its extension)."""
    try:
        encoding = codecs.lookup(data.encoding).name
    except LookupError as exc:
        raise DataError(str(exc), where="data.encoding") from None
    raw = table_start(path, HEADER_BYTES)
    decoder = codecs.getincrementaldecoder("utf-8-sig" if encoding == "utf-8" else encoding)()
    try:
        text = decoder.decode(raw, final=len(raw) < HEADER_BYTES)
    except UnicodeDecodeError as exc:
        raise not_encoded(path, data.encoding, exc) from None
    if len(raw) == HEADER_BYTES and not any(end in text for end in "\n\r"):
        raise DataError(
            f"{path} has no line end in its first {HEADER_BYTES // 2**20} MiB: it is not a"
            " table with a header row",
            where="data.path",
            hint="give a CSV file (one row a line, the column names first)",
        )
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=data.sep, strict=False):
            if row:
                return row
    except csv.Error as exc:
        raise unparsable(path, data.sep, str(exc)) from None
    raise empty(path)


def empty(path: Path) -> DataError:
    """The error for a file with no header row."""
    return DataError(f"{path} is empty", where="data.path", hint="give a CSV with a header row")


def not_encoded(path: Path, encoding: str, exc: UnicodeDecodeError) -> DataError:
    """The error for bytes the file's ``data.encoding`` cannot decode: what the file
    looks like instead (binary data is not latin-1 text, which decodes any byte)."""
    from dlpipe.config.yaml_bounds import guess_encoding

    start = table_start(path, 64 * 1024)
    guess = guess_encoding(start)
    if guess == "utf-16":
        return DataError(
            f"{path} is UTF-16 text, not {encoding}",
            where="data.encoding",
            hint="set data.encoding=utf-16 (or save the file as UTF-8)",
        )
    controls = sum(b < 32 and b not in b"\t\n\r" for b in start)
    if start[:4] == b"PK\x03\x04" or b"\0" in start or controls > len(start) // 20:
        return DataError(
            f"{path} is not a text table: its bytes are binary data"
            + (" (a zip archive: an Excel .xlsx file?)" if start[:4] == b"PK\x03\x04" else ""),
            where="data.path",
            hint="give a CSV file: in a spreadsheet program, save it as 'CSV UTF-8'",
        )
    return DataError(
        f"{path} is not valid {encoding} ({exc.reason})",
        where="data.encoding",
        hint=f"set data.encoding={guess or 'latin-1'}"
        + (" (Korean Windows' encoding; it reads as such)" if guess == "cp949" else "")
        + ", or save the file as UTF-8",
    )


def unparsable(path: Path, sep: str, reason: str) -> DataError:
    """The error for a file the CSV reader cannot split."""
    return DataError(
        f"{path} could not be parsed: {reason.strip()}",
        where="data.sep",
        hint=f"is the separator right? data.sep={sep!r}",
    )


def _pandas_header(path: Path, data: DataCfg) -> list[str]:
    return list(read_frame(path, data, nrows=0).columns)


def read_frame(path: Path, data: DataCfg, nrows: int | None) -> pd.DataFrame:
    """``pd.read_csv`` with the data config's settings; its errors as :class:`DataError`.

    pandas is imported here, not at the top: `check` reads most headers without it."""
    import pandas as pd

    try:
        header = bool(getattr(data, "header", True))
        frame = pd.read_csv(
            path,
            sep=data.sep,
            encoding=data.encoding,
            nrows=nrows,
            header=0 if header else None,
            names=None if header or not data.columns else list(data.columns),
            # data.sep is one character (config.validate): never a regular expression
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
