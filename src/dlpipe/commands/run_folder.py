"""Where a run writes: a folder of its own that it created, never one that holds files.

Hydra writes ``.hydra/``, the log and (through dlpipe) checkpoints, the backup and the
final model into ``hydra.run.dir`` (``hydra.sweep.dir`` for a sweep). Pointed at a folder
that exists, those writes replace and delete files this run did not create. So the
folder is checked before anything is written (:func:`planned_folder`, which ``check``
runs too) and then created by this run (:func:`claim_folder`):

- it is never the working folder or one that contains it;
- from a config file it stays inside the working folder; the user's own command line
  may name any folder (``hydra.run.dir=/scratch/me/run1``);
- a folder named with the time (``${now:…}``, the default) that exists already (two runs
  started in the same second) gives this run a fresh one next to it (``…-2``);
- a fixed name that already holds files is refused: dlpipe never writes over them.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from omegaconf import DictConfig, OmegaConf

from dlpipe.config.args import switch
from dlpipe.errors import ConfigError

log = logging.getLogger("dlpipe")

Kind = Literal["run", "sweep"]
MAX_SAME_NAME = 100


@dataclass(frozen=True)
class PlannedFolder:
    """A run or sweep folder checked against the working folder, not created yet."""

    key: str  # hydra.run.dir or hydra.sweep.dir
    path: Path  # as the config names it (relative to the working folder, or absolute)
    timestamped: bool  # named with ${now:…}: another run may take the same name


def given_on_command_line(key: str, overrides: list[str]) -> bool:
    """Whether the user's own command line sets ``key`` (``key=…``, ``+key=…``, ``++key=…``)."""
    return any(_key(o) == key for o in overrides)


def _key(override: str) -> str:
    """The key an override sets (``+``/``++`` dropped)."""
    return override.lstrip("+").split("=", 1)[0]


def check_own_choices(cfg: DictConfig, overrides: list[str]) -> None:
    """The places only the user's own command line may choose: where the record goes
    and where the data is read from (a config file may name them inside the working
    folder only)."""
    check_store_choice(cfg, overrides)
    check_data_choice(cfg, overrides)


# The paths a config file may set inside the working folder only: key → (what a run does
# with it, an example inside). A shared experiment file naming ``~/.aws/credentials`` or
# ``/etc/passwd`` as data would have it read as a table and a sample of its rows logged;
# the data folder is where relative data paths and layer arguments' files are read from.
WORKING_FOLDER_PATHS = {
    "data.path": ("reads the data from", "data/train.csv"),
    "paths.data_dir": ("looks for data in", "data"),
}


def check_data_choice(cfg: DictConfig, overrides: list[str]) -> None:
    """``data.path`` and ``paths.data_dir`` set by a config file are inside the working
    folder; anything else comes from the user's own command line."""
    for key, (does, example) in WORKING_FOLDER_PATHS.items():
        value = OmegaConf.select(cfg, key)
        if not value or given_on_command_line(key, overrides):
            continue
        if not inside_working_folder(str(value)):
            raise ConfigError(
                f"a config file {does} {str(value)!r}, outside the working folder",
                where=key,
                hint=f"a shared config keeps it inside the working folder (e.g. {example});"
                f" to use this one, give it on your command line: {key}={value}",
            )


def inside_working_folder(value: str) -> bool:
    """Whether the path (or the folder part of a glob, before its first wildcard) is in the
    working folder once links are followed: absolute or relative, a link out of it (a
    ``data/x.csv`` that is ``/etc/passwd``) is not."""
    path = Path(value)
    if ".." in path.parts or value.startswith("~"):
        return False
    fixed = Path(*[p for p in itertools.takewhile(lambda p: not set(p) & set("*?["), path.parts)])
    here = Path.cwd().resolve()
    target = (here / fixed).resolve()
    return target == here or here in target.parents


def check_store_choice(cfg: DictConfig, overrides: list[str]) -> None:
    """Where the record goes is the user's choice, not a shared file's: ``tracking.uri``
    set by a config file may only name a sqlite store inside the working folder. A
    server, a database or a store elsewhere comes from the user's own command line (or
    ``MLFLOW_TRACKING_URI``): an experiment file could otherwise send the run's params,
    a sample of the data and its paths to anyone's server, or write a store anywhere."""
    from dlpipe.track.store import check_uri, resolve_uri, sqlite_path

    uri = OmegaConf.select(cfg, "tracking.uri")
    if OmegaConf.select(cfg, "tracking.enabled") is not False:
        check_uri(resolve_uri(str(uri) if uri else None))  # `check` finds what a run would
    if not uri or given_on_command_line("tracking.uri", overrides):
        return
    db = sqlite_path(str(uri))
    here = Path.cwd().resolve()
    if db is not None and here in (here / db).resolve().parents:
        return
    raise ConfigError(
        f"a config file sends the record to {uri!r}",
        where="tracking.uri",
        hint="where runs are recorded is yours to choose: if you mean it, give it on the"
        f" command line (tracking.uri={uri}) or in MLFLOW_TRACKING_URI",
    )


def planned_folder(cfg: DictConfig, kind: Kind, overrides: list[str]) -> PlannedFolder:
    """The composed config's run (or sweep) folder, checked; ConfigError naming the key
    when it would write outside the working folder or over files that are there."""
    key = f"hydra.{kind}.dir"
    written = OmegaConf.to_container(cfg.hydra[kind], resolve=False)
    template = str(written.get("dir") if isinstance(written, dict) else "")
    try:
        value = str(OmegaConf.select(cfg, key, throw_on_missing=True))
    except Exception as exc:  # any resolver error: one message naming the key
        raise ConfigError(
            f"{template!r} cannot be worked out before the run starts ({exc})",
            where=key,
            hint=f"name the folder plainly, e.g. {key}=outputs/my-run",
        ) from None
    return plan_folder(key, value, "${now:" in template, given_on_command_line(key, overrides))


def plan_folder(key: str, value: str, timestamped: bool, own: bool) -> PlannedFolder:
    """``value`` checked as the folder ``key`` names: ``own`` when the user's command
    line named it, ``timestamped`` when its name comes from the clock."""
    path = Path(value)
    check_folder(path, key, own)
    if not timestamped and holds_files(path):
        raise ConfigError(
            f"{value} already holds files; dlpipe writes each run into a new folder and "
            "never over files it did not create",
            where=key,
            hint=f"name a new folder, e.g. {key}={value.rstrip('/')}-2, or remove this one",
        )
    return PlannedFolder(key=key, path=path, timestamped=timestamped)


def check_folder(path: Path, key: str, own: bool) -> None:
    """Not the working folder nor above it; inside it unless the user's command line
    named it; not a file; a name that Hydra's override grammar can carry."""
    here = Path.cwd().resolve()
    where = (here / path).resolve()
    if not str(path).strip() or where == here or where in here.parents:
        raise ConfigError(
            f"{str(path)!r} is the working folder{'' if where == here else ' or holds it'}; "
            "each run writes into a folder of its own",
            where=key,
            hint=f"name a new folder, e.g. {key}=outputs/my-run",
        )
    if not own and not where.is_relative_to(here):
        raise ConfigError(
            f"{path} is outside the working folder ({here}); a config file may only point "
            "the run inside it",
            where=key,
            hint=f"use a folder inside it, or name this one yourself on the command line: "
            f"{key}={path}",
        )
    if where.exists() and not where.is_dir():
        raise ConfigError(f"{path} is a file, not a folder", where=key, hint="name a new folder")
    if any(c in str(path) for c in "'\\"):
        raise ConfigError(
            f"{str(path)!r}: quotes and backslashes are not supported in a run folder's name",
            where=key,
            hint="name the folder with letters, digits, '-', '_' and '/'",
        )


def holds_files(path: Path) -> bool:
    """A folder that exists and is not empty."""
    return path.is_dir() and any(path.iterdir())


def claim_folder(planned: PlannedFolder) -> Path:
    """Create the folder for this run and return it; a timestamped name taken by another
    run gives ``<name>-2``, ``-3``, … (creating it is what claims it: no two runs share)."""
    path = planned.path
    for number in range(1, MAX_SAME_NAME + 1):
        candidate = path if number == 1 else path.with_name(f"{path.name}-{number}")
        try:
            candidate.mkdir(parents=True)
        except FileExistsError:
            if planned.timestamped:
                continue
            if holds_files(candidate):  # filled since it was checked: another run
                raise ConfigError(
                    f"{candidate} already holds files (another run started there)",
                    where=planned.key,
                    hint="name a new folder",
                ) from None
            return candidate  # an empty folder the user named: nothing there to lose
        except OSError as exc:
            raise ConfigError(
                f"cannot create {candidate}: {exc.strerror or exc}",
                where=planned.key,
                hint="run from a folder you can write to, or name another folder",
            ) from None
        if candidate != path:
            log.info("%s is taken by another run; this one writes to %s", path, candidate)
        return candidate
    raise ConfigError(
        f"{path} and {MAX_SAME_NAME - 1} folders named after it are taken",
        where=planned.key,
        hint="name a new folder",
    )


def folder_override(key: str, path: Path) -> str:
    """``key='path'`` in Hydra's override grammar (quoted: commas and spaces stay literal)."""
    return f"{key}='{path}'"


def without_key(key: str, overrides: list[str]) -> list[str]:
    """The overrides without those that set ``key``."""
    return [o for o in overrides if _key(o) != key]


def is_multirun(cfg: Any, args: list[str]) -> bool:
    """Whether these arguments run a sweep: ``-m``, a search, or the config says so."""
    if any(a in ("-m", "--multirun") for a in args):
        return True
    if any(a.startswith("hparams_search=") for a in args):
        return True
    return str(cfg.hydra.get("mode")).endswith("MULTIRUN")


def write_csv(frame: Any, path: Path, where: str, example: str) -> None:
    """``frame`` as a CSV at ``path`` (its folder made); a file that cannot be written is
    one message naming it, the verb's argument and an example."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(path, index=False)
    except OSError as exc:
        raise ConfigError(
            f"cannot write {path}: {exc.strerror or exc}",
            where=where,
            hint=f"give a file in a folder you can write to, e.g. {where}={example}",
        ) from None


def writable_file(path: Path, where: str, overwrite: str, example: str) -> Path:
    """A file a verb is told to write (``predict``'s output, ``compare``'s plot): not a
    folder, and a file already there only with ``overwrite=true`` (dlpipe replaces no
    file it was not told to)."""
    replace = switch(overwrite, "overwrite", f"overwrite=true replaces an existing {where} file")
    if path.is_dir():
        raise ConfigError(f"{path} is a folder", where=where, hint=f"e.g. {where}={path / example}")
    if path.exists() and not replace:
        raise ConfigError(
            f"{path} already exists; dlpipe does not replace a file unless told to",
            where=where,
            hint="give another file name, or add overwrite=true to replace it",
        )
    return path
