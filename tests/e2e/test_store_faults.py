"""A store that cannot be written, or that fails during a run, ends the command with one
message (exit 2), never a wall of tracebacks, and the trained files are kept.

Read-only folders and full disks are real ones: a tmpfs or a read-only bind mount in a
mount namespace of the test's own (``unshare``), so nothing on the machine is touched.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
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
