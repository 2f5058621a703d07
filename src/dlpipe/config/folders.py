"""Where configs come from: the user's own folder first (``--config-dir DIR``, else
``./conf`` of the folder one runs from), then dlpipe's ``conf/``.

A config folder of one's own may come from anyone (a course, a colleague): it gets the
checks a shared experiment file gets — the bounds on every file, option names and
links that stay inside it, no primary config and no ``hydra/`` group of its own (they
would act before dlpipe's checks); the composed config then meets the same allow-lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dlpipe.config import location
from dlpipe.errors import ConfigError

# Hydra's flag for an added config folder (long and short forms).
FOLDER_FLAGS = ("--config-dir", "-cd")
# The folder found without a flag, in the folder one runs from.
AUTOMATIC = "conf"


@dataclass(frozen=True)
class ConfigFolders:
    """The config folders of a command, searched in order: ``own`` (absolute) before
    dlpipe's ``conf/``."""

    own: Path | None = None

    @property
    def search(self) -> tuple[Path, ...]:
        return (self.own, location.CONFIG_DIR) if self.own else (location.CONFIG_DIR,)

    def has_group(self, group: str) -> bool:
        return any((folder / group).is_dir() for folder in self.search)

    def options(self, group: str) -> list[str]:
        """The names ``group=`` may take, from every folder."""
        return sorted({p.stem for f in self.search for p in (f / group).glob("*.yaml")})

    def find(self, group: str, name: str) -> Path | None:
        """The file Hydra reads for ``group=name``: the first folder's that has it."""
        return next(
            (
                f / group / f"{name}.yaml"
                for f in self.search
                if (f / group / f"{name}.yaml").is_file()
            ),
            None,
        )

    def where(self, group: str) -> str:
        """How a hint names the folders of a group."""
        return " or ".join(
            f"{f}/{group}/" if f == self.own else f"dlpipe's conf/{group}/" for f in self.search
        )


SHIPPED = ConfigFolders()


def split_folder_flag(args: list[str]) -> tuple[str | None, list[str]]:
    """``--config-dir DIR`` (or ``--config-dir=DIR``, ``-cd DIR``) taken out of ``args``:
    the folder as written, and the other arguments."""
    rest: list[str] = []
    given: str | None = None
    items = iter(args)
    for arg in items:
        flag, sep, value = arg.partition("=")
        if flag not in FOLDER_FLAGS:
            rest.append(arg)
            continue
        if not sep:
            value = next(items, "")
        if not value or value.startswith("-"):
            raise ConfigError(
                "names no folder", where=flag, hint=f"{flag} DIR: a folder of your own configs"
            )
        if given is not None:
            raise ConfigError(
                "given twice", where=flag, hint="one folder of your own configs per command"
            )
        given = value
    return given, rest


def config_folders(args: list[str], here: Path | None = None) -> tuple[ConfigFolders, list[str]]:
    """The folders a command reads configs from, checked, and its other arguments: the
    folder ``--config-dir`` names, else ``./conf`` when there is one (not dlpipe's own)."""
    given, rest = split_folder_flag(args)
    here = here or Path.cwd()
    if given is not None:
        own = (here / given).resolve()
        if not own.is_dir():
            raise ConfigError(
                "no such folder" if not own.exists() else "not a folder",
                where=f"--config-dir {given}",
                hint="name a folder of your own configs (data/, model/, experiment/ ...);"
                " python -m dlpipe init writes one",
            )
    elif (here / AUTOMATIC).is_dir():
        own = (here / AUTOMATIC).resolve()
    else:
        return SHIPPED, rest
    if own == location.CONFIG_DIR:  # run from dlpipe's own checkout
        return SHIPPED, rest
    check_own_folder(own)
    return ConfigFolders(own), rest


def check_own_folder(own: Path) -> None:
    """A folder of one's own configs holds config groups only, and every file it lets
    Hydra read is inside it and within the bounds."""
    from dlpipe.config.yaml_bounds import check_config_folder, config_files

    if (own / "config.yaml").exists():
        raise ConfigError(
            "a primary config of your own is not read: dlpipe's own conf/config.yaml"
            " chooses the groups and holds the checked defaults",
            where=str(own / "config.yaml"),
            hint=f"put its settings into {own}/experiment/<name>.yaml under a first line"
            " '# @package _global_' and run experiment=<name>",
        )
    if (own / "hydra").exists():
        raise ConfigError(
            "Hydra's own settings (launchers, logging, callbacks) are not read from a"
            " config folder of yours",
            where=str(own / "hydra"),
            hint="remove the folder; an experiment file may set what dlpipe allows"
            " (hydra.run.dir, hydra.sweep.dir, hydra.mode, the sweeper's settings)",
        )
    for path in config_files(own):
        if not path.resolve().is_relative_to(own):
            raise ConfigError(
                f"a link to {path.resolve()}, outside the config folder",
                where=str(path),
                hint="copy the file into the folder instead of linking to it",
            )
    check_config_folder(own)


def first_comment(text: str) -> str | None:
    """A config file's opening comment, without its ``#`` marks and Hydra's ``# @package``
    line: what the file says it is for (an experiment's description). None if it has none."""
    lines: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if lines or stripped:
                break
            continue
        body = stripped[1:]
        if body.strip().startswith("@package"):
            continue
        lines.append(body[1:] if body.startswith(" ") else body)
    described = "\n".join(lines).strip("\n")
    return described if described.strip() else None
