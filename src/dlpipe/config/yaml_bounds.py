"""Bounds on every YAML file dlpipe reads as a config: its size, its nesting and what its
aliases expand to, checked before Hydra or OmegaConf read it.

A 500-byte file of nested aliases (``&a [*b, *b, ...]``, the "billion laughs") expands to
hundreds of millions of values and composed for ever; a 10 kB ``[[[[...]]]]`` ended in a
RecursionError; a 20 MB file took 40 s. The check walks libyaml's parse events (no
objects are built, nothing recursive), counting the values each anchor stands for, so it
costs ~3 ms for all of ``conf/``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from dlpipe.errors import ConfigError

MAX_BYTES = 1_000_000  # a config file; the shipped ones are under 3 kB
MAX_DEPTH = 50  # nested mappings and lists
MAX_VALUES = 100_000  # values once every alias is expanded

HINT = (
    "a config is a few plain keys and values: remove the file, or write it out without"
    " deep nesting and repeated aliases (&name / *name)"
)


def check_yaml_text(text: str, name: str) -> None:
    """Refuse ``text`` (from the file or store ``name``) beyond the bounds."""
    if len(text) > MAX_BYTES:
        raise ConfigError(
            f"{len(text):,} characters: more than a config holds ({MAX_BYTES:,} at most)",
            where=name,
            hint=HINT,
        )
    loader = _LOADER
    sizes: dict[str, int] = {}  # anchor → values it stands for
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, values so far) per open node
    expanded = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                open_nodes.append((event.anchor, 1))
                if len(open_nodes) > MAX_DEPTH:
                    raise _refused(f"nested more than {MAX_DEPTH} levels deep", event, name)
                expanded += 1
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, count = open_nodes.pop()
                if anchor:
                    sizes[anchor] = count
            elif isinstance(event, yaml.ScalarEvent):
                count = 1
                if event.anchor:
                    sizes[event.anchor] = 1
                expanded += 1
            elif isinstance(event, yaml.AliasEvent):
                count = sizes.get(event.anchor or "", 1)
                expanded += count
            else:
                continue
            if open_nodes:
                anchor, so_far = open_nodes[-1]
                open_nodes[-1] = (anchor, so_far + count)
            if expanded > MAX_VALUES:
                raise _refused(
                    f"expands to more than {MAX_VALUES:,} values (aliases repeated inside aliases)",
                    event,
                    name,
                )
    except yaml.YAMLError:
        return  # not YAML at all: the reader that follows says where and why


def _refused(problem: str, event: Any, name: str) -> ConfigError:
    mark = event.start_mark
    where = f"{name}, line {mark.line + 1}" if mark is not None else name
    return ConfigError(problem, where=where, hint=HINT)


def check_size(size: int, name: str) -> None:
    """A file of ``size`` bytes is not too large to be a config (known before reading it)."""
    if size > MAX_BYTES:
        raise ConfigError(
            f"{size:,} bytes: more than a config holds ({MAX_BYTES:,} at most)",
            where=name,
            hint=HINT,
        )


def check_file(path: Path) -> None:
    """:func:`check_yaml_text` for a file (its size read first, not its text)."""
    check_size(path.stat().st_size, str(path))
    check_yaml_text(path.read_text(encoding="utf-8", errors="replace"), str(path))


def check_config_folder(folder: Path) -> None:
    """Every YAML file of a config folder, each checked once per version of it."""
    for path in sorted(folder.rglob("*.yaml")):
        stat = path.stat()
        _checked(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=1024)
def _checked(path: Path, size: int, mtime_ns: int) -> None:
    check_size(size, str(path))
    text = path.read_text(encoding="utf-8", errors="replace")
    check_yaml_text(text, str(path))
    check_defaults(text, path)


def check_defaults(text: str, path: Path) -> None:
    """A config file's ``defaults`` list names options inside the config folder: an entry
    such as ``override /data: ../../elsewhere/x`` would have Hydra read a YAML file from
    anywhere on disk (checked before Hydra reads the file; ``text`` is bounded already)."""
    from dlpipe.config.hydra_keys import check_option_name

    try:
        tree = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return  # Hydra's reader says where and why
    defaults = tree.get("defaults") if isinstance(tree, dict) else None
    for entry in defaults if isinstance(defaults, list) else []:
        for group, option in entry.items() if isinstance(entry, dict) else []:
            if isinstance(option, str):
                try:
                    check_option_name(str(group).split()[-1].lstrip("/"), option)
                except ConfigError as exc:
                    exc.where = f"{path}, defaults: {exc.where}"
                    raise


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
