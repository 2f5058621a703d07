"""Data stage: read raw samples (CSV and embedded data sets) and split them.

Sources return raw, unprocessed data; everything learned from data happens in
:mod:`dlpipe.preprocess`, after the split.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Imported when first used: `dlpipe check` reads a header without importing pandas.
_EXPORTS = {
    "Splits": "dlpipe.data.split",
    "split_frame": "dlpipe.data.split",
    "read_header": "dlpipe.data.header",
    "read_table": "dlpipe.data.tabular",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'dlpipe.data' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
