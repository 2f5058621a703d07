"""Every column a config names exists in its local file: what `dlpipe check` can tell
from a file's header alone, without pandas or TensorFlow."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from dlpipe.config.schema import Config, DataCfg
from dlpipe.data.header import missing_column, read_header
from dlpipe.errors import DataError


def check_columns(cfg: Config) -> None:
    """Every column the config names exists in the (local) file's header."""
    data = cfg.data
    if data.source in ("text", "series") and data.path:
        # these modules import pandas: a CSV's header is read without it
        from dlpipe.data.series import check_series_columns
        from dlpipe.data.text import check_text_columns

        return (check_text_columns if data.source == "text" else check_series_columns)(data)
    if data.source != "csv" or (data.path is None and data.builtin is None):
        return
    if data.path is not None and not Path(str(data.path)).is_file():
        read_header(data)  # raises the clear "does not exist" error
    header = read_header(data)
    if data.columns:
        lowered = {h.lower() for h in header}
        for name in data.columns:
            if name not in header and name.lower() not in lowered:
                raise missing_column(name, header, "data.columns")
        header = list(data.columns)
    prep = data.preprocess
    named: list[tuple[str, str]] = [("data.target", data.target)] if data.target else []
    named += [("data.preprocess.drop", c) for c in prep.drop]
    named += (
        [("data.preprocess.dropna.subset", c) for c in (prep.dropna.subset or [])]
        if prep.dropna
        else []
    )
    named += [("data.preprocess.replace", c) for c in prep.replace]
    named += [("data.preprocess.onehot", c) for c in prep.onehot]
    named += [("data.preprocess.label_encode", c) for c in prep.label_encode]
    named += (
        [("data.preprocess.scale.columns", c) for c in (prep.scale.columns or [])]
        if prep.scale
        else []
    )
    for where, column in named:
        if column not in header:
            with own_table_hint(data):
                raise missing_column(str(column), header, where)


@contextlib.contextmanager
def own_table_hint(data: DataCfg) -> Iterator[None]:
    """A shipped table's config (penguins, xor) names that table's columns: when
    ``data.path`` gave another file, a missing column also says how to describe one's
    own table."""
    try:
        yield
    except DataError as exc:
        if data.path and data.builtin and "is not in the data" in exc.message:
            exc.hint = (
                f"{exc.hint}; conf/data/{data.name}.yaml's steps are for its own columns:"
                " for your table, data=csv data.path=<file> data.target=<column>"
            )
        raise
