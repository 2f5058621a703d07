"""A store that cannot be written, or that fails during a run, ends the command with one
message (exit 2), never a wall of tracebacks, and the trained files are kept.

Read-only folders and full disks are real ones: a tmpfs or a read-only bind mount in a
mount namespace of the test's own (``unshare``), so nothing on the machine is touched.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SRC, CliResult


def run_cli_mounted(mounts: str, *args: str, cwd: Path, timeout: int = 300) -> CliResult:
    """``python -m dlpipe ARGS`` in ``cwd`` after the shell commands ``mounts`` (run as
    root of a new user and mount namespace: the mounts vanish with the command)."""
    env = {k: v for k, v in os.environ.items() if k != "MLFLOW_TRACKING_URI"}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "dlpipe", *args])
    proc = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-ec",
            f"{mounts}\nexec {command}",
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def _make_store(uri: str) -> None:
    from mlflow.tracking import MlflowClient

    from dlpipe.track.store import ensure_store

    ensure_store(uri)
    MlflowClient(uri).search_experiments()


@pytest.mark.parametrize("existing", [True, False], ids=["existing store", "new store"])
def test_a_store_on_a_read_only_folder_is_one_message(
    tmp_path: Path, penguins_csv: Path, existing: bool
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    uri = f"sqlite:///{store / 'mlflow.db'}"
    if existing:
        _make_store(uri)
    result = run_cli_mounted(
        "mount --bind store store; mount -o remount,bind,ro store",
        f"data.path={penguins_csv}",
        "debug=fast",
        f"tracking.uri={uri}",
        "hydra.run.dir=out",
        cwd=tmp_path,
    )
    assert result.code == 2, result.text
    assert "Traceback" not in result.text and "ERROR" not in result.text
    (message,) = [line for line in result.err.splitlines() if line.startswith("dlpipe: error")]
    assert "tracking.uri" in message
    assert ("readonly database" if existing else "Read-only file system") in message
    assert "the store must be writable" in result.err


def _backed_up_epochs(folder: Path) -> int:
    try:
        return json.loads((folder / "training_metadata.json").read_text())["epoch"]
    except (OSError, ValueError, KeyError):
        return 0


def test_a_store_deleted_mid_run_is_said_and_the_trained_files_are_kept(
    tmp_path: Path, penguins_csv: Path
) -> None:
    """SQLite lets the run go on writing into the deleted file, unseen: the end of the run
    says the record went with the store (not "see it with mlflow ui"), exit 2."""
    backup = tmp_path / "out" / "backup"
    env = {k: v for k, v in os.environ.items() if k != "MLFLOW_TRACKING_URI"}
    env.update(PYTHONPATH=str(SRC), TF_CPP_MIN_LOG_LEVEL="3")
    args = [f"data.path={penguins_csv}", "trainer.epochs=60", "callbacks=none"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "dlpipe", *args, "hydra.run.dir=out"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 240
    while _backed_up_epochs(backup) < 2:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no epoch was backed up in time"
        time.sleep(0.05)
    (tmp_path / "mlflow.db").unlink()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 2, out + err
    assert "Traceback" not in out + err and "mlflow ui" not in out + err
    (message,) = [line for line in err.splitlines() if line.startswith("dlpipe: error")]
    assert "the store was deleted or replaced during the run" in message
    assert "trainer.resume" not in err  # (nothing left there to resume into)
    assert (tmp_path / "out" / "model.keras").is_file()
