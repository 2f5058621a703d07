"""A run stopped by SIGTERM, then by SIGKILL of its process group, is continued twice into
one complete MLflow run: every epoch logged exactly once, FINISHED at the end; one killed
while its results are recorded is completed without training again."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from conftest import backed_up_epochs, run_cli, start_cli, wait_for_epochs

MANY = "trainer.epochs=100000"  # never reached: the test stops the run


def _stop_after(
    proc: subprocess.Popen, backup: Path, epochs: int, signum: int, group: bool = False
) -> str:
    """Send ``signum`` once ``epochs`` epochs are backed up (to the command's whole process
    group with ``group``, as `timeout` or a batch scheduler do); return its output."""
    wait_for_epochs(proc, backup, epochs)
    if group:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    try:
        out, _ = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:  # hung: show every thread's stack, then fail
        proc.send_signal(signal.SIGABRT)
        out, _ = proc.communicate(timeout=60)
        raise AssertionError(f"no exit 120 s after signal {signum}:\n{out}") from None
    return out


def _client(tmp_path: Path):
    from mlflow.tracking import MlflowClient

    return MlflowClient(f"sqlite:///{tmp_path / 'mlflow.db'}")


def test_sigterm_then_sigkill_then_resume_gives_one_complete_run(
    tmp_path: Path, penguins_csv: Path
) -> None:
    backup = tmp_path / "out" / "backup"
    args = [f"data.path={penguins_csv}", MANY, "trainer.verbose=0", "callbacks=none"]
    proc = start_cli(
        *args, "trainer.deterministic=true", "hydra.run.dir=out", cwd=tmp_path, merged=True
    )
    out = _stop_after(proc, backup, 2, signal.SIGTERM)

    assert proc.returncode == 128 + signal.SIGTERM, out
    assert "Traceback" not in out
    assert out.count("ends KILLED") == 1 and "dlpipe: interrupted" not in out  # said once
    client = _client(tmp_path)
    (run,) = client.search_runs([client.get_experiment_by_name("dlpipe").experiment_id])
    run_id = run.info.run_id
    assert f"trainer.resume={run_id}" in out
    assert run.info.status == "KILLED"
    assert run.data.tags["dlpipe.determinism"] == "op_determinism"
    assert backed_up_epochs(backup) >= 2
    logged = [m.step for m in client.get_metric_history(run_id, "loss")]
    assert logged == list(range(len(logged))) and len(logged) >= 2

    # Resume with many epochs again, and kill its whole process group hard (the OOM
    # killer, `kill -9 -PGID`): the epochs sent but not yet written die with the recorder
    # process, and nobody is left to end the run. (The training alone killed: its recorder
    # writes what it was sent and ends the run KILLED, tests/track/test_background.py.)
    done = backed_up_epochs(backup)
    proc = start_cli(
        f"trainer.resume={run_id}",
        MANY,
        "hydra.run.dir=second",
        cwd=tmp_path,
        own_group=True,
        merged=True,
    )
    _stop_after(proc, backup, done + 4, signal.SIGKILL, group=True)
    assert proc.returncode == -signal.SIGKILL
    assert client.get_run(run_id).info.status == "RUNNING"

    # Resume to the end: 3 more epochs than the last backup.
    total = backed_up_epochs(backup) + 3
    result = run_cli(f"trainer.resume={run_id}", f"trainer.epochs={total}", cwd=tmp_path)
    assert result.code == 0, result.text
    assert "resuming run" in result.text

    finished = client.get_run(run_id)
    assert finished.info.status == "FINISHED"
    assert len(client.search_runs([finished.info.experiment_id])) == 1
    for key in ("loss", "val_loss", "accuracy"):
        steps = [m.step for m in client.get_metric_history(run_id, key)]
        # no gap (the lost epochs come from the backup), no duplicate
        assert sorted(steps) == list(range(total)), (key, steps)
    assert "test_accuracy" in finished.data.metrics
    assert finished.data.tags["dlpipe.resumed"].endswith(f"trainer.epochs={total}")
    assert not backup.exists()  # deleted once training completed
    config = client.download_artifacts(run_id, "config.yaml", str(tmp_path))
    assert f"epochs: {total}" in Path(config).read_text()  # what `reproduce` will re-run
    assert (tmp_path / "out" / "model.keras").is_file()

    again = run_cli(f"trainer.resume={run_id}", cwd=tmp_path)
    assert again.code == 2 and "nothing to resume" in again.err


def test_sigterm_to_the_whole_process_group_ends_the_run_killed_cleanly(
    tmp_path: Path, penguins_csv: Path
) -> None:
    """The recorder process gets the signal too; it leaves the run's end to the training."""
    backup = tmp_path / "out" / "backup"
    args = [f"data.path={penguins_csv}", MANY, "trainer.verbose=0", "callbacks=none"]
    proc = start_cli(*args, "hydra.run.dir=out", cwd=tmp_path, own_group=True, merged=True)
    out = _stop_after(proc, backup, 1, signal.SIGTERM, group=True)

    assert proc.returncode == 128 + signal.SIGTERM, out
    assert "Traceback" not in out and "ends KILLED" in out
    client = _client(tmp_path)
    (run,) = client.search_runs([client.get_experiment_by_name("dlpipe").experiment_id])
    assert run.info.status == "KILLED"
    logged = [m.step for m in client.get_metric_history(run.info.run_id, "loss")]
    assert logged == list(range(len(logged))) and len(logged) >= 1


def test_kill_9_while_the_results_are_recorded_then_resume_completes_the_record(
    tmp_path: Path, penguins_csv: Path
) -> None:
    """SIGKILL to the whole group once training is over and its files are saved (while
    the models and plots are being logged): `trainer.resume` records the results from the
    saved files, without training again."""
    import keras

    from dlpipe.track.fingerprint import WEIGHTS_SHA, weights_sha256

    trained = tmp_path / "out" / "backup" / "trained.json"
    args = [f"data.path={penguins_csv}", "trainer.epochs=6", "trainer.verbose=0", "callbacks=none"]
    proc = start_cli(*args, "hydra.run.dir=out", cwd=tmp_path, own_group=True, merged=True)
    deadline = time.monotonic() + 240
    while not trained.exists():
        assert proc.poll() is None, proc.stdout.read()
        assert time.monotonic() < deadline, "training did not end in time"
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    client = _client(tmp_path)
    (run,) = client.search_runs([client.get_experiment_by_name("dlpipe").experiment_id])
    assert run.info.status == "RUNNING"  # nobody was left to end it
    trained_sha = weights_sha256(
        keras.saving.load_model(tmp_path / "out" / "model.keras", compile=False)
    )

    result = run_cli(f"trainer.resume={run.info.run_id}", cwd=tmp_path)
    assert result.code == 0, result.text
    assert "completing the record" in result.text
    finished = client.get_run(run.info.run_id)
    assert finished.info.status == "FINISHED"
    assert finished.data.tags[WEIGHTS_SHA] == trained_sha  # recorded, not trained again
    assert "test_accuracy" in finished.data.metrics
    for key in ("loss", "val_loss", "accuracy"):
        steps = [m.step for m in client.get_metric_history(run.info.run_id, key)]
        assert sorted(steps) == list(range(6)), (key, steps)  # every epoch once
    assert finished.data.tags["dlpipe.model.pipeline"].startswith("models:/")
    models = client.search_logged_models(
        [run.info.experiment_id], filter_string=f"source_run_id = '{run.info.run_id}'"
    )
    assert [(m.name, m.status) for m in models] == [("pipeline", "READY")]  # none half-made
    names = {a.path for a in client.list_artifacts(run.info.run_id, "plots")}
    assert "plots/learning_curve_loss.png" in names
    assert not (tmp_path / "out" / "backup").exists()  # complete: nothing left to resume


def test_the_training_killed_while_its_record_is_completed_leaves_a_finished_run_clean(
    tmp_path: Path, penguins_csv: Path
) -> None:
    """SIGKILL to the training alone once it has asked for the run's end (its first model
    is logged): the recorder completes the record, ends the run FINISHED and removes the
    backup (nothing is left to resume), and says nothing of the training gone (it wrote a
    BrokenPipeError traceback)."""
    args = [f"data.path={penguins_csv}", "trainer.epochs=3", "trainer.verbose=0", "callbacks=none"]
    proc = start_cli(*args, "hydra.run.dir=out", cwd=tmp_path, own_group=True, merged=True)
    deadline = time.monotonic() + 240
    while not _a_model_is_ready(tmp_path):
        assert proc.poll() is None, proc.stdout.read()
        assert time.monotonic() < deadline, "no model logged in time"
        time.sleep(0.05)
    proc.kill()  # the training only: its recorder goes on
    out, _ = proc.communicate(timeout=120)  # until the recorder, too, lets go of the output
    client = _client(tmp_path)
    (run,) = client.search_runs([client.get_experiment_by_name("dlpipe").experiment_id])
    assert run.info.status == "FINISHED", out
    assert "Traceback" not in out and "BrokenPipe" not in out, out
    assert not (tmp_path / "out" / "backup").exists()


def _a_model_is_ready(tmp_path: Path) -> bool:
    import sqlite3

    db = tmp_path / "mlflow.db"
    if not db.exists():
        return False
    try:
        with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as con:
            rows = con.execute("SELECT status FROM logged_models").fetchall()
    except sqlite3.Error:
        return False
    return any(str(status) in ("2", "READY") for (status,) in rows)
