"""Resume helpers: only some keys may change, logged epochs are not logged twice."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from omegaconf import OmegaConf

from dlpipe.commands.resume import Resume, _apply_resumable, still_running


class Recorded:
    def __init__(self) -> None:
        self.calls: list[tuple[dict, int | None]] = []

    def log_metrics(self, metrics, step=None) -> None:
        self.calls.append((dict(metrics), step))


def test_resumed_logger_skips_epochs_already_logged() -> None:
    recorder = Recorded()
    skipping = Resume(run_id="r", logged=frozenset(range(5))).skip_logged(recorder)
    for step in range(3, 7):
        skipping.log_metrics({"loss": float(step)}, step=step)
    skipping.log_metrics({"test_loss": 1.0})
    assert [s for _, s in recorder.calls] == [5, 6, None]


def test_only_resumable_keys_are_taken_from_the_command_line() -> None:
    stored = OmegaConf.create(
        {"trainer": {"epochs": 100, "batch_size": 8}, "model": {"name": "dense"}}
    )
    given = OmegaConf.create({"trainer": {"epochs": 7, "batch_size": 64}, "model": {"name": "cnn"}})
    ignored = _apply_resumable(
        stored, given, ["trainer.epochs=7", "trainer.batch_size=64", "model=cnn", "hydra.run.dir=x"]
    )
    assert stored.trainer.epochs == 7 and stored.trainer.batch_size == 8
    assert ignored == ["trainer.batch_size=64", "model=cnn"]


def test_repeating_the_original_overrides_is_not_reported() -> None:
    stored = OmegaConf.create(
        {"data": {"path": "p.csv", "limit": None}, "model": {"name": "dense"}}
    )
    given = OmegaConf.create({"data": {"path": "p.csv", "limit": None}, "model": {"name": "dense"}})
    assert _apply_resumable(stored, given, ["data.path=p.csv", "model=dense"]) == []


def test_still_running_only_for_a_live_dlpipe_process_here() -> None:
    host = socket.gethostname()
    assert not still_running({"dlpipe.host": host, "dlpipe.pid": str(os.getpid())})  # ourselves
    assert not still_running({"dlpipe.host": "elsewhere", "dlpipe.pid": "1"})
    assert not still_running({"dlpipe.host": host, "dlpipe.pid": "999999999"})
    assert not still_running({})


def test_a_store_cannot_send_a_resumed_run_to_write_outside_this_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlflow.tracking import MlflowClient
    from omegaconf import OmegaConf

    from dlpipe.commands.context import RunContext
    from dlpipe.commands.resume import prepare_resume
    from dlpipe.errors import TrackingError

    elsewhere, work = tmp_path / "elsewhere", tmp_path / "work"
    (elsewhere / "backup").mkdir(parents=True)
    (elsewhere / "backup" / "training_metadata.json").write_text('{"epoch": 1}')
    work.mkdir()
    monkeypatch.chdir(work)
    uri = f"sqlite:///{work / 'mlflow.db'}"
    client = MlflowClient(uri)
    run = client.create_run(client.create_experiment("dlpipe"))
    client.set_tag(run.info.run_id, "dlpipe.output_dir", str(elsewhere))  # a tampered tag
    client.set_terminated(run.info.run_id, "KILLED")
    cfg = OmegaConf.create({"trainer": {"resume": run.info.run_id}, "tracking": {"uri": uri}})

    with pytest.raises(TrackingError) as caught:
        prepare_resume(cfg, RunContext(output_dir=work / "out"))

    assert "outside this folder" in str(caught.value)
    assert [p.name for p in elsewhere.rglob("*")] == ["backup", "training_metadata.json"]


def test_a_resumed_run_records_again_only_the_backed_up_epochs_it_lacks() -> None:
    from dlpipe.training.callbacks import EpochLog

    logged: list[tuple[int, float, int | None]] = []

    class Recorder:
        def log_metrics(self, metrics, step=None, at_ms=None):  # type: ignore[no-untyped-def]
            logged.append((step, metrics["loss"], at_ms))

    epochs = [EpochLog(step, 1000 + step, {"loss": 1.0 / (step + 1)}) for step in range(6)]
    # The store has epochs 0, 1 and 3 (2 was refused by a store that blinked); the backup
    # restarts training after 5 epochs (0-4).
    resume = Resume(run_id="r", logged=frozenset({0, 1, 3}))
    resume.fill_gap(Recorder())(5, epochs)
    assert logged == [(2, 1 / 3, 1002), (4, 1 / 5, 1004)]
