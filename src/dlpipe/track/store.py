"""Where runs go: the tracking URI and a store created once, safely."""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from dlpipe.errors import TrackingError

DEFAULT_DB = "mlflow.db"


def quiet_mlflow() -> None:
    """No download progress bars in our console output (set before MLflow reads it)."""
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")


def resolve_uri(uri: str | None, cwd: Path | None = None) -> str:
    """``tracking.uri``, else $MLFLOW_TRACKING_URI, else sqlite:///<cwd>/mlflow.db."""
    if uri:
        return str(uri)
    if os.environ.get("MLFLOW_TRACKING_URI"):
        return os.environ["MLFLOW_TRACKING_URI"]
    return f"sqlite:///{(cwd or Path.cwd()).resolve() / DEFAULT_DB}"


def sqlite_path(uri: str) -> Path | None:
    """The database file of a sqlite URI (None for other stores)."""
    return Path(uri[len("sqlite:///") :]) if uri.startswith("sqlite:///") else None


def artifact_root(uri: str) -> str | None:
    """For a local sqlite store, artifacts live beside the database in ./mlartifacts."""
    db = sqlite_path(uri)
    return (db.parent / "mlartifacts").resolve().as_uri() if db else None


def ensure_store(uri: str) -> None:
    """Create (and migrate) the store once, under a file lock.

    Several processes creating a fresh sqlite store at once race in MLflow's migrations;
    the lock makes the first one create it and the others wait, then find it ready.
    """
    quiet_mlflow()
    if uri.startswith("file:") or "://" not in uri:
        raise TrackingError(
            f"{uri!r} is a file store, which current MLflow no longer supports",
            where="tracking.uri",
            hint="use sqlite:///mlflow.db (the default) or http://127.0.0.1:5000 for a server",
        )
    db = sqlite_path(uri)
    if db is None:
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    with open(db.with_name(db.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            from mlflow.tracking import MlflowClient

            # "Creating initial MLflow database tables..." is not news to our users.
            logging.getLogger("mlflow.store.db.utils").setLevel(logging.WARNING)
            MlflowClient(uri).search_experiments(max_results=1)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
