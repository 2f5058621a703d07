"""`compare`: the runs of an experiment (or a sweep's jobs) side by side, best first.

The table and the plot come from :mod:`dlpipe.track.compare`; this verb reads the
arguments and prints.
"""

from __future__ import annotations

import shutil
from pathlib import Path

COMPARE_ARGS = (
    "tracking.experiment",
    "tracking.uri",
    "metric",
    "plot",
    "csv",
    "parent",
    "limit",
    "overwrite",
)
WIDTH = 100  # the printed table's width when the terminal's is not known


def compare(args: list[str]) -> int:
    """Print the comparison table (and write the plot when asked)."""
    import pandas as pd

    from dlpipe.commands.terminal import say, table_text
    from dlpipe.config.args import parse_args
    from dlpipe.config.validate import experiment_name
    from dlpipe.track.compare import (
        comparison_plot,
        comparison_table,
        default_metric,
        differing_params,
        fitted_table,
        higher,
        load_runs,
    )

    options = parse_args(args, COMPARE_ARGS)
    overwrite = options.get("overwrite") or "false"
    plot = plot_path(options["plot"], overwrite) if options.get("plot") else None
    csv = csv_path(options["csv"], overwrite) if options.get("csv") else None
    limit = row_limit(options.get("limit") or "50")
    runs = load_runs(
        options.get("tracking.uri"),
        experiment_name(options.get("tracking.experiment") or None)[0],
        options.get("parent"),
    )
    metric = options.get("metric") or default_metric(runs)
    table = comparison_table(runs, metric)
    width = shutil.get_terminal_size((WIDTH, 24)).columns
    shown, left_out = fitted_table(table.head(limit), metric, differing_params(runs), width)
    with pd.option_context("display.width", width, "display.max_columns", None):
        print(table_text(shown, index=False, float_format=lambda v: f"{v:.4f}"))
    order = "higher is better" if higher(metric) else "lower is better"
    say(f"{len(table)} runs, sorted by {metric} ({order})")
    if left_out and csv is None:
        say(
            "1 more column does not fit: csv=compare.csv writes it"
            if left_out == 1
            else f"{left_out} more columns do not fit: csv=compare.csv writes them all"
        )
    if csv is not None:
        from dlpipe.commands.run_folder import write_csv

        write_csv(table, csv, "csv", "compare.csv")
        say(f"table: {csv}")
    if plot is not None:
        path = comparison_plot(table.head(limit), metric, plot)
        say(f"plot: {path}")
    return 0


def row_limit(value: str) -> int:
    """``limit=``: how many runs the table and the plot show, a whole number >= 1
    (checked before any run is read)."""
    from dlpipe.errors import ConfigError

    try:
        limit = int(value.strip().replace("_", ""))
    except ValueError:
        limit = 0
    if limit < 1:
        raise ConfigError(
            f"expected a whole number >= 1, got {value!r}",
            where="limit",
            hint="how many runs to show, best first, e.g. limit=10 (the default is 50)",
        )
    return limit


def csv_path(value: str, overwrite: str = "false") -> Path:
    """Where ``csv=`` asks for the whole table, checked before any run is read."""
    from dlpipe.commands.run_folder import writable_file
    from dlpipe.errors import ConfigError

    path = writable_file(Path(value), "csv", overwrite, "compare.csv")
    if path.suffix.lower() != ".csv":
        raise ConfigError(
            f"{path.name!r} is not a CSV file name",
            where="csv",
            hint="end it with .csv, e.g. csv=compare.csv",
        )
    return path


PLOT_FORMATS = (".png", ".svg", ".pdf", ".jpg", ".jpeg")


def plot_path(value: str, overwrite: str = "false") -> Path:
    """Where ``plot=`` asks for the picture, checked before any run is read: a file of a
    format matplotlib writes, not a folder, and not a file already there unless
    ``overwrite=true``."""
    from dlpipe.commands.run_folder import writable_file
    from dlpipe.errors import ConfigError

    path = writable_file(Path(value), "plot", overwrite, "compare.png")
    if path.suffix.lower() not in PLOT_FORMATS:
        raise ConfigError(
            f"{path.name!r} is not a picture file name",
            where="plot",
            hint=f"end it with one of {', '.join(PLOT_FORMATS)}, e.g. plot=compare.png",
        )
    return path
