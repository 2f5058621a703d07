"""Shared helpers for the benchmarks: timed subprocesses, medians, the results table."""

from __future__ import annotations

import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "_work"
PYTHON = sys.executable


@dataclass
class Sample:
    """One timed process: wall seconds, peak RSS (MiB), exit code, output, and CPU seconds
    (user + system, with the child processes it waited for, e.g. the MLflow recorder)."""

    wall: float
    rss_mib: float
    code: int
    out: str
    cpu: float = 0.0


def env() -> dict[str, str]:
    """This checkout's ``src`` first on the path, TensorFlow quiet, no inherited MLflow URI."""
    out = {k: v for k, v in os.environ.items() if k != "MLFLOW_TRACKING_URI"}
    out["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), out.get("PYTHONPATH", "")])
    out["TF_CPP_MIN_LOG_LEVEL"] = "2"
    return out


def timed(cmd: list[str], cwd: Path = REPO, check: bool = True) -> Sample:
    """Run ``cmd``; wall time from spawn to exit, peak RSS of that child (wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if check and proc.returncode != 0:
        raise RuntimeError(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{out[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(wall, usage.ru_maxrss / 1024, proc.returncode, out, cpu)


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

    @property
    def ratio(self) -> float:
        b = median(self.baseline)
        return median(self.dlpipe) / b if b else float("nan")


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
    """A Markdown table: row, dlpipe median, baseline median, ratio, target, n, note."""
    lines = [
        "| row | dlpipe | baseline | ratio dlpipe/baseline | target | runs | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.name} | {fmt(median(r.dlpipe), r.unit)} | {fmt(median(r.baseline), r.unit)} "
            f"| {r.ratio:.3f} | {r.target} | {len(r.dlpipe)}/{len(r.baseline)} | {r.note} |"
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
