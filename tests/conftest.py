"""Shared test helpers: tiny data files and a way to run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"
# The tests read dlpipe's English messages, whatever this machine's locale (the Korean
# ones: tests/test_korean.py); processes the tests start inherit it.
os.environ["DLPIPE_LANG"] = "en"
SHARED_DATASETS = REPO.parent / "shared" / "datasets"


@dataclass
class CliResult:
    """What a CLI call printed and returned."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 300
) -> CliResult:
    """Run ``python -m dlpipe ARGS`` in ``cwd`` with this checkout's source first on the path."""
    proc = subprocess.run(
        [sys.executable, "-m", "dlpipe", *args],
        cwd=cwd,
        env=cli_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a test runs dlpipe in: this checkout's source first on the path,
    no tracking URI from the caller's shell, TensorFlow's C++ logs off; then ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "MLFLOW_TRACKING_URI"}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    return {**env, **(extra or {})}


def start_cli(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    own_group: bool = False,
    merged: bool = False,
) -> subprocess.Popen:
    """Start ``python -m dlpipe ARGS`` in ``cwd`` as :func:`run_cli` runs it, without
    waiting: stderr into stdout with ``merged``, in a process group of its own with
    ``own_group``. A run that hangs prints every thread's stack on SIGABRT."""
    return subprocess.Popen(
        [sys.executable, "-m", "dlpipe", *args],
        cwd=cwd,
        env=cli_env({"PYTHONFAULTHANDLER": "1", **(env or {})}),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merged else subprocess.PIPE,
        text=True,
        start_new_session=own_group,
    )


def backed_up_epochs(backup: Path) -> int:
    """How many epochs a run's backup folder holds (0 while there is none)."""
    import json

    try:
        return json.loads((backup / "training_metadata.json").read_text())["epoch"]
    except (OSError, ValueError, KeyError):
        return 0


def wait_for_epochs(proc: subprocess.Popen, backup: Path, epochs: int) -> None:
    """Wait until a started run has backed up ``epochs`` epochs (failing if it ends first)."""
    import time

    deadline = time.monotonic() + 240
    while backed_up_epochs(backup) < epochs:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no epoch was backed up in time"
        time.sleep(0.05)


NOT_HYDRA_VERBS = ("check", "predict", "evaluate", "export", "compare", "reproduce", "init")


@pytest.fixture
def cli_here(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> Callable[..., CliResult]:
    """Run ``dlpipe ARGS`` through the CLI entry point in this process, in ``tmp_path``.

    No interpreter start-up (nor TensorFlow import) per case: for mistakes, and for runs
    whose output and files are what the test reads (its log lines are on ``out``).
    ``cwd=`` picks another folder. A Hydra job runs without its logging set-up
    (``hydra/job_logging=none``): ``logging.config.dictConfig`` would close the handlers
    that pytest and absl hold on the captured streams (the subprocess tests cover it)."""
    import logging

    from dlpipe.cli import main

    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    root = logging.getLogger()
    # a Hydra job configures logging (handlers on the root logger): undone after the test
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    monkeypatch.setattr("sys.argv", list(sys.argv))

    for name in ("mlflow", "alembic"):  # as dlpipe's job logging sets them (conf/hydra/)
        monkeypatch.setattr(logging.getLogger(name), "level", logging.WARNING)

    def call(*args: str, cwd: Path = tmp_path) -> CliResult:
        runs_a_job = not args or (args[0] not in NOT_HYDRA_VERBS and "--help" not in args)
        args = (*args, "hydra/job_logging=none") if runs_a_job else args
        monkeypatch.chdir(cwd)
        capsys.readouterr()  # what earlier calls printed
        # the console half of dlpipe's job logging: plain messages on (captured) stdout
        console = logging.StreamHandler(sys.stdout)
        console.setFormatter(logging.Formatter("%(message)s"))
        root.addHandler(console)
        root.setLevel(logging.INFO)
        try:
            main(list(args))
            code = 0
        except SystemExit as exited:
            code = exited.code if isinstance(exited.code, int) else 1
        finally:
            root.removeHandler(console)
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return call


def run_python(
    code: str, cwd: Path | None = None, timeout: int = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter that sees this checkout's source and nothing
    else of this environment (what it imports, it imports itself)."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def penguin_like_frame(n: int = 90, seed: int = 0) -> pd.DataFrame:
    """A small penguins-shaped table: 3 species, string columns, a few missing values."""
    rng = np.random.default_rng(seed)
    species = np.array(["Adelie", "Chinstrap", "Gentoo"])[np.arange(n) % 3]
    centre = {
        "Adelie": (38.0, 18.0, 190.0, 3700.0),
        "Chinstrap": (48.0, 18.5, 195.0, 3730.0),
        "Gentoo": (47.0, 15.0, 217.0, 5000.0),
    }
    rows = []
    for i, s in enumerate(species):
        c = centre[s]
        rows.append(
            {
                "species": s,
                "island": ["Torgersen", "Biscoe", "Dream"][(i // 3) % 3],
                "bill_length_mm": round(c[0] + rng.normal(0, 1.5), 1),
                "bill_depth_mm": round(c[1] + rng.normal(0, 0.5), 1),
                "flipper_length_mm": round(c[2] + rng.normal(0, 4)),
                "body_mass_g": round(c[3] + rng.normal(0, 200)),
                "sex": ["male", "female"][i % 2],
                "year": 2007 + i % 3,
            }
        )
    frame = pd.DataFrame(rows)
    frame.loc[[4, 11], "sex"] = None
    frame.loc[7, "bill_length_mm"] = None
    return frame


@pytest.fixture
def penguins_csv(tmp_path: Path) -> Path:
    """A tiny penguins-like CSV in a temp dir."""
    path = tmp_path / "penguins.csv"
    penguin_like_frame().to_csv(path, index=False)
    return path


@pytest.fixture
def titanic_csv(tmp_path: Path) -> Path:
    """A tiny Kaggle-style Titanic train.csv (capitalised headers, missing Age/Embarked)."""
    path = tmp_path / "train.csv"
    titanic_frame().to_csv(path, index=False)
    return path


def titanic_frame() -> pd.DataFrame:
    """80 Kaggle-style Titanic rows: mixed-case and padded `Sex`, a few missing values."""
    rng = np.random.default_rng(1)
    n = 80
    sex = np.array(["male", "female"])[rng.integers(0, 2, n)]
    pclass = rng.integers(1, 4, n)
    survived = ((sex == "female") | (pclass == 1)).astype(int)
    survived[:6] = 1 - survived[:6]
    frame = pd.DataFrame(
        {
            "PassengerId": np.arange(1, n + 1),
            "Survived": survived,
            "Pclass": pclass,
            "Name": [f"Person {i}, Mr. X" for i in range(n)],
            "Sex": [
                f" {s} " if i % 7 == 0 else s.upper() if i % 5 == 0 else s
                for i, s in enumerate(sex)
            ],
            "Age": np.where(rng.random(n) < 0.1, np.nan, rng.integers(1, 70, n)),
            "SibSp": rng.integers(0, 3, n),
            "Parch": rng.integers(0, 3, n),
            "Ticket": [f"T{i}" for i in range(n)],
            "Fare": rng.uniform(5, 100, n).round(2),
            "Cabin": [None] * n,
            "Embarked": np.array(["S", "C", "Q"])[rng.integers(0, 3, n)],
        }
    )
    frame.loc[3, "Embarked"] = None
    return frame


@pytest.fixture
def own_conf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of conf/ that this test may add files to (as a classmate's experiment)."""
    import shutil

    from dlpipe.config import location

    conf = tmp_path / "conf"
    shutil.copytree(location.CONFIG_DIR, conf)
    monkeypatch.setattr(location, "CONFIG_DIR", conf)
    return conf


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def mlflow_command(
    args: list[str],
    cwd: Path,
    ready_url: str,
    env: dict[str, str] | None = None,
    wait_s: float = 120,
) -> Iterator[subprocess.Popen]:
    """``python -m mlflow <args>`` in a process group of its own (with this venv's bin on
    PATH: MLflow starts uvicorn or gunicorn by name), yielded once ``ready_url`` answers;
    the whole group is stopped on the way out."""
    import time
    import urllib.error
    import urllib.request

    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    server = subprocess.Popen(
        [sys.executable, "-m", "mlflow", *args],
        cwd=cwd,
        env={**os.environ, **(env or {}), "PATH": path},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + wait_s
        while True:
            assert server.poll() is None, server.stderr.read()
            try:
                urllib.request.urlopen(ready_url, timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert time.monotonic() < deadline, f"mlflow {args[0]} did not start in time"
                time.sleep(0.5)
        yield server
    finally:
        if server.poll() is None:
            os.killpg(server.pid, 15)
        server.wait(timeout=30)


@contextmanager
def mlflow_server(folder: Path, port: int) -> Iterator[str]:
    """A real ``mlflow server`` on 127.0.0.1:``port`` with its store and artifacts in
    ``folder`` (kept between servers: a second one serves the same runs); yields its URL,
    stops it on the way out."""
    from dlpipe.track.store import ensure_store

    backend = f"sqlite:///{folder / 'server.db'}"
    ensure_store(backend)  # our fast creation: the server starts sooner
    store = ["--backend-store-uri", backend]
    artifacts = ["--artifacts-destination", str(folder / "server-artifacts")]
    address = ["--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    url = f"http://127.0.0.1:{port}"
    with mlflow_command(["server", *address, *store, *artifacts], folder, f"{url}/health"):
        yield url
