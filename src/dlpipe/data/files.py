"""The one check of a file a config names for reading: it is a local, regular file.

A device or a pipe (``/dev/zero``, a FIFO) would be read for ever or block; a URL is not
fetched (dlpipe reads local files only, and never downloads what a config names).
"""

from __future__ import annotations

import re
from pathlib import Path

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
