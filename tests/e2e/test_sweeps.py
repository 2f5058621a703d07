"""Sweeps through the real CLI: a grid run by the joblib launcher on a fresh store (two
jobs failing), `dlpipe compare` on what it recorded, and a 3-trial Optuna search."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from conftest import run_cli

TINY = ["debug=fast", "callbacks.checkpoint=null"]


def _runs(root: Path) -> tuple[Any, Any, list[Any]]:
    from mlflow.tracking import MlflowClient

    client = MlflowClient(f"sqlite:///{root / 'mlflow.db'}")
    experiment = client.get_experiment_by_name("dlpipe")
    runs = client.search_runs([experiment.experiment_id])
    (parent,) = [r for r in runs if r.data.tags.get("dlpipe.sweep") == "parent"]
    children = [r for r in runs if r.data.tags.get("mlflow.parentRunId") == parent.info.run_id]
    assert len(children) == len(runs) - 1
    return client, parent, children


def test_parallel_grid_sweep_on_a_fresh_store_then_compare(
    tmp_path: Path, penguins_csv: Path
) -> None:
    missing = tmp_path / "missing.csv"
    result = run_cli(
        "-m",
        f"data.path={penguins_csv},{missing}",
        "optimizer.learning_rate=1e-2,1e-3",
        *TINY,
        "hydra/launcher=joblib",
        "hydra.launcher.n_jobs=2",
        "hydra.sweep.dir=sweep",
        cwd=tmp_path,
    )
    # 4 jobs in 2 worker processes: the two with a missing file fail with one message
    # each, the others go on
    assert result.code == 2, result.text
    assert "Joblib.Parallel(n_jobs=2" in result.text
    assert result.err.count("does not exist") == 2
    assert "Traceback" not in result.text
    assert "sweep: 4 jobs, 2 finished, 2 failed" in result.out
    assert "best job: path=" in result.out  # the job's swept values lead its name

    client, parent, children = _runs(tmp_path)
    assert parent.info.status == "FINISHED"
    statuses = sorted(
        (
            r.data.params["optimizer.learning_rate"],
            r.data.params["data.path"] == str(missing),
            r.info.status,
        )
        for r in children
    )
    assert statuses == [
        ("0.001", False, "FINISHED"),
        ("0.001", True, "FAILED"),
        ("0.01", False, "FINISHED"),
        ("0.01", True, "FAILED"),
    ]
    for run in children:
        if run.info.status == "FAILED":  # recorded with the message the user saw
            assert "missing.csv does not exist" in run.data.tags["dlpipe.error"]
    finished = [r for r in children if r.info.status == "FINISHED"]
    best = min(finished, key=lambda r: r.data.metrics["objective"])
    assert parent.data.tags["dlpipe.best_run_id"] == best.info.run_id
    assert parent.data.metrics["best_val_loss"] == best.data.metrics["objective"]
    assert f"(run {best.info.run_id})" in result.out
    for run in finished:  # every epoch's metrics arrived; the objective is the best val_loss
        history = [m.value for m in client.get_metric_history(run.info.run_id, "val_loss")]
        assert len(history) == 2 and run.data.metrics["objective"] == min(history)
        assert len(client.get_metric_history(run.info.run_id, "loss")) == 2
        assert {"test_loss", "test_accuracy"} <= set(run.data.metrics)
        assert run.info.run_name.startswith("path=") and " learning_rate=" in run.info.run_name
        assert run.info.run_name.endswith(f"· job {run.data.tags['dlpipe.job']}")
    assert parent.data.tags["dlpipe.jobs"] == "4"
    assert parent.info.run_name == "sweep path × learning_rate"

    table = run_cli(
        "compare", "metric=test_accuracy", "plot=compare.png", "csv=compare.csv", cwd=tmp_path
    )
    assert table.code == 0, table.text
    lines = table.out.splitlines()
    header = lines[0].split()
    assert header[:4] == ["run", "id", "status", "test_accuracy"]
    assert max(len(line) for line in lines) <= 100  # fits a terminal
    whole = pd.read_csv(tmp_path / "compare.csv")  # the same table, whole
    assert {"optimizer.learning_rate", "data.path"} <= set(whole.columns)
    assert set(whole["data.path"]) == {str(penguins_csv), str(missing)}
    assert "trainer.epochs" not in header  # the same in every run: not a key difference
    # best first: the finished runs in order of accuracy, then the failed ones (no metric)
    position = {r.info.run_id: table.out.index(r.info.run_id[:8]) for r in children}
    by_row = sorted(children, key=lambda r: position[r.info.run_id])
    assert [r.info.status for r in by_row] == ["FINISHED", "FINISHED", "FAILED", "FAILED"]
    shown = [r.data.metrics["test_accuracy"] for r in by_row[:2]]
    assert shown == sorted(shown, reverse=True)
    assert "4 runs, sorted by test_accuracy (higher is better)" in table.out
    assert (tmp_path / "compare.png").stat().st_size > 0


def test_optuna_search_three_trials(tmp_path: Path, penguins_csv: Path) -> None:
    result = run_cli(
        "hparams_search=dense_optuna",  # implies -m
        "hydra.sweeper.n_trials=3",
        "hydra.sweeper.seed=0",
        f"data.path={penguins_csv}",
        *TINY,
        "tracking.log_model=false",
        "hydra.sweep.dir=sweep",
        "hydra.sweeper.storage=sqlite:///optuna.db",  # a new file in the working folder
        cwd=tmp_path,
    )
    assert result.code == 0, result.text
    assert "Optuna study: minimize val_loss, 3 trials (tpe)" in result.text
    import optuna

    (study,) = optuna.get_all_study_summaries(f"sqlite:///{tmp_path / 'optuna.db'}")
    assert study.n_trials == 3
    _, parent, children = _runs(tmp_path)
    assert len(children) == 3 and all(r.info.status == "FINISHED" for r in children)
    rates = {r.data.params["optimizer.learning_rate"] for r in children}
    assert len(rates) == 3 and all(1e-4 <= float(v) <= 1e-1 for v in rates)
    assert {r.data.params["trainer.batch_size"] for r in children} <= {"16", "32", "64"}
    best = min(children, key=lambda r: r.data.metrics["objective"])
    assert parent.data.tags["dlpipe.best_run_id"] == best.info.run_id
    results = (tmp_path / "sweep" / "optimization_results.yaml").read_text()
    assert f"best_value: {best.data.metrics['objective']}"[:18] in results
