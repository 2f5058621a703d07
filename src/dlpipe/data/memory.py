"""How much memory is left, and the check that a planned allocation fits in it.

Used before the large allocations a config can size (the padded text sequences, a batch
of resized images, a layer's weights, an archive unpacked): a setting that asks for more
than the machine has is one message naming it, not a MemoryError, a TensorFlow OOM error
after seconds of work, or the kernel's OOM killer.
"""

from __future__ import annotations

import os

from dlpipe.errors import DlpipeError


def memory_available() -> int:
    """Bytes of memory this machine can still give (Linux's MemAvailable; else all of it)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def check_fits(
    nbytes: float, what: str, where: str, hint: str, error: type[DlpipeError] = DlpipeError
) -> None:
    """Refuse an allocation of ``nbytes`` (``what``, sized by the key ``where``) that would
    take more than the memory available."""
    available = memory_available()
    if nbytes > available:
        raise error(
            f"{what} would need about {_size(nbytes)}, more than the {_size(available)}"
            " of memory available",
            where=where,
            hint=hint,
        )


def _size(nbytes: float) -> str:
    return f"{nbytes / 2**30:,.1f} GiB" if nbytes >= 2**30 else f"{nbytes / 2**20:,.0f} MiB"
