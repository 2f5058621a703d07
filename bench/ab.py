"""Two versions of dlpipe interleaved in one script: was a change a gain, on a noisy VM?

    python bench/ab.py 0a21a53                   # that commit vs this checkout, default MLP
    python bench/ab.py HEAD~2 --rounds 20 --row cnn

Whole benchmark runs an hour apart can disagree here by more than a change of a tenth of a
second. This runs the same command, MLflow tracking on, with the other version (checked
out in a git worktree under bench/_work) and with this checkout, beside tracking off as
the floor and the hand-written Keras script of the row (bench/baselines, dlpipe's trainer
settings), round by round in rotating order. It prints the medians, the medians of the
rounds' paired differences, and the peak memory of each side's whole process tree (every
process of the run, the MLflow recorder included, summed). Both versions use this
checkout's virtual environment.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, REPO, WORK, Sample, median, timed
from run import BASELINES, FASHION, fresh, ready_store, trainer_defaults

ROWS = {
    "mlp": ["callbacks=none", "trainer.backup=false"],
    "cnn": [
        "data=fashion_mnist",
        "model=cnn",
        "data.limit=10000",
        "trainer.epochs=3",
        "callbacks=none",
        "trainer.backup=false",
        f"data.path={FASHION}",
        "data.download=false",
    ],
}


def hand_written(row: str, out: Path) -> list[str]:
    """The row's hand-written Keras script, with dlpipe's shipped trainer settings."""
    t = trainer_defaults()
    matched = [f"--steps-per-execution={t['steps_per_execution']}"]
    matched += [f"--jit-compile={str(t['jit_compile']).lower()}"]
    if t.get("tf_data", False):
        matched += ["--tf-data"] + ([] if t.get("tf_data_autotune", True) else ["--no-autotune"])
    if row == "mlp":
        return [
            PYTHON,
            str(BASELINES / "tabular_mlp.py"),
            f"--epochs={t['epochs']}",
            *matched,
            f"--out={out}",
        ]
    return [
        PYTHON,
        str(BASELINES / "cnn.py"),
        "--data=fashion_mnist",
        "--epochs=3",
        "--limit=10000",
        *matched,
        f"--out={out}",
    ]


def worktree(commit: str) -> Path:
    """The other version's source folder: ``commit`` checked out under bench/_work."""
    path = WORK / "ab-worktree"
    if path.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=REPO, check=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(path), commit], cwd=REPO, check=True)
    return path / "src"


def interleave(commit: str, row: str, rounds: int) -> dict[str, list[Sample]]:
    """``rounds`` rounds of (other version, this one, tracking off, hand-written), in
    rotating order."""
    work = fresh("ab")
    uri = ready_store(work)
    sources = {commit: worktree(commit), "this": REPO / "src", "off": REPO / "src"}
    for source in {str(s) for s in sources.values()}:
        compileall.compile_dir(source, quiet=1)  # as installed: byte-compiled
    sides = [*sources, "hand-written"]
    seen: dict[str, list[Sample]] = {side: [] for side in sides}
    for i in range(rounds):
        for side in sides[i % len(sides) :] + sides[: i % len(sides)]:
            folder = work / f"r{i}-{sides.index(side)}"  # one per run
            if side == "hand-written":
                seen[side].append(timed(hand_written(row, folder), cwd=work))
                continue
            switch = ["tracking.enabled=false"] if side == "off" else [f"tracking.uri={uri}"]
            command = [PYTHON, "-m", "dlpipe", *ROWS[row], *switch, f"hydra.run.dir={folder}"]
            seen[side].append(timed(command, cwd=work, source=sources[side]))
        print(f"round {i + 1}: " + "  ".join(f"{s} {seen[s][-1].wall:.2f} s" for s in sides))
    return seen


# The commands that must answer at once (issue 20: each ≤ 0.5 s), timed per version.
STARTUP = {"--help": ["--help"], "check": ["check"]}


def startup(sources: dict[str, Path], rounds: int) -> str:
    """``--help`` and ``check`` of each version, alternating, ``rounds`` times: medians."""
    work = fresh("ab-startup")
    seen: dict[tuple[str, str], list[float]] = {}
    for i in range(rounds):
        for name, args in STARTUP.items():
            order = list(sources) if i % 2 == 0 else list(reversed(sources))
            for side in order:
                sample = timed([PYTHON, "-m", "dlpipe", *args], cwd=work, source=sources[side])
                seen.setdefault((name, side), []).append(sample.wall)
    lines = [
        "| command | " + " | ".join(sources) + " | target |",
        "|---" * (len(sources) + 2) + "|",
    ]
    for name in STARTUP:
        walls = [f"{median(seen[(name, side)]):.3f} s" for side in sources]
        lines.append(f"| {name} | " + " | ".join(walls) + " | ≤ 0.5 s |")
    return "\n".join(lines)


def summary(seen: dict[str, list[Sample]]) -> str:
    """Medians per side, the median of the rounds' paired differences against the floor
    (tracking off) and between the two versions, and each side's process-tree memory
    against the hand-written script's."""
    off = [s.wall for s in seen["off"]]
    hand = median([s.tree_mib for s in seen["hand-written"]])
    lines = [
        "| side | wall | CPU | added vs tracking off (paired) | process tree peak | ÷ hand-written |",
        "|---|---|---|---|---|---|",
    ]
    for side, samples in seen.items():
        walls = [s.wall for s in samples]
        added = median([a - b for a, b in zip(walls, off, strict=True)])
        cpu = median([s.cpu for s in samples])
        tree = median([s.tree_mib for s in samples])
        lines.append(
            f"| {side} | {median(walls):.3f} s | {cpu:.2f} s | {added:+.3f} s "
            f"| {tree:.0f} MiB | {tree / hand:.2f} |"
        )
    (other,) = [k for k in seen if k not in ("this", "off", "hand-written")]
    change = median([a.wall - b.wall for a, b in zip(seen["this"], seen[other], strict=True)])
    lines.append(
        f"\nthis checkout - {other}: {change:+.3f} s a run (median of the rounds' paired "
        "differences; negative: this checkout is faster)"
    )
    return "\n".join(lines)


def report(args: argparse.Namespace, runs: str, starts: str) -> str:
    """The tables as a Markdown page, with what produced them."""
    import platform
    from datetime import UTC, datetime
    from importlib.metadata import version

    this = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return "\n".join(
        [
            "# dlpipe side by side with an earlier version",
            "",
            f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"- command: `python bench/ab.py {args.commit} --row {args.row} --rounds "
            f"{args.rounds}` (this checkout: {this})",
            f"- machine: {platform.machine()}, {os.cpu_count()} cores; Python "
            f"{platform.python_version()}; mlflow {version('mlflow')}, "
            f"tensorflow {version('tensorflow-cpu') if _has('tensorflow-cpu') else version('tensorflow')}",
            f"- row: {args.row} ({' '.join(ROWS[args.row])}), MLflow tracking on unless said;"
            " hand-written = bench/baselines with dlpipe's trainer settings; medians of the"
            " rounds; process tree = every process of the run summed (PSS, sampled)",
            "",
            runs,
            "",
            starts,
            "",
        ]
    )


def _has(distribution: str) -> bool:
    from importlib.metadata import PackageNotFoundError, version

    try:
        version(distribution)
    except PackageNotFoundError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("commit", help="the other version: a commit, tag or branch")
    parser.add_argument("--row", choices=sorted(ROWS), default="mlp")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--out", help="also write the tables to this Markdown file")
    args = parser.parse_args(argv)
    try:
        runs = summary(interleave(args.commit, args.row, args.rounds))
        print(runs + "\n")
        starts = startup({args.commit: worktree(args.commit), "this": REPO / "src"}, args.rounds)
        print(starts)
        if args.out:
            Path(args.out).write_text(report(args, runs, starts))
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(WORK / "ab-worktree")], cwd=REPO
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
