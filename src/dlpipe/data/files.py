"""Checks of files dlpipe reads: a local, regular file (:func:`local_file`), an archive
whose content fits in memory (:func:`check_archive`), and the first bytes of a table,
decompressed as pandas would (:func:`table_start`).

A device or a pipe (``/dev/zero``, a FIFO) would be read for ever or block; a URL is not
fetched (dlpipe reads local files only, and never downloads what a config names). A
``.keras`` or ``.npz`` file is a zip: a few MB of it can claim gigabytes once inflated.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO

from dlpipe.data import memory
from dlpipe.errors import DataError

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
    try:
        with _open_table(path) as f:
            return f.read(size)
    except (OSError, EOFError, ValueError) as exc:
        raise DataError(
            f"{path} could not be read as a {_kind(path)} file ({exc})",
            where="data.path",
            hint="is the file complete? its name's ending says how it is compressed"
            " (.gz, .bz2, .zip, .xz, .zst); a plain CSV ends in .csv",
        ) from None


def _kind(path: Path) -> str:
    return next((s[1:] for s in COMPRESSED if s in path.suffixes), "plain")


def _open_table(path: Path) -> IO[bytes]:
    import bz2
    import gzip
    import lzma

    suffix = path.suffix.lower()
    if ".tar" in [s.lower() for s in path.suffixes]:
        return _only_member_of_tar(path)
    if suffix == ".gz":
        return gzip.open(path, "rb")
    if suffix == ".bz2":
        return bz2.open(path, "rb")
    if suffix == ".xz":
        return lzma.open(path, "rb")
    if suffix == ".zip":
        return _only_member_of_zip(path)
    if suffix == ".zst":
        try:
            import zstandard
        except ImportError:
            raise DataError(
                f"{path} is compressed with zstd, which needs the zstandard package",
                where="data.path",
                hint="pip install zstandard (or give the file as .csv or .csv.gz)",
            ) from None
        return zstandard.open(path, "rb")
    return open(path, "rb")


def _only_member_of_zip(path: Path) -> IO[bytes]:
    """The one file of a zip, as pandas reads it (several files: pandas refuses)."""
    import zipfile

    archive = zipfile.ZipFile(path)
    names = [i.filename for i in archive.infolist() if not i.is_dir()]
    if len(names) != 1:
        archive.close()
        raise _not_one_file(path, names)
    return archive.open(names[0])


def _only_member_of_tar(path: Path) -> IO[bytes]:
    import tarfile

    archive = tarfile.open(path)
    members = [m for m in archive.getmembers() if m.isfile()]
    if len(members) != 1:
        archive.close()
        raise _not_one_file(path, [m.name for m in members])
    extracted = archive.extractfile(members[0])
    assert extracted is not None  # a regular member
    return extracted


def _not_one_file(path: Path, names: list[str]) -> DataError:
    listing = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
    return DataError(
        f"{path} holds {len(names)} files ({listing or 'none'}); a table archive holds one",
        where="data.path",
        hint="unpack it and give the CSV's path, or pack only the one CSV",
    )
