"""A sweep in MLflow: one parent run, one child run per job, the best job at the end.

The CLI opens the parent before Hydra launches any job and passes its id to the jobs in
``$DLPIPE_PARENT_RUN_ID`` (inherited by the joblib launcher's worker processes too), so
the structure does not depend on the launcher or the sweeper.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass
from typing import Any

from dlpipe.config.schema import TrackingCfg
from dlpipe.track.names import job_name, sweep_name
from dlpipe.track.recorder import PARENT_ENV, _experiment_id
from dlpipe.track.store import artifact_root, ensure_store, resolve_uri
from dlpipe.track.store import client as mlflow_client

# The overrides every job of the sweep shares (json), so a job's run is named by the rest.
FIXED_ENV = "DLPIPE_SWEEP_FIXED"
# Metrics where a higher value is better; everything else (losses, errors) is minimised.
HIGHER_IS_BETTER = ("acc", "auc", "precision", "recall", "f1", "r2")


def higher_is_better(metric: str) -> bool:
    """Whether a metric is maximised (accuracy, AUC, …) rather than minimised (loss, mae)."""
    return any(part in metric.lower() for part in HIGHER_IS_BETTER)


@dataclass
class Sweep:
    """The parent run of a sweep."""

    client: Any
    run_id: str
    experiment_id: str
    uri: str
    objective: str


@dataclass
class SweepResult:
    """What the sweep's jobs left in MLflow."""

    jobs: int
    failed: list[Any]
    best: Any | None

    def describe(self, objective: str) -> str:
        """Lines for the console: counts and the best job."""
        lines = [
            f"sweep: {self.jobs} jobs, {self.jobs - len(self.failed)} finished, "
            f"{len(self.failed)} failed"
        ]
        if self.best is not None:
            run = self.best
            lines.append(
                f"best job: {run.info.run_name} — {objective}={run.data.metrics['objective']:.4f}"
                f" (run {run.info.run_id})"
            )
        for run in self.failed:
            lines.append(f"failed job: {run.info.run_name} (run {run.info.run_id})")
        return "\n".join(lines)


def start_sweep(tracking: TrackingCfg, objective: str, overrides: list[str]) -> Sweep | None:
    """Open the parent run and export its id for the jobs; None when tracking is off."""
    if not tracking.enabled:
        return None
    uri = resolve_uri(tracking.uri)
    ensure_store(uri)
    client = mlflow_client(uri)
    experiment_id = _experiment_id(client, str(tracking.experiment), artifact_root(uri))
    fixed = fixed_overrides(overrides)
    name = tracking.run_name or sweep_name([o for o in overrides if o not in fixed], fixed)
    run = client.create_run(
        experiment_id,
        run_name=name,
        tags={
            "dlpipe.sweep": "parent",
            "dlpipe.objective": objective,
            "dlpipe.overrides": " ".join(overrides) or "(none)",
        },
    )
    os.environ[PARENT_ENV] = run.info.run_id
    os.environ[FIXED_ENV] = json.dumps(fixed)
    return Sweep(client, run.info.run_id, experiment_id, uri, objective)


def fixed_overrides(overrides: list[str]) -> list[str]:
    """The overrides with one value (no ``a,b`` list, no ``choice``/``range``/``interval``)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    parsed = OverridesParser.create().parse_overrides(overrides)
    return [o.input_line for o in parsed if o.input_line and not o.is_sweep_override()]


def job_run_name(job_num: int, overrides: list[str]) -> str:
    """``model=cnn learning_rate=0.01 · job 3``: the job's own values only, first."""
    fixed = {_meaning(o) for o in json.loads(os.environ.get(FIXED_ENV) or "[]")}
    return job_name([o for o in overrides if _meaning(o) not in fixed], job_num)


def _meaning(override: str) -> tuple[str, str]:
    """Key and value of an override, however it is escaped (the sweeper writes the jobs'
    ``tracking.uri=sqlite:///x.db`` as ``sqlite\\:///x.db``)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    try:
        (parsed,) = OverridesParser.create().parse_overrides([override])
    except Exception:  # not Hydra's syntax: compare the text
        return override, ""
    return parsed.get_key_element(), repr(parsed.value())


def sweep_result(sweep: Sweep) -> SweepResult:
    """The child runs of the sweep, the failed ones and the best finished one."""
    children = sweep.client.search_runs(
        [sweep.experiment_id],
        filter_string=f"tags.mlflow.parentRunId = '{sweep.run_id}'",
        max_results=5000,
    )
    failed = [r for r in children if r.info.status == "FAILED"]
    scored = [
        r
        for r in children
        if r.info.status == "FINISHED"
        and "objective" in r.data.metrics
        and not math.isnan(r.data.metrics["objective"])
    ]
    best = None
    if scored:
        pick = max if higher_is_better(sweep.objective) else min
        best = pick(scored, key=lambda r: r.data.metrics["objective"])
    return SweepResult(jobs=len(children), failed=failed, best=best)


def finish_sweep(sweep: Sweep, crashed: bool) -> SweepResult:
    """Record the best job on the parent run and close it: FAILED when the sweep crashed
    or none of its jobs trained."""
    from mlflow.entities import Metric, RunTag

    os.environ.pop(PARENT_ENV, None)
    os.environ.pop(FIXED_ENV, None)
    result = sweep_result(sweep)
    tags = [
        RunTag("dlpipe.jobs", str(result.jobs)),
        RunTag("dlpipe.failed_jobs", str(len(result.failed))),
    ]
    metrics = []
    if result.best is not None:
        tags.append(RunTag("dlpipe.best_run_id", result.best.info.run_id))
        tags.append(RunTag("dlpipe.best_job", result.best.info.run_name))
        value = result.best.data.metrics["objective"]
        metrics.append(Metric(f"best_{sweep.objective}", value, int(time.time() * 1000), 0))
    sweep.client.log_batch(sweep.run_id, metrics=metrics, tags=tags)
    # A sweep none of whose jobs trained has no result: its run says so, as the exit code
    nothing = result.jobs == 0 or len(result.failed) == result.jobs
    sweep.client.set_terminated(sweep.run_id, "FAILED" if crashed or nothing else "FINISHED")
    return result


def objective_value(
    name: str, history: dict[str, list[float]], metrics: dict[str, float]
) -> float | None:
    """The sweep objective: a test metric, or the best value of a history metric."""
    if name in metrics:
        return metrics[name]
    values = history.get(name)
    if not values:
        return None
    return float(max(values) if higher_is_better(name) else min(values))
