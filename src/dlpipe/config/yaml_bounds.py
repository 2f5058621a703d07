"""Bounds on every YAML file dlpipe reads as a config: its size, its nesting and what its
aliases expand to, checked before Hydra or OmegaConf read it.

A 500-byte file of nested aliases (``&a [*b, *b, ...]``, the "billion laughs") expands to
hundreds of millions of values and composed for ever; a 10 kB ``[[[[...]]]]`` ended in a
RecursionError; a 20 MB file took 40 s. The check walks libyaml's parse events (no
objects are built, nothing recursive), counting the values each anchor stands for, so it
costs ~3 ms for all of ``conf/``.
"""

from __future__ import annotations

import codecs
import functools
import io
import os
import re
from pathlib import Path
from stat import S_ISREG
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
    try:
        _count_values(text, name, _LOADER)
    except yaml.YAMLError:
        # libyaml stops at 1,000 nested brackets, before any event we could count; the
        # pure-Python parser (Hydra's) goes on: count on it, as deep as it would go
        try:
            _count_values(text, name, yaml.SafeLoader)
        except yaml.YAMLError:
            return  # not YAML at all: the reader that follows says where and why


def _count_values(text: str, name: str, loader: Any) -> None:
    """Walk ``text``'s parse events; raise when the bounds are passed."""
    sizes: dict[str, int] = {}  # anchor → values it stands for
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, values so far) per open node
    expanded = 0
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
    check_yaml_text(read_config_text(path), str(path))


def read_config_text(path: Path, name: str | None = None) -> str:
    """A config file's text as Hydra reads it (UTF-8), at most :data:`MAX_BYTES` + 1 bytes
    of it; a file in another encoding is named as such (Hydra's reader raised a
    UnicodeDecodeError traceback)."""
    with open(path, "rb") as f:
        raw = f.read(MAX_BYTES + 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(
            f"not UTF-8: it looks saved as {ENCODING_NAMES[guess_encoding(raw)]}",
            where=name or str(path),
            hint="save it as UTF-8 (in Notepad: Save as → Encoding: UTF-8; in VS Code: the"
            " encoding in the status bar → Save with Encoding → UTF-8)",
        ) from None


# How a message names what :func:`guess_encoding` found.
ENCODING_NAMES = {
    "utf-16": "UTF-16",
    "cp949": "CP949 (EUC-KR, what Korean Windows editors save)",
    None: "another encoding than UTF-8 (latin-1, CP949, ...)",
}


def guess_encoding(raw: bytes) -> str | None:
    """The codec a text that is not UTF-8 most likely uses: ``utf-16`` (a byte-order mark,
    or NUL bytes between ASCII letters), ``cp949`` (what Korean Windows editors save, when
    the bytes decode as such), else None."""
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or raw[1:40:2].count(0) > 10:
        return "utf-16"
    try:
        raw.decode("cp949")
    except UnicodeDecodeError:
        return None
    return "cp949"


def config_files(folder: Path) -> list[Path]:
    """Every YAML file Hydra may read from a config folder, through linked folders too
    (``conf/experiment`` is a link; ``Path.rglob`` does not follow one): each folder once,
    so that a link to a folder above it does not loop. A link to nothing is left out
    (Hydra cannot read it either)."""
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for root, folders, names in os.walk(folder, followlinks=True):
        here = os.stat(root)
        if (here.st_dev, here.st_ino) in seen:
            folders[:] = []
            continue
        seen.add((here.st_dev, here.st_ino))
        folders.sort()
        found += [Path(root, n) for n in sorted(names) if n.endswith(".yaml")]
    return [p for p in found if p.exists()]


def check_config_folder(folder: Path) -> None:
    """Every YAML file of a config folder, each checked once per version of it."""
    for path in config_files(folder):
        stat = path.stat()
        if not S_ISREG(stat.st_mode):
            raise ConfigError(
                "not a regular file (a device or a pipe, which could be read for ever)",
                where=str(path),
                hint="a config is a YAML file: remove it or put a file in its place",
            )
        _checked(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=1024)
def _checked(path: Path, size: int, mtime_ns: int) -> None:
    check_size(size, str(path))
    text = read_config_text(path)
    check_yaml_text(text, str(path))
    check_header(text, path)
    check_defaults(text, path)


def check_header(text: str, path: Path) -> None:
    """A ``# @package`` line after a byte-order mark is not seen by Hydra, which then puts
    the whole file under its group's key (an experiment file's keys became 'unknown key
    experiment')."""
    if text.startswith("\ufeff") and re.search(r"^\s*#\s*@", text[1:512], re.MULTILINE):
        raise ConfigError(
            "starts with a byte-order mark, so Hydra does not see its '# @package' line",
            where=str(path),
            hint="save it as UTF-8 without a byte-order mark (VS Code: Save with Encoding →"
            " UTF-8; Notepad: UTF-8, not 'UTF-8 with BOM')",
        )


def check_defaults(text: str, path: Path) -> None:
    """A config file's ``defaults`` list names configs inside the config folder: an entry
    such as ``override /data: ../../elsewhere/x`` or ``- ../../elsewhere/x`` would have
    Hydra read a YAML file from anywhere on disk (checked before Hydra reads the file;
    ``text`` is bounded already)."""
    from dlpipe.config.hydra_keys import check_option_name

    try:
        tree = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return  # Hydra's reader says where and why
    defaults = tree.get("defaults") if isinstance(tree, dict) else None
    for entry in defaults if isinstance(defaults, list) else []:
        pairs = entry.items() if isinstance(entry, dict) else [(None, entry)]
        for key, value in pairs:
            group = str(key).split()[-1].split("@")[0].lstrip("/") if key else ""
            options = value if isinstance(value, list) else [value]
            try:
                if key is not None and not _inside(group):
                    check_option_name("", group)  # the group itself leaves conf/
                for option in [o for o in options if isinstance(o, str)]:
                    name = option.split("@")[0].strip()
                    if key is None:  # `- name`: a config path from conf/ or this group
                        name = name.removeprefix("/")
                    if name != "_self_":
                        check_option_name(group or "", name)
            except ConfigError as exc:
                exc.where = f"{path}, defaults: {exc.where}"
                raise


def _inside(name: str) -> bool:
    return all(part not in ("", ".", "..") for part in name.split("/"))


def yaml_error(exc: yaml.YAMLError, name: str | None = None) -> ConfigError:
    """A config file YAML cannot read: the file and line, and why. Tags (``!!python/…``,
    ``!custom``) never construct objects: OmegaConf's loader refuses them; say so."""
    mark = getattr(exc, "problem_mark", None)
    name = name or (mark.name if mark is not None else None)
    where = f"{name}, line {mark.line + 1}" if mark is not None else name
    tag = re.search(r"for the tag '([^']+)'", str(exc))
    if tag:
        name = tag.group(1).replace("tag:yaml.org,2002:", "!!")  # as it was written
        return ConfigError(
            f"the YAML tag {name!r} is not allowed: configs hold plain values,"
            " never Python objects",
            where=where,
            hint="remove the tag and write the value plainly (3, 0.01, relu, [a, b])",
        )
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    return ConfigError(
        f"the YAML cannot be read: {problem}",
        where=where,
        hint="check the indentation, the colons and the brackets near that line",
    )


def load_config(path: Path, name: str) -> Any:
    """A config file someone else wrote (a run folder's, a stored run's), bounded, then
    read as plain values: a ``!!python/…`` tag or broken YAML is one message naming
    ``name`` and the line (OmegaConf's loader raised its own traceback)."""
    from omegaconf import OmegaConf

    check_size(path.stat().st_size, name)
    text = read_config_text(path, name)
    check_yaml_text(text, name)
    try:
        return OmegaConf.load(io.StringIO(text))
    except yaml.YAMLError as exc:
        raise yaml_error(exc, name) from None


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
