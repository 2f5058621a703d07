"""Every private API of Hydra, MLflow and the standard library that dlpipe uses, in one place.

Each has no public equivalent for what dlpipe needs (said below), is imported where it is
called (nothing here is loaded for ``--help``), and has a test in ``tests/test_compat.py``
that fails naming the library and version that moved it. Nothing else in dlpipe may reach
into ``_private`` names (the test checks the source).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
from collections.abc import Iterator
from typing import Any


def hydra_args_parser() -> argparse.ArgumentParser:
    """Hydra's own command-line parser (``@hydra.main`` builds it in private code): dlpipe
    reads the same flags before deciding how to run them."""
    from hydra._internal.utils import get_args_parser

    return get_args_parser()


def hydra_callbacks(cfg: Any) -> Any:
    """Hydra's run callbacks for a composed config, as ``@hydra.main`` creates them (the
    public ``run_job`` needs them; dlpipe's allow-list leaves none but Hydra's own)."""
    from hydra._internal.callbacks import Callbacks

    return Callbacks(cfg)


@contextlib.contextmanager
def hydra_on_folders(main: str, added: str, job_name: str) -> Iterator[Any]:
    """Hydra set up on two config folders as ``@hydra.main(config_path=main)`` with
    ``--config-dir added`` sets itself up: ``main`` first, ``added`` after it. Hydra's
    public initializers take one folder; dlpipe puts the user's own before its ``conf/``."""
    from hydra import version
    from hydra._internal.hydra import Hydra
    from hydra._internal.utils import create_config_search_path
    from hydra.core.config_search_path import SearchPathQuery
    from hydra.initialize import get_gh_backup, restore_gh_from_backup

    backup = get_gh_backup()
    version.setbase("1.3")
    search = create_config_search_path(main)
    search.prepend("command-line", f"file://{added}", anchor=SearchPathQuery(provider="schema"))
    try:
        Hydra.create_main_hydra2(task_name=job_name, config_search_path=search)
        yield
    finally:
        restore_gh_from_backup(backup)


def run_exit_handlers() -> None:
    """What a normal interpreter exit runs (``atexit``), before ``os._exit`` skips the
    slow module teardown of a process that imported TensorFlow."""
    import atexit

    atexit._run_exitfuncs()


def create_mlflow_tables(engine: Any) -> None:
    """Create a new sqlite store's tables on ``engine`` (MLflow's own set-up, which its
    public client runs with fsync on: ~7 s instead of ~1 s here)."""
    from mlflow.store.db.utils import _all_tables_exist, _initialize_tables

    if not _all_tables_exist(engine):
        _initialize_tables(engine)


def keras_backup_files() -> tuple[str, str]:
    """The weights and the training-state files ``keras.callbacks.BackupAndRestore`` writes
    in its folder (Keras names them in its code, not its documentation)."""
    return "latest.weights.h5", "training_metadata.json"


@functools.lru_cache(maxsize=1)
def mlflow_schema_revisions() -> tuple[frozenset[str], str | None]:
    """Every database schema revision the installed MLflow knows, and its newest: read
    from its Alembic migration files (``revision = ...`` / ``down_revision = ...``), as
    MLflow's own private ``_get_latest_schema_revision`` does through Alembic, without
    importing ~60 modules. ``(set(), None)`` if MLflow moved them."""
    import re
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("mlflow")  # (found, not imported: that takes a second)
    if spec is None or not spec.submodule_search_locations:
        return frozenset(), None
    package = Path(next(iter(spec.submodule_search_locations)))
    known: set[str] = set()
    older: set[str] = set()
    for path in (package / "store" / "db_migrations" / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8", errors="replace")
        revision = re.search(r"^revision\s*=\s*[\"']([0-9a-f]+)[\"']", text, re.MULTILINE)
        down = re.search(r"^down_revision\s*=\s*[\"']([0-9a-f]+)[\"']", text, re.MULTILINE)
        if revision:
            known.add(revision.group(1))
        if down:
            older.add(down.group(1))
    heads = known - older
    return frozenset(known), (next(iter(heads)) if len(heads) == 1 else None)
