"""A time-ordered table (CSV) for sliding windows: numeric feature columns and a target."""

from __future__ import annotations

import pandas as pd

from dlpipe.config.schema import DataCfg
from dlpipe.data.builtin import builtin_series
from dlpipe.data.header import missing_column
from dlpipe.data.tabular import read_table
from dlpipe.errors import DataError


def read_series(data: DataCfg) -> pd.DataFrame:
    """Rows in time order: ``data.series.features`` (default: every numeric column) + target."""
    if not data.path and data.builtin:
        frame = builtin_series(str(data.builtin))
        frame = frame.head(int(data.limit)) if data.limit else frame
    else:
        frame = read_table(data)
    series = data.series
    if not data.target:
        raise DataError(
            "which column to predict?", where="data.target", hint="e.g. data.target=value"
        )
    features = list(series.features or [])
    if not features:
        features = [
            c
            for c in frame.columns
            if c != series.time_column and pd.api.types.is_numeric_dtype(frame[c])
        ]
    return order_rows(frame, series.time_column, [*features, data.target])


def check_series_columns(data: DataCfg) -> None:
    """Target, features and time column exist in the CSV's header (for `check`)."""
    from dlpipe.data.header import read_header

    header = read_header(data)
    named = [("data.target", data.target), ("data.series.time_column", data.series.time_column)]
    named += [("data.series.features", c) for c in data.series.features or []]
    for where, column in named:
        if column is not None and column not in header:
            raise missing_column(str(column), header, where)


def order_rows(
    frame: pd.DataFrame, time_column: str | None, columns: list[str], need_target: bool = True
) -> pd.DataFrame:
    """Sort by the time column (if any), keep ``columns``, and insist on complete numbers."""
    if time_column is not None:
        if time_column not in frame.columns:
            raise missing_column(time_column, list(frame.columns), "data.series.time_column")
        frame = frame.sort_values(time_column, kind="stable")
    for i, column in enumerate(columns):
        if column not in frame.columns:
            if not need_target and i == len(columns) - 1:
                continue
            where = "data.target" if i == len(columns) - 1 else "data.series.features"
            raise missing_column(column, list(frame.columns), where)
    present = [c for c in dict.fromkeys(columns) if c in frame.columns]
    out = frame[present]
    for column in present:
        if not pd.api.types.is_numeric_dtype(out[column]):
            raise DataError(
                f"column {column!r} is not numeric (e.g. {out[column].iloc[0]!r})",
                where="data.series.features",
                hint="list only numeric columns in data.series.features; name the date column in data.series.time_column",
            )
    if out.isna().any().any():
        bad = out.columns[out.isna().any()].tolist()
        raise DataError(
            f"missing values in {', '.join(map(str, bad))}",
            where="data.path",
            hint="fill or drop them before windowing (a gap would silently shift every window)",
        )
    return out.reset_index(drop=True)
