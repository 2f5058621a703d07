"""Where dlpipe's own config tree is: ``conf/`` (linked from the source, copied into a wheel)."""

from __future__ import annotations

from pathlib import Path

# `src/dlpipe/conf` links to the repository's `conf/`; a built wheel holds a real copy.
CONFIG_DIR = (Path(__file__).resolve().parent.parent / "conf").resolve()
