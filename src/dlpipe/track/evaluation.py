"""An evaluation of a trained run on new labelled data, recorded as a child run of it.

A child run (``dlpipe.evaluates=<run id>``, nested under the run in the MLflow UI) keeps
the run's own test metrics as they were, and holds the same metric names and plots for
the new data, so ``compare`` and the UI put them side by side.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

EVALUATES = "dlpipe.evaluates"


def record_evaluation(
    uri: str | None,
    run_id: str,
    metrics: dict[str, float],
    plots: list[Path],
    input_path: Path,
) -> str:
    """A FINISHED child run of ``run_id`` with the metrics, the plots (``evaluation/``) and
    where the data came from; returns its id."""
    from dlpipe.track.fingerprint import file_sha256
    from dlpipe.track.runs import open_run
    from dlpipe.track.store import quiet_mlflow, resolve_uri

    quiet_mlflow()
    client, run = open_run(resolve_uri(uri), run_id, "run")
    tags = {
        "mlflow.parentRunId": run_id,
        "mlflow.runName": f"evaluate {input_path.name}",
        EVALUATES: run_id,
        "dlpipe.data_path": str(input_path.resolve()),
        "dlpipe.data_sha256": file_sha256(input_path),
    }
    child = client.create_run(run.info.experiment_id, tags=tags)
    from mlflow.entities import Metric

    now = int(time.time() * 1000)
    client.log_batch(
        child.info.run_id, metrics=[Metric(k, float(v), now, 0) for k, v in metrics.items()]
    )
    for plot in plots:
        client.log_artifact(child.info.run_id, str(plot), "evaluation")
    client.set_terminated(child.info.run_id, "FINISHED")
    return str(child.info.run_id)


def evaluation_metrics_plots(
    task: str, y_true: Any, scores: Any, classes: list[Any] | None, folder: Path
) -> list[Path]:
    """The run's test plots (confusion matrix, ROC, predicted vs true …) for the new data."""
    from dlpipe.track.plots import PlotRecord, draw

    return draw(PlotRecord(folder, task=task, y_true=y_true, scores=scores, classes=classes))
