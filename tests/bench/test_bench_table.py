"""bench/: the arithmetic behind the results table (no timing is asserted anywhere)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import run
from common import Row, epoch_durations, table, timed
from run import stall_note


def test_epoch_durations_leave_out_the_first_epoch() -> None:
    assert epoch_durations([10.0, 10.5, 11.25]) == [0.5, 0.75]
    assert epoch_durations([10.0]) == []


def test_ratio_is_dlpipe_median_over_baseline_median_and_printed() -> None:
    row = Row(
        "overhead", "s", dlpipe=[10.0, 12.0, 11.0], baseline=[10.0, 9.0, 11.0], target="≤ 1.03"
    )
    assert row.ratio == 1.1
    text = table([row])
    assert "| overhead | 11.00 s | 10.00 s | 1.100 | ≤ 1.03 | 3/3 | 1.00–1.33 |" in text
    assert "| — |" in table([Row("empty", "s")])


def test_the_rounds_ratios_pair_each_dlpipe_run_with_the_baseline_run_of_its_round() -> None:
    assert Row("r", "s", dlpipe=[2.0, 3.0], baseline=[1.0, 3.0]).spread() == "1.00–2.00"
    assert Row("one", "s", dlpipe=[2.0], baseline=[1.0]).spread() == "—"


def test_a_stall_is_time_the_command_used_no_cpu() -> None:
    sleeping = timed([sys.executable, "-c", "import time; time.sleep(1.5)"], stall_after=0)
    busy = timed(
        [sys.executable, "-c", "import time\nt = time.time()\nwhile time.time() - t < 1.5: pass"],
        stall_after=0,
    )
    assert 0.75 <= sleeping.stalled <= sleeping.wall
    assert busy.stalled < 0.5


def test_the_stall_note_compares_wall_times_less_stalls() -> None:
    note = stall_note([12.0, 14.0, 13.0], [2.0, 4.0, 3.0], [11.0, 10.0, 12.0], [1.0, 0.0, 2.0])
    assert note == "stalled (no CPU in use) 3.0 s vs 1.0 s; wall less stalls 1.000"


def test_what_a_run_adds_is_the_median_of_the_rounds_differences() -> None:
    row = Row("r", "s", dlpipe=[5.2, 9.0, 5.1], baseline=[5.0, 8.9, 4.8], per_run=True)
    assert round(row.added(), 3) == 0.2  # 0.2, 0.1, 0.3: one slow round moves neither side
    assert "adds +0.200 s per run" in table([row])
    assert "adds" not in table([Row("r", "s", dlpipe=[1.0], baseline=[1.0])])


def test_ab_compares_two_versions_by_their_rounds_paired_differences() -> None:
    from ab import summary
    from common import Sample

    def runs(*walls: float, tree: float = 800.0) -> list[Sample]:
        return [Sample(wall, 0.0, 0, "", cpu=1.0, tree_mib=tree) for wall in walls]

    text = summary(
        {
            "abc123": runs(6.0, 9.0),
            "this": runs(5.0, 8.5, tree=880.0),
            "off": runs(4.0, 8.0),
            "hand-written": runs(4.5, 8.2, tree=800.0),
        }
    )
    assert "| abc123 | 7.500 s | 1.00 s | +1.500 s | 800 MiB | 1.00 |" in text
    assert "| this | 6.750 s | 1.00 s | +0.750 s | 880 MiB | 1.10 |" in text
    assert "this checkout - abc123: -0.750 s a run" in text


def test_the_memory_of_a_whole_process_tree_is_summed() -> None:
    # One process holding 150 MiB, then a parent and its child holding 150 MiB each at once:
    # the tree counts both (wait4's peak RSS would see one process).
    hold = "b = b'x' * (150 * 2**20); import time; time.sleep(0.8)"
    alone = timed([sys.executable, "-c", hold])
    code = f"import subprocess, sys; c = subprocess.Popen([sys.executable, '-c', {hold!r}]); {hold}; c.wait()"
    both = timed([sys.executable, "-c", code])
    assert 150 < alone.tree_mib < 200  # the payload and an interpreter, counted once
    assert both.tree_mib > 290  # two of them: the child is summed in


def test_timed_runs_dlpipe_from_the_source_it_is_given(tmp_path: Path) -> None:
    (tmp_path / "dlpipe").mkdir()
    (tmp_path / "dlpipe" / "__init__.py").write_text("WHERE = 'other version'\n")
    code = "import dlpipe; print(getattr(dlpipe, 'WHERE', 'this checkout'))"
    assert timed([sys.executable, "-c", code], source=tmp_path).out.strip() == "other version"
    assert timed([sys.executable, "-c", code]).out.strip() == "this checkout"


def test_tracking_sides_take_turns_in_rounds_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(run, "timed", lambda cmd: calls.append(cmd) or len(calls))
    seen = run.tracking_pairs(["dlpipe"], "sqlite:///x.db", tmp_path, 2, ("on", "no models", "off"))
    assert seen == {"on": [1, 6], "no models": [2, 5], "off": [3, 4]}  # the order reversed
    assert "tracking.log_model=false" in calls[1] and "tracking.enabled=false" in calls[2]
    assert not any(a.startswith("tracking.log_model") or "enabled" in a for a in calls[0])
    assert len({c[-1] for c in calls}) == 6  # a run folder each
