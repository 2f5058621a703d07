"""What a local SQLite file already holds, read without writing to it: a config may name a
database for MLflow or Optuna, which add their tables to whatever file they are given."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def sqlite_tables(path: Path) -> set[str] | None:
    """The table names in ``path`` (empty: not a SQLite database); None while another
    process holds it locked (being created right now)."""
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
            return {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.OperationalError as exc:
        return None if "locked" in str(exc) else set()
    except sqlite3.Error:
        return set()
