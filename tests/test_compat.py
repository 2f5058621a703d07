"""The private APIs dlpipe still uses live in dlpipe.compat, each checked on the installed
versions: when a library moves one, this names the library, its version and the helper."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from dlpipe import compat

SRC = Path(__file__).resolve().parents[1] / "src"
# `lib._private` in code (not a quoted name, such as a type a pickle may name),
# `from lib.x import _private`, `lib._internal`, `keras.src`; os._exit is
# documented public API.
PRIVATE = re.compile(
    r"(?<![\"'])\b(?:hydra|mlflow|keras|tensorflow|optuna|sklearn|omegaconf|atexit|skops)(?:\.\w+)*\._[A-Za-z]\w*"
    r"|from (?:hydra|mlflow|keras|tensorflow|optuna|sklearn|omegaconf|skops)[\w.]* import [^#\n]*\b_[A-Za-z]\w*"
    r"|\bkeras\.src\b|\.\_return_value\b"
)


LIBRARIES = ("hydra", "mlflow", "keras", "tensorflow", "optuna", "sklearn", "omegaconf", "skops")


def test_no_private_api_outside_the_compat_module() -> None:
    hits = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "compat.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if PRIVATE.search(line) and not line.lstrip().startswith("#")
    ]
    assert hits == []


def test_no_private_name_imported_outside_the_compat_module() -> None:
    """Imports read as Python reads them: a name in a parenthesised import over several
    lines, or a private module on the way, counts too."""
    import ast

    hits = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "compat.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            else:
                continue
            for dotted in imported:
                parts = dotted.split(".")
                if parts[0] in LIBRARIES and (
                    any(p.startswith("_") for p in parts) or parts[:2] == ["keras", "src"]
                ):
                    hits.append(f"{path.relative_to(SRC)}:{node.lineno}: {dotted}")
    assert hits == []


def _moved(library: str, what: str) -> str:
    return f"{library} {version(library)} moved {what}: update dlpipe/compat.py"


def test_hydras_parser_reads_the_flags_dlpipe_checks() -> None:
    parsed = compat.hydra_args_parser().parse_args(["-m", "--config-dir", "x", "a=1"])
    assert (parsed.multirun, parsed.config_dir, parsed.overrides) == (True, "x", ["a=1"]), _moved(
        "hydra-core", "get_args_parser"
    )


def test_hydras_callbacks_are_built_from_a_config() -> None:
    from omegaconf import OmegaConf

    callbacks = compat.hydra_callbacks(OmegaConf.create({"hydra": {"callbacks": {}}}))
    for hook in ("on_run_start", "on_run_end", "on_job_start", "on_job_end"):
        assert callable(getattr(callbacks, hook, None)), _moved("hydra-core", "Callbacks")


def test_hydra_searches_two_config_folders_in_order(tmp_path: Path) -> None:
    from hydra.core.global_hydra import GlobalHydra
    from hydra.types import RunMode

    from dlpipe.config import location

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "penguins.yaml").write_text("name: mine\n")
    with compat.hydra_on_folders(str(tmp_path), str(location.CONFIG_DIR), "dlpipe"):
        hydra = GlobalHydra.instance().hydra
        cfg = hydra.compose_config("config", ["data=penguins"], run_mode=RunMode.RUN)
        assert cfg.data.name == "mine", _moved("hydra-core", "create_config_search_path")
        assert cfg.model.name == "dense"  # the rest from the folder after it
    assert not GlobalHydra.instance().is_initialized(), _moved("hydra-core", "get_gh_backup")


def test_the_exit_handlers_run_when_asked() -> None:
    import subprocess
    import sys

    # In its own process: running them here would tear down this test process's libraries.
    code = (
        "import atexit, os, sys\n"
        "from dlpipe import compat\n"
        "atexit.register(lambda: print('handlers ran', flush=True))\n"
        "compat.run_exit_handlers()\n"
        "os._exit(0)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout == "handlers ran\n", "Python's atexit._run_exitfuncs no longer runs them"


def test_mlflows_tables_are_created_on_a_new_sqlite_store(tmp_path: Path) -> None:
    import sqlalchemy
    from mlflow.tracking import MlflowClient

    uri = f"sqlite:///{tmp_path / 'new.db'}"
    engine = sqlalchemy.create_engine(uri)
    try:
        compat.create_mlflow_tables(engine)
        tables = set(sqlalchemy.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"experiments", "runs", "alembic_version"} <= tables, _moved(
        "mlflow", "_initialize_tables"
    )
    assert MlflowClient(uri).search_experiments()  # MLflow takes it as its own (Default)


def test_keras_backup_writes_the_files_dlpipe_reads(tmp_path: Path) -> None:
    import keras
    import numpy as np

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    backup = keras.callbacks.BackupAndRestore(
        str(tmp_path), double_checkpoint=True, delete_checkpoint=False
    )
    model.fit(np.zeros((4, 2)), np.zeros((4, 1)), epochs=2, verbose=0, callbacks=[backup])
    weights, state = compat.keras_backup_files()
    written = {p.name for p in tmp_path.iterdir()}
    expected = {weights, state, weights + ".bkp", state + ".bkp"}
    assert written == expected, _moved("keras", "BackupAndRestore's files")


def test_mlflow_schema_revisions_are_found_with_one_newest() -> None:
    """The newest revision is the one a store MLflow creates records (if MLflow moves its
    migration files, the store check is skipped: this names the version that did)."""
    compat.mlflow_schema_revisions.cache_clear()
    known, newest = compat.mlflow_schema_revisions()
    assert len(known) > 30 and newest in known, f"mlflow {version('mlflow')}"
    from mlflow.store.db.utils import _get_latest_schema_revision  # (the private original)

    assert newest == _get_latest_schema_revision(), f"mlflow {version('mlflow')}"
