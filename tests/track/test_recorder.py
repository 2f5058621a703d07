"""An MLflow run per training: params flattened, and never left RUNNING."""

from __future__ import annotations

from pathlib import Path

import pytest
from mlflow.tracking import MlflowClient
from omegaconf import OmegaConf

from dlpipe.track import tracked_run
from dlpipe.track.recorder import flatten


def tracking(tmp_path: Path):
    return OmegaConf.create(
        {"enabled": True, "uri": f"sqlite:///{tmp_path}/t.db", "experiment": "e", "run_name": None}
    )


def only_run(tmp_path: Path):
    client = MlflowClient(f"sqlite:///{tmp_path}/t.db")
    (run,) = client.search_runs([client.get_experiment_by_name("e").experiment_id])
    return client, run


def test_flatten_joins_keys_and_keeps_lists_readable() -> None:
    flat = flatten({"trainer": {"epochs": 2}, "model": {"layers": [{"type": "Dense"}]}, "x": None})
    assert flat == {"trainer.epochs": 2, "model.layers": '[{"type": "Dense"}]', "x": None}


def test_a_finished_run_has_params_tags_and_batched_metrics(tmp_path: Path) -> None:
    with tracked_run(
        tracking(tmp_path), params={"trainer": {"epochs": 2}}, tags={"dlpipe.overrides": "a=1"}
    ) as rec:
        rec.log_metrics({"loss": 0.5, "accuracy": 0.75}, step=0)
        rec.log_metrics({"loss": 0.25, "accuracy": 0.875}, step=1)
        rec.log_text("hello", "notes.txt")
    client, run = only_run(tmp_path)
    assert run.info.status == "FINISHED"
    assert run.data.params == {"trainer.epochs": "2"}
    assert run.data.tags["dlpipe.overrides"] == "a=1"
    assert [m.value for m in client.get_metric_history(run.info.run_id, "loss")] == [0.5, 0.25]
    assert [a.path for a in client.list_artifacts(run.info.run_id)] == ["notes.txt"]


def test_a_run_that_raises_ends_failed(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), tracked_run(tracking(tmp_path), params={}, tags={}):
        raise RuntimeError("boom")
    assert only_run(tmp_path)[1].info.status == "FAILED"


def test_ctrl_c_ends_the_run_killed(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), tracked_run(tracking(tmp_path), params={}, tags={}):
        raise KeyboardInterrupt
    assert only_run(tmp_path)[1].info.status == "KILLED"


def test_tracking_can_be_turned_off(tmp_path: Path) -> None:
    off = OmegaConf.create({"enabled": False, "uri": f"sqlite:///{tmp_path}/t.db"})
    with tracked_run(off, params={}, tags={}) as rec:
        rec.log_metrics({"loss": 1.0})
        assert rec.run_id is None
    assert not (tmp_path / "t.db").exists()
