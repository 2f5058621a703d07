"""What a config may set in Hydra's own subtree (``hydra.*``): an allow-list.

Hydra acts on its subtree before dlpipe's checks run: it instantiates ``hydra.callbacks``
(any importable callable), hands ``hydra.job_logging`` to ``logging.config.dictConfig``
(whose ``()`` key calls one too), exports ``hydra.job.env_set`` to the processes it starts
and writes where ``hydra.output_subdir`` and the log files say. So the composed ``hydra``
node is compared with the one dlpipe ships for the same launcher, sweeper and logging
choices; every key that differs must be one of :data:`SETTABLE`, from an experiment file,
a sweep definition or the command line alike. Anything else exits 2 naming the key.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from omegaconf import OmegaConf

from dlpipe.config.safety import check_interpolations
from dlpipe.errors import ConfigError

# Group options of Hydra's subtree that may be chosen (`hydra/launcher=joblib`, or
# `override /hydra/sweeper: optuna` in a file): those dlpipe ships or documents.
SHIPPED_OPTIONS: dict[str, frozenset[str]] = {
    "hydra/launcher": frozenset({"basic", "joblib"}),
    "hydra/sweeper": frozenset({"basic", "optuna"}),
    "hydra/job_logging": frozenset({"dlpipe", "default", "none", "disabled", "stdout"}),
    "hydra/hydra_logging": frozenset({"default", "none", "disabled"}),
    "hydra/help": frozenset({"dlpipe", "default"}),
    "hydra/hydra_help": frozenset({"default"}),
    "hydra/output": frozenset({"default"}),
    "hydra/env": frozenset({"default"}),
    "hydra/callbacks": frozenset(),  # none: callbacks run arbitrary code
}
# Keys of ``hydra.*`` a config may change (dotted, relative to ``hydra``). A launcher's or
# sweeper's own settings are plain names; ``_target_`` and other ``_…_`` keys never are.
SETTABLE = (
    r"run\.dir",
    r"sweep\.dir",
    r"sweep\.subdir",
    r"mode",
    r"verbose",
    r"launcher\.[a-z][a-z0-9_]*",
    r"sweeper\.[a-z][a-z0-9_]*",
    r"sweeper\.params\.[^_][^.]*(\.[^_][^.]*)*",
)
# Settings allowed with one value only: no `.hydra/` folder in the run (writes nothing).
SETTABLE_TO = {"output_subdir": None}
# Filled in by Hydra for each job, not by a config.
COMPUTED = ("runtime", "overrides", "job.override_dirname", "job.id", "job.num")


def check_option_name(group: str, option: str) -> None:
    """A group's option is a file inside ``conf/<group>/``: a name (or ``sub/name``), never
    a path out of it (``data=../../elsewhere/x`` made Hydra read any YAML file on disk,
    and from there into the run's record)."""
    parts = option.split("/")
    if option.startswith("/") or any(p in ("", ".", "..") for p in parts):
        folder = f"conf/{group}/" if group else "conf/"
        raise ConfigError(
            f"{option!r} is not a name of {folder}",
            where=f"{group}={option}" if group else option,
            hint=f"choose a config of {folder} by its name, e.g. {group or 'data'}=<name>",
        )


def check_hydra(hydra: dict[str, Any]) -> None:
    """Raise ConfigError for the first key of a composed config's ``hydra`` node (plain,
    unresolved) that a config may not set, or that reads the environment."""
    if not hydra:  # composed without Hydra's subtree (a stored config, a test's dict)
        return
    choices = {str(k): v for k, v in ((hydra.get("runtime") or {}).get("choices") or {}).items()}
    picked = []
    for group, choice in sorted(choices.items()):
        if choice is not None:
            check_option_name(group, str(choice))
        if not group.startswith("hydra/") or choice is None:
            continue
        allowed = SHIPPED_OPTIONS.get(group, frozenset())
        if choice not in allowed:
            raise ConfigError(
                f"{group}={choice} is not allowed: dlpipe runs only the Hydra options it ships",
                where=group,
                hint=f"choose one of: {', '.join(sorted(allowed))}"
                if allowed
                else f"remove it ({group.split('/')[1]} can run arbitrary code)",
            )
        picked.append(f"{group}={choice}")
    shipped = _flat(_shipped_hydra(tuple(picked)))
    for key, value in _flat(hydra).items():
        if key.startswith(COMPUTED):
            continue
        check_interpolations(value, f"hydra.{key}")
        if value in (shipped.get(key, _ABSENT), SETTABLE_TO.get(key, _ABSENT)):
            continue
        if not any(re.fullmatch(pattern, key) for pattern in SETTABLE):
            raise ConfigError(
                "this Hydra setting is not allowed in a dlpipe config",
                where=f"hydra.{key}",
                hint="configs may set hydra.run.dir, hydra.sweep.dir/subdir, hydra.mode,"
                " hydra.verbose, hydra.output_subdir=null and the launcher's and sweeper's"
                " own settings"
                " (callbacks, logging, environment and search paths are not settable)",
            )
        if key == "sweep.subdir":
            check_subdir(value)
        if key == "sweeper.n_trials" and not (
            isinstance(value, int) and not isinstance(value, bool) and value >= 1
        ):
            raise ConfigError(
                f"must be a whole number >= 1, got {value!r}",
                where="hydra.sweeper.n_trials",
                hint="how many trials the search runs, e.g. hydra.sweeper.n_trials=20",
            )
        if key == "sweeper.storage" and value is not None:
            check_study_storage(str(value))


# What a sweep job's folder name may be made of: the job's number or id, and plain text.
SUBDIR_FIELDS = re.compile(r"\$\{hydra\.job\.(num|id)\}")


def check_subdir(value: Any) -> None:
    """A sweep job's folder is one plain name inside the sweep's folder: no ``/`` or
    ``..``, and no values a job's overrides could fill in (they may hold ``../``)."""
    literal = SUBDIR_FIELDS.sub("0", str(value))
    if not re.fullmatch(r"[\w.,=+-]+", literal) or not literal.strip("."):
        raise ConfigError(
            f"{value!r} is not a plain folder name",
            where="hydra.sweep.subdir",
            hint="each job writes into one folder inside the sweep's: e.g. "
            "hydra.sweep.subdir=job${hydra.job.num} (the default is ${hydra.job.num})",
        )


_ABSENT = object()


@functools.lru_cache(maxsize=16)
def _shipped_hydra(choices: tuple[str, ...]) -> Any:
    """The ``hydra`` node of dlpipe's own config with these Hydra group choices (composed
    by the Hydra already set up, inside a run; else by a new one on ``conf/``)."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.types import RunMode

    from dlpipe.config import location

    if GlobalHydra.instance().is_initialized():
        hydra = GlobalHydra.instance().hydra
        assert hydra is not None
        cfg = hydra.compose_config("config", list(choices), run_mode=RunMode.RUN)
    else:
        with initialize_config_dir(config_dir=str(location.CONFIG_DIR), version_base="1.3"):
            cfg = compose("config", overrides=list(choices), return_hydra_config=True)
    return OmegaConf.to_container(cfg.hydra, resolve=False)


def _flat(tree: Any, prefix: str = "") -> dict[str, Any]:
    """Leaves of a nested dict/list as ``dotted.key: value`` (empty containers kept)."""
    if isinstance(tree, dict) and tree:
        out: dict[str, Any] = {}
        for key, value in tree.items():
            out.update(_flat(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(tree, list) and tree:
        out = {}
        for index, value in enumerate(tree):
            out.update(_flat(value, f"{prefix}.{index}"))
        return out
    return {prefix: tree}


def check_study_storage(url: str) -> None:
    """Where the Optuna sweeper keeps its study: a database server, or a SQLite file in
    the working folder that is new or already an Optuna study (Optuna adds its tables to
    whatever database it is given: never to MLflow's store or any other file)."""
    from pathlib import Path

    from dlpipe.config.databases import sqlite_tables

    where = "hydra.sweeper.storage"
    if not url.startswith("sqlite:"):
        if re.match(r"(postgresql|mysql)(\+\w+)?://", url):
            return
        raise ConfigError(
            f"{url!r} is not a database URL Optuna can keep a study in",
            where=where,
            hint="e.g. hydra.sweeper.storage=sqlite:///optuna.db (or null: in memory)",
        )
    name = url.removeprefix("sqlite:").removeprefix("///").split("?", 1)[0]
    if name in ("", "//", ":memory:"):
        return
    here = Path.cwd().resolve()
    path = (here / name).resolve()
    if not path.is_relative_to(here):
        raise ConfigError(
            f"{url}: the study's file is outside the working folder",
            where=where,
            hint="keep it here, e.g. hydra.sweeper.storage=sqlite:///optuna.db",
        )
    if not path.exists():
        return
    if "studies" not in (sqlite_tables(path) or set()):
        raise ConfigError(
            f"{name} exists and is not an Optuna study (Optuna would add its tables to it)",
            where=where,
            hint="name a new file, e.g. hydra.sweeper.storage=sqlite:///optuna.db",
        )
