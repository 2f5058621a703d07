"""Shared helpers for the benchmarks: timed subprocesses, medians, the results table."""

from __future__ import annotations

import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "_work"
PYTHON = sys.executable


@dataclass
class Sample:
    """One timed process: wall seconds, peak RSS (MiB), exit code, output, CPU seconds
    (user + system, with the child processes it waited for, e.g. the MLflow recorder),
    stalled seconds (see :func:`stalled_seconds`), and the peak memory of the whole
    process tree (see :func:`tree_memory`)."""

    wall: float
    rss_mib: float
    code: int
    out: str
    cpu: float = 0.0
    stalled: float = 0.0
    tree_mib: float = 0.0


# How often the stall sampler reads the command's CPU time, and under what share of one
# core a sampling window counts as stalled.
STALL_WINDOW_S = 0.25
STALL_SHARE = 0.05
# How often the memory sampler adds up the process tree's memory.
MEMORY_WINDOW_S = 0.05
# Stalls are only counted once start-up is over (imports read files; the first seconds
# of every command are alike on both sides).
STALL_AFTER_S = 8.0


def env(source: Path | None = None) -> dict[str, str]:
    """This checkout's ``src`` (or ``source``) first on the path, TensorFlow quiet, no
    inherited MLflow URI."""
    out = {k: v for k, v in os.environ.items() if k != "MLFLOW_TRACKING_URI"}
    first = str(source or REPO / "src")
    out["PYTHONPATH"] = os.pathsep.join([first, out.get("PYTHONPATH", "")])
    out["TF_CPP_MIN_LOG_LEVEL"] = "2"
    return out


def timed(
    cmd: list[str],
    cwd: Path = REPO,
    check: bool = True,
    stall_after: float = STALL_AFTER_S,
    source: Path | None = None,
) -> Sample:
    """Run ``cmd`` (with dlpipe from ``source``, default this checkout's ``src``); wall time
    from spawn to exit, peak RSS of that child (wait4), and the seconds it stalled and the
    peak memory of its process tree (both sampled beside it)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env(source), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    done = threading.Event()
    stalls: list[float] = []
    peak = [0.0]
    samplers = [
        threading.Thread(target=stalled_seconds, args=(proc.pid, done, stalls, stall_after)),
        threading.Thread(target=tree_memory, args=(proc.pid, done, peak)),
    ]
    for sampler in samplers:
        sampler.start()
    out = proc.stdout.read() if proc.stdout else ""
    done.set()
    for sampler in samplers:
        sampler.join()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if check and proc.returncode != 0:
        raise RuntimeError(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{out[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(wall, usage.ru_maxrss / 1024, proc.returncode, out, cpu, sum(stalls), peak[0])


def tree_memory(pid: int, done: threading.Event, peak: list[float]) -> None:
    """Keep in ``peak[0]`` the highest memory (MiB) that process ``pid`` and all its living
    descendants held together, sampled every :data:`MEMORY_WINDOW_S`.

    Each process counts its proportional set size (PSS: a page shared by n processes counts
    1/n in each), so the sum is what the tree holds, not the largest process alone (wait4's
    peak RSS) and not shared libraries counted once per process.
    """
    while True:
        total = _tree_pss_mib(pid)
        if total is None:
            return
        peak[0] = max(peak[0], total)
        if done.wait(MEMORY_WINDOW_S):
            return


def _tree_pss_mib(pid: int) -> float | None:
    """PSS (MiB) of ``pid`` and its living descendants; None once ``pid`` is gone."""
    total_kib, todo, seen = 0, [pid], False
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            children = _children(current)
        except OSError:
            continue
        seen = seen or current == pid
        total_kib += next(
            (int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0
        )
        todo += children
    return total_kib / 1024 if seen else None


def stalled_seconds(
    pid: int, done: threading.Event, stalls: list[float], after: float = STALL_AFTER_S
) -> None:
    """Append the length of every window, ``after`` seconds in, in which process ``pid``
    and its children together used under 5 % of one core.

    On this project's 2-core VM, TensorFlow training sometimes stops for seconds at a time
    with every thread waiting and no CPU in use (gdb: all threads in futex waits), in the
    hand-written scripts as in dlpipe (/proc: every thread in a futex wait); busy-loop and
    NumPy processes see no such gaps. The
    sum says how much of a wall time is such a stall. No dlpipe code sleeps while training
    or at its end (the recorder process is busy whenever the training waits for it).
    """
    clock_ticks = os.sysconf("SC_CLK_TCK")
    started = last = time.perf_counter()
    used = _tree_ticks(pid)
    while not done.wait(STALL_WINDOW_S):
        now, ticks = time.perf_counter(), _tree_ticks(pid)
        if ticks is None:
            return
        if now - started > after and (ticks - used) / clock_ticks < STALL_SHARE * (now - last):
            stalls.append(now - last)
        last, used = now, ticks


def _tree_ticks(pid: int) -> int | None:
    """CPU clock ticks (user + system) of ``pid`` and its living descendants; None once
    ``pid`` is gone."""
    total, todo, seen = 0, [pid], False
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = _children(current)
        except OSError:
            continue
        seen = seen or current == pid
        total += int(fields[11]) + int(fields[12])
        todo += children
    return total if seen else None


def _children(pid: int) -> list[int]:
    """The child processes of ``pid``, whichever of its threads started them."""
    return [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


def last_json(text: str) -> dict:
    """The last line of ``text`` that parses as a JSON object."""
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    raise ValueError("no JSON line in output:\n" + text[-2000:])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def epoch_durations(ends_s: list[float]) -> list[float]:
    """Seconds per epoch from consecutive epoch-end times (the first epoch, which traces
    and compiles, has no start mark and is left out)."""
    return [b - a for a, b in itertools.pairwise(ends_s)]


@dataclass
class Row:
    """One line of the results table: dlpipe's figure, the baseline's, their ratio."""

    name: str
    unit: str
    dlpipe: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    target: str = ""
    note: str = ""
    dlpipe_label: str = "dlpipe"
    baseline_label: str = "hand-written"
    # A fixed cost per run (tracking): the note also says what a run adds, in the row's unit.
    per_run: bool = False

    @property
    def ratio(self) -> float:
        b = median(self.baseline)
        return median(self.dlpipe) / b if b else float("nan")

    def spread(self) -> str:
        """The lowest and highest ratio of the runs made side by side (same round), so a
        reader sees how far one round can be from the median."""
        pairs = [d / b for d, b in zip(self.dlpipe, self.baseline, strict=False) if b]
        return f"{min(pairs):.2f}–{max(pairs):.2f}" if len(pairs) > 1 else "—"

    def added(self) -> float:
        """The median of the rounds' differences (dlpipe − baseline, same round): what
        dlpipe adds per run, in the row's unit, for a cost that does not grow with the run."""
        return median([d - b for d, b in zip(self.dlpipe, self.baseline, strict=False)])


def fmt(value: float, unit: str) -> str:
    if value != value:  # nan
        return "—"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "rows/s":
        return f"{value / 1e6:.2f} M rows/s"
    return f"{value:.3g} {unit}"


def table(rows: list[Row]) -> str:
    """A Markdown table: row, dlpipe median, baseline median, ratio, target, n, the range
    of the rounds' ratios, note."""
    lines = [
        "| row | dlpipe | baseline | ratio dlpipe/baseline | target | runs | rounds' ratios | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        note = r.note
        if r.per_run:
            added = fmt(r.added(), r.unit)
            note += f"; adds {'' if added.startswith('-') else '+'}{added} per run (median of"
            note += " the rounds' differences)"
        lines.append(
            f"| {r.name} | {fmt(median(r.dlpipe), r.unit)} | {fmt(median(r.baseline), r.unit)} "
            f"| {r.ratio:.3f} | {r.target} | {len(r.dlpipe)}/{len(r.baseline)} | {r.spread()} "
            f"| {note} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, str]:
    """Machine, versions and load, for the results header."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = subprocess.run(
        [
            PYTHON,
            "-c",
            "import importlib.metadata as m; print(' '.join(f'{p} {m.version(p)}' for p in "
            "('tensorflow-cpu','keras','mlflow','hydra-core','pandas','scikit-learn','numpy')))",
        ],
        capture_output=True,
        text=True,
        env=env(),
    ).stdout.strip()
    mem = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores, {mem} RAM",
        "python": platform.python_version(),
        "versions": versions,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def dlpipe_output(args: list[str], what: Path) -> str:
    """What ``python -m dlpipe ARGS`` printed (tracking off, in a temporary folder); a
    failed run ends the benchmark with its output, naming ``what`` it ran on."""
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run(
            [PYTHON, "-m", "dlpipe", *args, "tracking.enabled=false", f"hydra.run.dir={out}/run"],
            cwd=out, capture_output=True, text=True, timeout=1800,
        )  # fmt: skip
    text = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise SystemExit(f"dlpipe failed on {what}:\n{text[-3000:]}")
    return text


def results_header(title: str, command: str, info: dict[str, str]) -> list[str]:
    """The first lines of a results file: what, when, how it was run, on what."""
    from datetime import UTC, datetime

    return [
        f"# {title}",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- command: `{command}`",
        "- machine: {cpu}; Python {python}".format(**info),
        f"- versions: {info['versions']}",
    ]

