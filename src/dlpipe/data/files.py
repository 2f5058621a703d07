"""Checks of files dlpipe reads: a local, regular file (:func:`local_file`), and an
archive whose content fits in memory (:func:`check_archive`).

A device or a pipe (``/dev/zero``, a FIFO) would be read for ever or block; a URL is not
fetched (dlpipe reads local files only, and never downloads what a config names). A
``.keras`` or ``.npz`` file is a zip: a few MB of it can claim gigabytes once inflated.
"""

from __future__ import annotations

import re
from pathlib import Path

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
