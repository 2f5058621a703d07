"""Where runs go: the tracking URI and a store created once, safely."""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import Any

from dlpipe.config.databases import sqlite_tables
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


def check_uri(uri: str) -> None:
    """A URI current MLflow can store runs at (it no longer takes ``./mlruns`` folders)."""
    if not uri.startswith("file:") and "://" not in uri:
        raise not_a_uri(uri)
    if uri.startswith("file:"):
        raise TrackingError(
            f"{uri!r} is a file store, which current MLflow no longer supports",
            where="tracking.uri",
            hint="use sqlite:///mlflow.db (the default) or http://127.0.0.1:5000 for a server",
        )
    scheme = uri.split("://", 1)[0].lower()
    dialect = scheme.split("+", 1)[0]
    if dialect not in SCHEMES:
        raise TrackingError(
            f"{uri!r} is not a tracking URI MLflow knows ({scheme}://)",
            where="tracking.uri",
            hint="use sqlite:///mlflow.db (the default), http://127.0.0.1:5000 for a server, "
            "or a database: postgresql://user@host/db, mysql://user@host/db",
        )
    db = sqlite_path(uri)
    if db is not None:
        check_store_file(db)
    elif dialect in DATABASES:
        check_driver(uri, dialect)


def not_a_uri(value: str) -> TrackingError:
    """The error for a tracking.uri without ``://``: a scheme with too few slashes
    (``sqlite:/x.db``, ``http:/host``), a scheme without its colon (``sqlite//x.db``), a
    database file's path, or a folder (the file store MLflow dropped)."""
    import re

    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)(?::/*|/+)(.+)$", value)
    if scheme and scheme.group(1).lower().split("+")[0] in SCHEMES:
        name, rest = scheme.group(1).lower(), scheme.group(2)
        fixed = f"{name}:///{rest}" if name.startswith("sqlite") else f"{name}://{rest}"
        return TrackingError(
            f"{value!r} is not a complete URI",
            where="tracking.uri",
            hint=f"write tracking.uri={fixed}"
            + (" (three slashes, then the file's path)" if name.startswith("sqlite") else ""),
        )
    if value.endswith((".db", ".sqlite", ".sqlite3")):
        return TrackingError(
            f"{value!r} is a file's path, not a URI",
            where="tracking.uri",
            hint=f"write tracking.uri=sqlite:///{value}",
        )
    return TrackingError(
        f"{value!r} is a folder (a file store), which current MLflow no longer supports",
        where="tracking.uri",
        hint="use sqlite:///mlflow.db (the default) or http://127.0.0.1:5000 for a server",
    )


# The stores MLflow writes runs to: its SQLAlchemy databases, and a server.
DATABASES = ("sqlite", "postgresql", "mysql", "mssql")
SCHEMES = (*DATABASES, "http", "https", "databricks")
# The package that brings a database driver, by the module SQLAlchemy imports.
DRIVER_PACKAGES = {
    "psycopg": "psycopg[binary]",
    "psycopg2": "psycopg2-binary",
    "pymysql": "pymysql",
    "MySQLdb": "mysqlclient",
    "pyodbc": "pyodbc",
    "pymssql": "pymssql",
}


def check_driver(uri: str, dialect: str) -> None:
    """A database store's driver is installed: said here, naming the package, rather than
    as SQLAlchemy's ModuleNotFoundError from the recorder once the run opens."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        make_url(uri).get_dialect().import_dbapi()
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise TrackingError(
            f"{uri!r} is not a database address SQLAlchemy reads ({exc})",
            where="tracking.uri",
            hint=f"e.g. {dialect}://user@host:5432/database",
        ) from None
    except ImportError as exc:
        module = (exc.name or "").split(".")[0]
        package = DRIVER_PACKAGES.get(module, module or "its driver")
        raise TrackingError(
            f"the {dialect} driver is not installed (no module {module!r})",
            where="tracking.uri",
            hint=f"install it where dlpipe runs: pip install '{package}'",
        ) from None


# How long a tracking server may take to answer a first request before dlpipe says it is
# unreachable (MLflow's own client retries for minutes before it gives up).
SERVER_TIMEOUT_S = 10
NO_SERVER_HINT = (
    "start it (mlflow server --host 127.0.0.1 --port 5000) or fix the address;"
    " leave tracking.uri unset for the local sqlite store"
)


def check_server(uri: str) -> None:
    """An http(s) tracking URI must answer (any HTTP status will do, e.g. a login page),
    so that a wrong address or a server not started is said at once."""
    if not uri.startswith(("http://", "https://")):
        return
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(uri.rstrip("/") + "/health", timeout=SERVER_TIMEOUT_S).close()
    except urllib.error.HTTPError:
        return  # it answered
    except (OSError, ValueError) as exc:  # refused, unknown host, timed out, bad URL
        reason = getattr(exc, "reason", None) or exc
        raise TrackingError(
            f"no tracking server answers at {uri} ({reason})",
            where="tracking.uri",
            hint=NO_SERVER_HINT,
        ) from None


def client(uri: str) -> Any:
    """An ``MlflowClient`` for a store that is there: a tracking server that answers, or
    a database MLflow wrote, by this MLflow's version (reading never creates an empty
    ``mlflow.db``; writers call :func:`ensure_store` first)."""
    check_uri(uri)
    db = sqlite_path(uri)
    if db is not None and not db.is_file():
        raise TrackingError(
            f"there is no MLflow store at {db}",
            where="tracking.uri",
            hint="run the command where you trained, or set tracking.uri=sqlite:///<path>/mlflow.db",
        )
    check_server(uri)
    from mlflow.tracking import MlflowClient

    return MlflowClient(uri)


def ensure_store(uri: str) -> None:
    """Create (and migrate) the store once, under a file lock.

    Several processes creating a fresh sqlite store at once race in MLflow's migrations;
    the lock makes the first one create it and the others wait, then find it ready.
    """
    quiet_mlflow()
    check_uri(uri)
    db = sqlite_path(uri)
    if db is None:
        return
    if db.is_dir():
        check_store_file(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    with open(db.with_name(db.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            check_store_file(db)  # (under the lock: another process may be creating it)
            from mlflow.tracking import MlflowClient

            # "Creating initial MLflow database tables..." is not news to our users.
            # (Kept quieter where the caller silenced MLflow: its errors reach the user
            # as one message.)
            quiet = logging.getLogger("mlflow.store.db.utils")
            quiet.setLevel(max(quiet.getEffectiveLevel(), logging.WARNING))
            if not db.exists() or db.stat().st_size == 0:
                _create_tables_fast(uri)
            MlflowClient(uri).search_experiments(max_results=1)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def check_store_file(db: Path) -> None:
    """A sqlite store is a new file or one MLflow made: MLflow would otherwise add its
    ~60 tables to whatever database the URI names (an Optuna study, an app's data)."""
    if db.is_dir():
        raise TrackingError(
            f"{db} is a folder, not a database file",
            where="tracking.uri",
            hint="e.g. tracking.uri=sqlite:///mlflow.db",
        )
    if not db.exists() or db.stat().st_size == 0:
        return
    tables = sqlite_tables(db)
    if tables is None:
        return  # being created by another run right now: checked again under the lock
    if not {"experiments", "runs"} <= tables:
        raise TrackingError(
            f"{db} exists and is not an MLflow store (MLflow would add its tables to it)",
            where="tracking.uri",
            hint="name a new file, e.g. tracking.uri=sqlite:///mlflow.db",
        )
    if "alembic_version" in tables:
        check_schema(db)


def check_schema(db: Path) -> None:
    """A store written by another MLflow version: a newer one (MLflow's own message says
    to run 'mlflow db upgrade', which cannot help) or an older one (which it can)."""
    import sqlite3

    from dlpipe.compat import mlflow_schema_revisions

    try:
        with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True) as con:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return  # MLflow's own reader says what is wrong
    known, newest = mlflow_schema_revisions()
    found = str(row[0]) if row else None
    if found is None or newest is None or found == newest:
        return
    from importlib.metadata import version

    installed = version("mlflow")
    if found not in known:
        raise TrackingError(
            f"{db} was written by a newer MLflow than the one installed ({installed}:"
            f" its schema {found} is unknown here)",
            where="tracking.uri",
            hint="run dlpipe where that MLflow is installed (pip install -U mlflow), or use"
            " another store: tracking.uri=sqlite:///<new file>.db",
        )
    raise TrackingError(
        f"{db} was written by an older MLflow (schema {found}; MLflow {installed} uses {newest})",
        where="tracking.uri",
        hint=f"back the file up, then upgrade it: mlflow db upgrade sqlite:///{db}",
    )


def _create_tables_fast(uri: str) -> None:
    """Create a new sqlite store's tables with fsync off: ~60 migrations, each a commit,
    take ~7 s on this disk with fsync and ~1 s without. The file is new and empty, so a
    crash half-way loses nothing (delete it and rerun); later writes use MLflow's own
    engine with the normal settings. Uses MLflow's table set-up (a private helper, in
    :mod:`dlpipe.compat`): if it moves, MLflow creates the tables itself, just slower."""
    import sqlalchemy

    from dlpipe.compat import create_mlflow_tables

    engine = sqlalchemy.create_engine(uri, poolclass=sqlalchemy.pool.NullPool)

    @sqlalchemy.event.listens_for(engine, "connect")
    def _no_fsync(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()

    try:
        create_mlflow_tables(engine)
    except ImportError:  # MLflow moved its helper: its client creates the tables itself
        pass
    finally:
        engine.dispose()
