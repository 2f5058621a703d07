"""Checks of files dlpipe reads: a local, regular file (:func:`local_file`), an archive
whose content fits in memory (:func:`check_archive`), and the first bytes of a table,
decompressed as pandas would (:func:`table_start`).

A device or a pipe (``/dev/zero``, a FIFO) would be read for ever or block; a URL is not
fetched (dlpipe reads local files only, and never downloads what a config names). A
``.keras`` or ``.npz`` file is a zip: a few MB of it can claim gigabytes once inflated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from dlpipe.data import memory
from dlpipe.errors import DataError

T = TypeVar("T")
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def local_file(value: str, where: str, hint: str) -> Path:
    """``value`` as a path, if it names a regular file; else the error saying why not."""
    if URL.match(value):
        raise DataError(
            f"{value} is a web address; dlpipe reads local files only",
            where=where,
            hint=f"download it first (e.g. curl -LO {value}), then give the file's path",
        )
    path = Path(value)
    if path.is_file():
        return path
    if path.is_dir():
        what = "is a folder, not a file"
    elif path.exists():
        what = "is not a regular file (a device or a pipe, which could be read for ever)"
    else:
        what = "does not exist"
        if value.startswith("~"):  # (a quoted ~ reaches here as it was typed)
            hint = f"~ is not your home folder here: write the full path, e.g. {where}=$HOME{value[1:]}"
    raise DataError(f"{path} {what}", where=where, hint=hint)


def check_archive(path: Path, where: str, share: float = 0.5) -> None:
    """A zip archive (``.keras``, ``.npz``) whose files, inflated, take at most ``share``
    of the memory available: checked from its directory, before anything is inflated
    (Python's zip reader never gives more than a member's declared size)."""
    import zipfile

    if not zipfile.is_zipfile(path):
        return  # not a zip: its own reader says what it is
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DataError(f"{path} is not a readable archive ({exc})", where=where) from None
    allowed = int(memory.memory_available() * share)
    if inflated > allowed:
        raise DataError(
            f"{path} inflates to {inflated / 2**20:,.0f} MiB, more than this machine can"
            f" hold for it ({allowed / 2**20:,.0f} MiB free for it)",
            where=where,
            hint="is it the file you meant? a run's model.keras is a few MB unpacked",
        )


# What pandas decompresses by a file's extension (pandas.io.common.extension_to_compression).
COMPRESSED = (".gz", ".bz2", ".zip", ".xz", ".zst", ".tar")


def table_start(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of a table as pandas reads it: ``.gz``, ``.bz2``, ``.xz``,
    ``.zst``, a ``.zip`` or ``.tar`` of one file decompressed (only as far as ``size``:
    a few kB of a compressed file can inflate to gigabytes)."""
    import lzma
    import tarfile
    import zipfile

    try:
        return _read_start(path, size)
    except (
        OSError,
        EOFError,
        ValueError,
        lzma.LZMAError,
        zipfile.BadZipFile,
        tarfile.TarError,
    ) as exc:
        raise DataError(
            f"{path} could not be read as a {_kind(path)} file ({exc})",
            where="data.path",
            hint="is the file complete? its name's ending says how it is compressed"
            " (.gz, .bz2, .zip, .xz, .zst); a plain CSV ends in .csv",
        ) from None


def _kind(path: Path) -> str:
    return next((s[1:] for s in COMPRESSED if s in path.suffixes), "plain")


def _read_start(path: Path, size: int) -> bytes:
    import bz2
    import gzip
    import lzma
    import tarfile
    import zipfile

    suffix = path.suffix.lower()
    if ".tar" in [s.lower() for s in path.suffixes]:
        with tarfile.open(path) as tar:
            member = _only_one(path, [m for m in tar.getmembers() if m.isfile()])
            extracted = tar.extractfile(member)
            return extracted.read(size) if extracted is not None else b""
    if suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            info = _only_one(path, [i for i in archive.infolist() if not i.is_dir()])
            with archive.open(info) as packed:
                return packed.read(size)
    openers: dict[str, Callable[[Path, str], Any]] = {
        ".gz": gzip.open,
        ".bz2": bz2.open,
        ".xz": lzma.open,
        ".zst": _open_zstd,
    }
    with openers.get(suffix, open)(path, "rb") as f:
        return bytes(f.read(size))


def _open_zstd(path: Path, mode: str) -> Any:
    try:
        import zstandard
    except ImportError:
        raise DataError(
            f"{path} is compressed with zstd, which needs the zstandard package",
            where="data.path",
            hint="pip install zstandard (or give the file as .csv or .csv.gz)",
        ) from None
    return zstandard.open(path, mode)


def _only_one(path: Path, members: list[T]) -> T:
    """The one file of an archive, as pandas reads it (with several, pandas refuses)."""
    if len(members) == 1:
        return members[0]
    names = [str(getattr(m, "name", None) or getattr(m, "filename", "")) for m in members]
    listing = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
    raise DataError(
        f"{path} holds {len(names)} files ({listing or 'none'}); a table archive holds one",
        where="data.path",
        hint="unpack it and give the CSV's path, or pack only the one CSV",
    )
