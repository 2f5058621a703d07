"""Read a CSV (or an embedded table) into a DataFrame, as the data config says."""

from __future__ import annotations

import pandas as pd

from dlpipe.config.schema import DataCfg
from dlpipe.data.header import check_unique_names, missing_column, read_frame, table_path
from dlpipe.errors import DataError


def read_table(data: DataCfg) -> pd.DataFrame:
    """Read the table, keep ``data.columns`` (matched case-insensitively) and ``data.limit`` rows."""
    path = table_path(data)
    frame = read_frame(path, data, nrows=data.limit)
    if getattr(data, "header", True):
        check_unique_names(path, data)
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
