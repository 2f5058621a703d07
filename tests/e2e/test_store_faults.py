"""A store that cannot be written, or that fails during a run, ends the command with one
message (exit 2), never a wall of tracebacks, and the trained files are kept.

Read-only folders and full disks are real ones: a tmpfs or a read-only bind mount in a
mount namespace of the test's own (``unshare``), so nothing on the machine is touched.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CliResult, cli_env, start_cli, wait_for_epochs


def run_cli_mounted(mounts: str, *args: str, cwd: Path, timeout: int = 300) -> CliResult:
    """``python -m dlpipe ARGS`` in ``cwd`` after the shell commands ``mounts``."""
    return run_mounted(f"{mounts}\nexec {DLPIPE} {shlex.join(args)}", cwd=cwd, timeout=timeout)


def run_mounted(script: str, cwd: Path, timeout: int = 300) -> CliResult:
    """A shell script run as root of a new user and mount namespace (its mounts vanish
    with it), with this checkout's dlpipe; ``{dlpipe}`` in it is the command."""
    proc = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-ec", script],
        cwd=cwd,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


DLPIPE = shlex.join([sys.executable, "-m", "dlpipe"])


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


def test_a_store_deleted_mid_run_is_said_and_the_trained_files_are_kept(
    tmp_path: Path, penguins_csv: Path
) -> None:
    """SQLite lets the run go on writing into the deleted file, unseen: the end of the run
    says the record went with the store (not "see it with mlflow ui"), exit 2."""
    backup = tmp_path / "out" / "backup"
    args = [f"data.path={penguins_csv}", "trainer.epochs=25", "callbacks=none"]
    proc = start_cli(*args, "hydra.run.dir=out", cwd=tmp_path)
    wait_for_epochs(proc, backup, 2)
    (tmp_path / "mlflow.db").unlink()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 2, out + err
    assert "Traceback" not in out + err and "mlflow ui" not in out + err
    (message,) = [line for line in err.splitlines() if line.startswith("dlpipe: error")]
    assert "the store was deleted or replaced during the run" in message
    assert "trainer.resume" not in err  # (nothing left there to resume into)
    assert (tmp_path / "out" / "model.keras").is_file()


DISK_FILLS_UP = """
mount -t tmpfs -o size=8m tmpfs out
{dlpipe} {args} trainer.epochs=100000 hydra.run.dir=out >first.out 2>first.err &
pid=$!
n=0
until grep -qs '"epoch": [3-9]' out/backup/training_metadata.json; do
  kill -0 $pid; n=$((n+1)); [ $n -lt 4000 ]; sleep 0.05
done
# filled as disks fill: by a writer of its own, over a second or so
while kill -0 $pid 2>/dev/null && dd if=/dev/zero bs=64k count=1 >>out/ballast 2>/dev/null; do
  sleep 0.01
done
rc=0; wait $pid || rc=$?; echo $rc >first.rc
run=$(sed -n 's/.*trainer.resume=\\([0-9a-f]*\\).*/\\1/p' first.out first.err | head -1)
rm out/ballast
done=$(sed 's/.*"epoch": \\([0-9]*\\).*/\\1/' out/backup/training_metadata.json)
echo $((done + 2)) >total
{dlpipe} trainer.resume=$run trainer.epochs=$((done + 2))
"""


def test_a_full_disk_during_training_is_one_message_then_resume_finishes_the_run(
    tmp_path: Path, penguins_csv: Path
) -> None:
    """The output folder's disk fills up mid-training (a real full tmpfs): the run ends
    FAILED with one message naming the folder and the command that continues it; once
    space is freed, that command finishes the run with every epoch recorded once."""
    from mlflow.tracking import MlflowClient

    (tmp_path / "out").mkdir()
    args = f"data.path={penguins_csv} callbacks=none trainer.verbose=0"
    result = run_mounted(DISK_FILLS_UP.format(dlpipe=DLPIPE, args=args), cwd=tmp_path)
    first_err = (tmp_path / "first.err").read_text()
    assert (tmp_path / "first.rc").read_text().strip() == "2", first_err
    assert "Traceback" not in first_err + (tmp_path / "first.out").read_text()
    (message,) = [line for line in first_err.splitlines() if line.startswith("dlpipe: error")]
    assert f"hydra.run.dir: could not write the run's files in {tmp_path / 'out'}" in message
    assert "no space left on the device" in message and "KiB free" in message
    assert "continue the run with: python -m dlpipe trainer.resume=" in first_err
    assert "(FAILED)" in first_err  # the run recorded the error

    assert result.code == 0, result.text  # resumed once space was freed
    client = MlflowClient(f"sqlite:///{tmp_path / 'mlflow.db'}")
    (run,) = client.search_runs([client.get_experiment_by_name("dlpipe").experiment_id])
    assert run.info.status == "FINISHED"
    total = int((tmp_path / "total").read_text())
    for key in ("loss", "val_loss"):
        steps = [m.step for m in client.get_metric_history(run.info.run_id, key)]
        assert sorted(steps) == list(range(total)), (key, steps)


STORE_FILLS_UP = """
mount -t tmpfs -o size=3m tmpfs store
{dlpipe} {args} tracking.uri=sqlite:///$PWD/store/mlflow.db >first.out 2>first.err &
pid=$!
n=0
until grep -qs '"epoch": [3-9]' out/backup/training_metadata.json; do
  kill -0 $pid; n=$((n+1)); [ $n -lt 4000 ]; sleep 0.05
done
dd if=/dev/zero of=store/ballast bs=16k 2>/dev/null || true
rc=0; wait $pid || rc=$?; echo $rc >first.rc
run=$(sed -n 's/.*trainer.resume=\\([0-9a-f]*\\).*/\\1/p' first.out first.err | head -1)
rm store/ballast
{dlpipe} trainer.resume=$run tracking.uri=sqlite:///$PWD/store/mlflow.db
{python} -c "{check}" $PWD/store/mlflow.db $run
"""
# Read inside the namespace (the store's tmpfs goes with it): status and epochs recorded.
CHECK = (
    "import sys; from mlflow.tracking import MlflowClient as C; c = C('sqlite:///' + sys.argv[1]);"
    " r = c.get_run(sys.argv[2]); h = c.get_metric_history(sys.argv[2], 'val_loss');"
    " print('STATUS', r.info.status, sorted(m.step for m in h), 'test_loss' in r.data.metrics)"
)


def test_a_store_whose_disk_fills_up_costs_no_training_and_resume_completes_it(
    tmp_path: Path, penguins_csv: Path
) -> None:
    """The store's disk fills up mid-training (a real full tmpfs): training goes on to its
    end; one message says what could not be written and names the command that completes
    the record; once space is freed, it does."""
    (tmp_path / "store").mkdir()
    args = f"data.path={penguins_csv} trainer.epochs=40 callbacks=none hydra.run.dir=out"
    script = STORE_FILLS_UP.format(
        dlpipe=DLPIPE, args=args, python=shlex.quote(sys.executable), check=CHECK
    )
    result = run_mounted(script, cwd=tmp_path)
    first_err = (tmp_path / "first.err").read_text()
    assert (tmp_path / "first.rc").read_text().strip() == "2", first_err
    assert "Traceback" not in first_err
    (message,) = [line for line in first_err.splitlines() if line.startswith("dlpipe: error")]
    assert "is incomplete" in message and "database or disk is full" in message
    assert "complete the record with: python -m dlpipe trainer.resume=" in first_err
    assert not (tmp_path / "out" / "backup").exists()  # the record is complete: it went
    assert result.code == 0, result.text
    assert f"STATUS FINISHED {list(range(40))} True" in result.out
