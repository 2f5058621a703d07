"""Where runs go: the default store, $MLFLOW_TRACKING_URI, and a store created once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dlpipe.errors import TrackingError
from dlpipe.track.store import check_server, ensure_store, resolve_uri


def test_default_is_sqlite_in_the_start_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    assert resolve_uri(None, cwd=tmp_path) == f"sqlite:///{tmp_path}/mlflow.db"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5999")
    assert resolve_uri(None, cwd=tmp_path) == "http://127.0.0.1:5999"
    assert resolve_uri("sqlite:///other.db", cwd=tmp_path) == "sqlite:///other.db"


@pytest.mark.parametrize("uri", ["file:///tmp/mlruns", "mlruns"])
def test_the_deprecated_file_store_is_refused(uri: str) -> None:
    with pytest.raises(TrackingError) as err:
        ensure_store(uri)
    assert err.value.where == "tracking.uri"


def test_parallel_processes_create_a_fresh_store_once(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path}/fresh.db"
    code = f"from dlpipe.track.store import ensure_store; ensure_store({uri!r}); print('ok')"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outputs
    from mlflow.tracking import MlflowClient

    assert [e.name for e in MlflowClient(uri).search_experiments()] == ["Default"]


def test_a_tracking_server_must_answer_but_any_answer_will_do() -> None:
    import http.server
    import socket
    import threading

    class Refusing(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # a server behind a login, or without /health
            self.send_error(401)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        check_server(f"http://127.0.0.1:{server.server_port}/")  # it answered: fine
    finally:
        server.shutdown()
        server.server_close()
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(TrackingError) as err:
        check_server(f"http://127.0.0.1:{port}")
    assert err.value.where == "tracking.uri" and "refused" in str(err.value).lower()
    check_server("sqlite:///nowhere/mlflow.db")  # a local store is not a server


def test_runs_are_never_written_into_a_database_mlflow_did_not_make(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "app.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE studies (id INTEGER)")
    notes = tmp_path / "notes.db"
    notes.write_text("not a database at all")

    for path in (other, notes, tmp_path):
        with pytest.raises(TrackingError) as caught:
            ensure_store(f"sqlite:///{path}")
        assert caught.value.where == "tracking.uri"
    with sqlite3.connect(other) as db:
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["studies"]
    assert notes.read_text() == "not a database at all"

    ensure_store(f"sqlite:///{tmp_path / 'mlflow.db'}")  # new: created
    ensure_store(f"sqlite:///{tmp_path / 'mlflow.db'}")  # MLflow's own: used


@pytest.mark.parametrize(
    ("revision", "says"),
    [
        ("ffffffffffff", "written by a newer MLflow than the one installed"),
        ("0584bdc529eb", "written by an older MLflow"),  # an early revision of MLflow's
    ],
    ids=["newer", "older"],
)
def test_a_store_of_another_mlflow_version_says_which_way_to_go(
    tmp_path: Path, revision: str, says: str
) -> None:
    import sqlite3

    from dlpipe.track.store import client

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    ensure_store(uri)
    with sqlite3.connect(tmp_path / "mlflow.db") as db:
        db.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    for opening in (client, ensure_store):
        with pytest.raises(TrackingError) as caught:
            opening(uri)
        assert says in caught.value.message and caught.value.where == "tracking.uri"
    assert ("mlflow db upgrade" in caught.value.hint) == (revision != "ffffffffffff")


def test_reading_a_store_that_is_not_there_creates_none(tmp_path: Path) -> None:
    from dlpipe.track.store import client

    with pytest.raises(TrackingError) as caught:
        client(f"sqlite:///{tmp_path / 'mlflow.db'}")
    assert "there is no MLflow store at" in caught.value.message
    assert not (tmp_path / "mlflow.db").exists()


def test_a_deleted_experiment_is_said_with_how_to_restore_it(tmp_path: Path) -> None:
    from mlflow.tracking import MlflowClient

    from dlpipe.track.compare import load_runs
    from dlpipe.track.recorder import active_experiment

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    ensure_store(uri)
    client = MlflowClient(uri)
    client.delete_experiment(client.create_experiment("old"))
    with pytest.raises(TrackingError) as caught:
        active_experiment(client.get_experiment_by_name("old"), uri)
    assert "'old' was deleted" in caught.value.message
    assert "mlflow experiments restore --experiment-id" in caught.value.hint
    with pytest.raises(TrackingError, match="was deleted"):
        load_runs(uri, "old")
