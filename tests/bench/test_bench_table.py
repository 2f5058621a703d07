"""bench/: the arithmetic behind the results table (no timing is asserted anywhere)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from common import Row, epoch_durations, table


def test_epoch_durations_leave_out_the_first_epoch() -> None:
    assert epoch_durations([10.0, 10.5, 11.25]) == [0.5, 0.75]
    assert epoch_durations([10.0]) == []


def test_ratio_is_dlpipe_median_over_baseline_median_and_printed() -> None:
    row = Row(
        "overhead", "s", dlpipe=[10.0, 12.0, 11.0], baseline=[10.0, 9.0, 11.0], target="≤ 1.03"
    )
    assert row.ratio == 1.1
    text = table([row])
    assert "| overhead | 11.00 s | 10.00 s | 1.100 | ≤ 1.03 | 3/3 |" in text
    assert "| — |" in table([Row("empty", "s")])
