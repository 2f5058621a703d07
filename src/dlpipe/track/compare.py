"""The comparison table `dlpipe compare` prints: the runs of an experiment, best first.

Shows each run's name, the params that differ between the runs (the ones that explain the
difference) and the metrics; ``plot=<file.png>`` also draws the chosen metric per run.
The printed table fits the terminal (:func:`fitted_table`); ``csv=`` writes it whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from dlpipe.errors import ConfigError, TrackingError, did_you_mean

# Params that differ between any two runs without saying anything about the model.
NOISE = ("paths.", "tracking.", "hydra.")
DEFAULT_METRICS = ("test_loss", "objective", "val_loss", "loss")
KEPT = ("run", "id", "status")  # always printed; the rest fit the terminal or are left out
NAME, CELL = 40, 16  # characters of a run's name and of a param's value printed


def load_runs(uri: str | None, experiment: str, parent: str | None = None) -> list[Any]:
    """The experiment's runs (the children of ``parent`` only, when given)."""
    from dlpipe.track.recorder import active_experiment
    from dlpipe.track.store import client as mlflow_client
    from dlpipe.track.store import resolve_uri

    resolved = resolve_uri(uri)
    client = mlflow_client(resolved)
    found = client.get_experiment_by_name(experiment)
    if found is None:
        names = [e.name for e in client.search_experiments()]
        raise TrackingError(
            f"no experiment named {experiment!r} in {resolved}",
            where="tracking.experiment",
            hint=did_you_mean(experiment, names)
            or (f"experiments: {', '.join(names)}" if names else "train something first"),
        )
    experiment_id = active_experiment(found, resolved)
    query = f"tags.mlflow.parentRunId = '{parent}'" if parent else ""
    runs = client.search_runs([experiment_id], filter_string=query, max_results=5000)
    # A sweep's parent run has no metrics of its own to compare.
    runs = [r for r in runs if r.data.tags.get("dlpipe.sweep") != "parent"]
    if not runs:
        raise TrackingError(
            f"no runs in experiment {experiment!r}"
            + (f" under the parent run {parent}" if parent else ""),
            where="tracking.experiment",
            hint="train something first: python -m dlpipe"
            + (f" tracking.experiment={experiment}" if experiment != "dlpipe" else ""),
        )
    return runs


def differing_params(runs: list[Any]) -> list[str]:
    """Param names whose values are not the same in every run (noise excluded)."""
    names = sorted({k for r in runs for k in r.data.params if not k.startswith(NOISE)})
    return [n for n in names if len({r.data.params.get(n) for r in runs}) > 1]


def comparison_table(runs: list[Any], metric: str) -> pd.DataFrame:
    """One row per run: name, id, status, differing params, metrics; best first."""
    metrics = sorted({k for r in runs for k in r.data.metrics})
    if metric not in metrics:
        raise ConfigError(
            f"no run has a metric {metric!r}",
            where="metric",
            hint=did_you_mean(metric, metrics) or f"metrics: {', '.join(metrics)}",
        )
    params = differing_params(runs)
    rows = []
    for run in runs:
        row = {
            "run": run.info.run_name,
            "id": run.info.run_id[:8],
            "status": run.info.status,
        }
        row.update({p: run.data.params.get(p) for p in params})
        row.update({m: run.data.metrics.get(m) for m in _shown_metrics(metrics, metric)})
        rows.append(row)
    table = pd.DataFrame(rows)
    return table.sort_values(
        metric, ascending=not higher(metric), na_position="last", kind="stable"
    ).reset_index(drop=True)


def comparison_plot(table: pd.DataFrame, metric: str, path: Path) -> Path:
    """A horizontal bar per run for ``metric`` (best at the top)."""
    from dlpipe.track.plots import _pyplot, label_fonts

    plt = _pyplot()
    shown = table.dropna(subset=[metric])
    names = [_short(name, NAME) for name in shown["run"].astype(str)]
    try:
        fonts = label_fonts(names)
    except LookupError:  # no font here draws these run names: the runs' ids instead
        names, fonts = list(shown["id"].astype(str)), None
    with plt.rc_context({"font.family": fonts} if fonts else {}):
        fig, ax = plt.subplots(figsize=(7, 0.4 * len(shown) + 1.5))
        ax.barh(names[::-1], list(shown[metric])[::-1])
        ax.set_xlabel(metric)
        ax.set_title(f"runs by {metric}")
        fig.tight_layout()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(path, dpi=80)
        except OSError as exc:
            raise ConfigError(
                f"cannot write {path}: {exc.strerror or exc}",
                where="plot",
                hint="give a file in a folder you can write to, e.g. plot=compare.png",
            ) from None
        finally:
            plt.close(fig)
    return path


def fitted_table(
    table: pd.DataFrame, metric: str, params: list[str], width: int
) -> tuple[pd.DataFrame, int]:
    """The table as a terminal of ``width`` characters shows it: the chosen metric next
    to the run, params by their short names (``learning_rate``) and values cut to
    :data:`CELL` characters, and the columns that do not fit left out from the right
    (other metrics first, then params); returns it and how many columns were left out."""
    from dlpipe.track.names import short_keys

    metrics = [c for c in table.columns if c not in (*KEPT, *params, metric)]
    shown = table[[*KEPT, metric, *params, *metrics]].copy()
    shown["run"] = shown["run"].map(lambda v: _short(v, NAME))
    for column in params:
        shown[column] = shown[column].map(lambda v: _short(v, CELL))
    taken = {*KEPT, *metrics, metric}
    short = {p: (s if s not in taken else p) for p, s in short_keys(params).items()}
    shown = shown.rename(columns=short)
    optional = [*reversed(metrics), *reversed([short[p] for p in params])]
    left_out = 0
    while optional and text_width(shown) > width:
        shown = shown.drop(columns=[optional.pop(0)])
        left_out += 1
    return shown, left_out


def text_width(frame: pd.DataFrame) -> int:
    """The widest line of the table as printed (four decimals)."""
    text = frame.to_string(index=False, float_format=lambda v: f"{v:.4f}")
    return max((len(line) for line in text.splitlines()), default=0)


def _shown_metrics(metrics: list[str], metric: str) -> list[str]:
    """The chosen metric first, then the test metrics and the objective."""
    rest = [m for m in metrics if m != metric and (m.startswith("test_") or m == "objective")]
    return [metric, *rest]


def default_metric(runs: list[Any]) -> str:
    present = {k for r in runs for k in r.data.metrics}
    for name in DEFAULT_METRICS:
        if name in present:
            return name
    return sorted(present)[0] if present else "test_loss"


def higher(metric: str) -> bool:
    from dlpipe.track.sweep import higher_is_better

    return higher_is_better(metric)


def _short(value: Any, width: int = CELL) -> Any:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"
