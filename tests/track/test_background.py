"""The recorder process: what the training sent is written even if the training dies, and
a mistake found before the run opens leaves no store and no waiting."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

from mlflow.tracking import MlflowClient
from omegaconf import OmegaConf

from conftest import SRC
from dlpipe.errors import TrackingError
from dlpipe.track.background import recorder_process
from dlpipe.track.recorder import tracked_run

# A "training" that logs 40 epochs through a recorder process, then dies by SIGKILL
# without closing its run.
KILLED = """
import os, signal, sys
from omegaconf import OmegaConf
from dlpipe.track.recorder import tracked_run
from dlpipe.track.background import recorder_process

tracking = OmegaConf.create(
    {"enabled": True, "uri": sys.argv[1], "experiment": "e", "run_name": None}
)
with recorder_process(tracking) as process, tracked_run(
    tracking, params={"trainer": {"epochs": 40}}, tags={}, process=process
) as rec:
    for epoch in range(40):
        rec.log_metrics({"loss": 1.0 / (epoch + 1)}, step=epoch)
    print(rec.run_id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_training_still_gets_every_epoch_it_sent(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    proc = subprocess.run(
        [sys.executable, "-c", KILLED, uri],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    run_id = proc.stdout.strip()
    client = MlflowClient(uri)
    deadline = time.monotonic() + 30
    while client.get_run(run_id).info.status == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.1)  # the recorder writes what was in the pipe, then ends the run
    run = client.get_run(run_id)
    assert run.info.status == "KILLED"
    assert run.data.params["trainer.epochs"] == "40"  # written after the id was answered
    steps = [m.step for m in client.get_metric_history(run_id, "loss")]
    assert sorted(steps) == list(range(40))


# The recorder process with epochs held for an hour, not half a second: only something the
# training sends can make it write them before the run ends.
HELD_AN_HOUR = (
    "import sys; import dlpipe.track.background as b; b.EPOCHS_HELD_S = 3600; b.main(sys.argv[1:])"
)


def test_the_last_epochs_are_written_when_the_plots_come(tmp_path: Path, monkeypatch) -> None:
    from dlpipe.track import background
    from dlpipe.track.plots import PlotRecord

    monkeypatch.setattr(background, "RECORDER", [sys.executable, "-c", HELD_AN_HOUR])
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    tracking = OmegaConf.create({"enabled": True, "uri": uri, "experiment": "e", "run_name": None})
    client = MlflowClient(uri)
    with (
        recorder_process(tracking) as process,
        tracked_run(tracking, params={}, tags={}, process=process) as rec,
    ):
        losses = [1.0, 0.5, 0.25]
        for epoch, loss in enumerate(losses):
            rec.log_metrics({"loss": loss}, step=epoch)
        # The learning curves come once training is over: the epochs are written then,
        # while the plots are drawn, not after the test split is evaluated.
        rec.log_plots(PlotRecord(tmp_path / "plots", history={"loss": losses}))
        deadline = time.monotonic() + 60
        while len(client.get_metric_history(rec.run_id, "loss")) < 3:
            assert time.monotonic() < deadline, "the epochs were held until the run's end"
            time.sleep(0.1)
    plots = [f.path for f in client.list_artifacts(rec.run_id, "plots")]
    assert plots == ["plots/learning_curve_loss.png"]


def test_params_that_cannot_be_written_leave_the_run_failed_and_say_so(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    tracking = OmegaConf.create({"enabled": True, "uri": uri, "experiment": "e", "run_name": None})
    try:
        with (
            recorder_process(tracking) as process,
            tracked_run(tracking, params={"bad!name": 1}, tags={}, process=process) as rec,
        ):
            run_id = rec.run_id  # the run opened: its params are written afterwards
            rec.log_metrics({"loss": 0.5}, step=0)
    except TrackingError as exc:
        assert "incomplete" in str(exc) and "log_params" in str(exc)
    else:
        raise AssertionError("an incomplete record must be reported")
    run = MlflowClient(uri).get_run(run_id)
    assert run.info.status == "FAILED"
    assert run.data.metrics["loss"] == 0.5  # the rest of the record is written


def test_a_mistake_before_the_run_opens_leaves_no_store(tmp_path: Path) -> None:
    tracking = OmegaConf.create(
        {"enabled": True, "uri": f"sqlite:///{tmp_path}/t.db", "experiment": "e", "run_name": None}
    )
    started = time.monotonic()
    try:
        with recorder_process(tracking) as process:
            assert process is not None
            raise TrackingError("the data is wrong")  # found while the recorder warms up
    except TrackingError:
        pass
    assert time.monotonic() - started < 5  # not held up by the recorder's start-up
    assert not (tmp_path / "t.db").exists()


def test_a_file_store_is_refused_before_any_process_starts(tmp_path: Path) -> None:
    tracking = OmegaConf.create({"enabled": True, "uri": f"file://{tmp_path}/mlruns"})
    try:
        with recorder_process(tracking):
            raise AssertionError("should not start")
    except TrackingError as exc:
        assert exc.where == "tracking.uri"


def test_our_errors_cross_the_pipe_whole() -> None:
    error = pickle.loads(pickle.dumps(TrackingError("no store", where="tracking.uri", hint="x")))
    assert (type(error), str(error)) == (TrackingError, "tracking.uri: no store\n  hint: x")


def test_warm_up_stops_when_the_training_asks_for_its_run(tmp_path: Path) -> None:
    from dlpipe.track.background import warm_up, warm_up_steps

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    names = [step.__name__ for step in warm_up_steps(uri)]
    assert names[0] == "store"  # what opening a run needs comes first
    _, left = warm_up(uri, asked=lambda: True)  # asked at once: only the store was warmed
    assert [step.__name__ for step in left] == names[1:]
    asked = iter([False, True])
    _, left = warm_up(uri, asked=lambda: next(asked))
    assert [step.__name__ for step in left] == names[2:]
    assert warm_up(uri, asked=lambda: False) == (False, [])
    assert not (tmp_path / "mlflow.db").exists()  # warming up creates no store


def test_warm_up_says_whether_the_store_is_ready(tmp_path: Path) -> None:
    from dlpipe.track.background import warm_up
    from dlpipe.track.store import ensure_store

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    assert warm_up(uri, asked=lambda: True)[0] is False  # none yet: the run's open makes it
    ensure_store(uri)
    assert warm_up(uri, asked=lambda: True)[0] is True
    (tmp_path / "mlflow.db").write_bytes(b"not a database")
    assert warm_up(uri, asked=lambda: True)[0] is False  # the open checks it again


def test_a_recorder_that_stops_reading_never_makes_the_training_wait(tmp_path: Path) -> None:
    """A store that stops answering stalls the recorder (MLflow retries for minutes): the
    training's messages wait in memory, not in the training, and all arrive, in order."""
    import threading

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    tracking = OmegaConf.create({"enabled": True, "uri": uri, "experiment": "e", "run_name": None})
    with (
        recorder_process(tracking) as process,
        tracked_run(tracking, params={}, tags={}, process=process) as rec,
    ):
        run_id = rec.run_id
        os.kill(process._process.pid, signal.SIGSTOP)  # stalled, as on a hung network call
        try:
            padding = "x" * 6000  # ~2 MB in all: far more than the pipe holds
            sender = threading.Thread(
                target=lambda: [
                    rec.log_metrics({"loss": float(step)}, step=step)
                    or rec.set_tags({"note": padding})
                    for step in range(300)
                ]
            )
            sender.start()
            sender.join(timeout=60)
            assert not sender.is_alive(), "the training waited for a stalled recorder"
        finally:
            os.kill(process._process.pid, signal.SIGCONT)
    steps = [m.step for m in MlflowClient(uri).get_metric_history(run_id, "loss")]
    assert steps == sorted(steps) and sorted(steps) == list(range(300))
    assert MlflowClient(uri).get_run(run_id).info.status == "FINISHED"
