"""dlpipe vs the same work written by hand: run every benchmark row, print and save a table.

    python bench/run.py            # full (make bench)
    python bench/run.py --quick    # a few minutes (make bench-quick)
    python bench/run.py --rows startup,mlp --repeats 3

Every row runs dlpipe and its hand-written baseline (bench/baselines/) in the same
invocation, alternating (ABBA order, so drift hits both sides alike), and reports medians
of several runs and the ratio dlpipe / baseline. Results go to bench/results.md (or --out).
"""

from __future__ import annotations

import argparse
import compileall
import re
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    PYTHON,
    REPO,
    WORK,
    Row,
    Sample,
    epoch_durations,
    last_json,
    machine,
    median,
    table,
    timed,
)

DLPIPE = [PYTHON, "-m", "dlpipe"]
FASHION = "/usr/share/datasets/fashion-mnist"
BASELINES = REPO / "bench" / "baselines"
TEST_ACC = re.compile(r"test_accuracy=([0-9.]+)")
RUN_ID = re.compile(r"MLflow run ([0-9a-f]{32})")


def trainer_defaults() -> dict:
    """dlpipe's shipped speed settings (conf/trainer/default.yaml), for like-with-like runs."""
    import yaml

    return yaml.safe_load((REPO / "conf" / "trainer" / "default.yaml").read_text())


def abba(i: int, steps: list) -> list:
    """Alternate the order of the sides each round."""
    return steps if i % 2 == 0 else list(reversed(steps))


# The sides of a tracking row: what each adds to the command.
TRACKING_SIDES = {
    "on": [],
    "no models": ["tracking.log_model=false"],  # the record without its two MLflow models
    "off": ["tracking.enabled=false"],
}


def tracking_pairs(
    command: list[str], uri: str, work: Path, repeats: int, sides: tuple[str, ...] = ("on", "off")
) -> dict[str, list[Sample]]:
    """The same dlpipe command with MLflow tracking on and off (and the other ``sides`` of
    TRACKING_SIDES), in rounds of their own, the order reversed every other round (on,
    off, off, on, …): each side runs after the same kinds of command as often as the
    others (within longer rounds of several commands, one side kept following itself at
    the rounds' edges)."""
    seen: dict[str, list[Sample]] = {side: [] for side in sides}
    store = [f"tracking.uri={uri}", "tracking.experiment=bench"]

    def run(i: int, side: str) -> None:
        folder = f"hydra.run.dir={work}/{side.replace(' ', '-')}{i}"
        seen[side].append(timed([*command, *store, *TRACKING_SIDES[side], folder]))

    for i in range(repeats):
        for step in abba(i, [lambda i=i, side=side: run(i, side) for side in sides]):
            step()
    return seen


def fresh(name: str) -> Path:
    path = WORK / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def cpu_note(on: list[float], off: list[float]) -> str:
    """The CPU seconds of both sides (the recorder process included): the work tracking
    adds, whatever the wall clock of a shared machine did meanwhile."""
    return f"CPU time {median(on):.1f} s vs {median(off):.1f} s"


def stall_note(
    walls: list[float], stalls: list[float], base_walls: list[float], base_stalls: list[float]
) -> str:
    """How much of both sides' wall time was a stall (see ``common.stalled_seconds``), and
    the ratio of their wall times less those stalls."""
    busy = median([w - s for w, s in zip(walls, stalls, strict=True)])
    base_busy = median([w - s for w, s in zip(base_walls, base_stalls, strict=True)])
    return (
        f"stalled (no CPU in use) {median(stalls):.1f} s vs {median(base_stalls):.1f} s; "
        f"wall less stalls {busy / base_busy:.3f}"
    )


def ready_store(work: Path) -> str:
    """A sqlite store in ``work``, created before anything is timed: the rows measure a
    run's recording, not the one-off creation of a new store (~1–1.5 s here)."""
    from dlpipe.track.store import ensure_store

    uri = f"sqlite:///{work / 'mlflow.db'}"
    ensure_store(uri)
    return uri


# --------------------------------------------------------------------------- start-up


def startup_rows(repeats: int) -> list[Row]:
    """`dlpipe --help` and `dlpipe check` vs importing Keras (a script's first line)."""
    help_row = Row(
        "start-up: `dlpipe --help`",
        "s",
        target="≤ 1 s",
        baseline_label="python -c 'import keras'",
        note="baseline: `python -c 'import keras'` (the hand-written script's first line)",
    )
    check_row = Row(
        "start-up: `dlpipe check`",
        "s",
        target="≤ 1 s",
        note="same baseline; dlpipe validates the whole config and the CSV header",
    )
    work = fresh("startup")
    for i in range(repeats):
        for step in abba(
            i,
            [
                lambda: help_row.dlpipe.append(timed([*DLPIPE, "--help"], cwd=work).wall),
                lambda: check_row.dlpipe.append(timed([*DLPIPE, "check"], cwd=work).wall),
                lambda: help_row.baseline.append(
                    timed([PYTHON, "-c", "import keras"], cwd=work).wall
                ),
            ],
        ):
            step()
    check_row.baseline = list(help_row.baseline)
    return [help_row, check_row]


# --------------------------------------------------------------------------- MLP (tabular)


def mlp_rows(repeats: int, epochs: int) -> list[Row]:
    """The default experiment (penguins + dense): overhead, per-epoch, tracking, defaults."""
    t = trainer_defaults()
    spe, jit = int(t["steps_per_execution"]), str(t["jit_compile"]).lower()
    tf_data = bool(t.get("tf_data", False))
    autotune = bool(t.get("tf_data_autotune", True))
    work = fresh("mlp")
    uri = ready_store(work)
    common = ["callbacks=none", f"trainer.epochs={epochs}"]
    base = [PYTHON, str(BASELINES / "tabular_mlp.py"), f"--epochs={epochs}"]
    walls: dict[str, list[float]] = {k: [] for k in "ABCDE"}
    epochs_s: dict[str, list[float]] = {k: [] for k in "BCDE"}
    accs: dict[str, list[float]] = {k: [] for k in "ABCDE"}
    rss: dict[str, list[float]] = {k: [] for k in "AB"}
    tree: dict[str, list[float]] = {k: [] for k in "BC"}  # whole process tree, sampled
    runs: dict[str, list[str]] = {"C": [], "E": []}
    # Like with like: the baseline neither backs up the training state nor tracks.
    off = ["trainer.backup=false"]

    def dl_off(i: int) -> None:
        s = timed([*DLPIPE, *common, *off, "tracking.enabled=false", f"hydra.run.dir={work}/a{i}"])
        walls["A"].append(s.wall)
        rss["A"].append(s.rss_mib)
        accs["A"].append(float(TEST_ACC.search(s.out).group(1)))

    def dl_on(i: int, key: str) -> None:
        s = timed(
            [
                *DLPIPE,
                *common,
                *(off if key == "C" else []),
                f"tracking.uri={uri}",
                "tracking.experiment=bench",
                f"hydra.run.dir={work}/{key}{i}",
            ]
        )
        walls[key].append(s.wall)
        accs[key].append(float(TEST_ACC.search(s.out).group(1)))
        runs[key].append(RUN_ID.search(s.out).group(1))
        if key in tree:
            tree[key].append(s.tree_mib)

    def baseline(key: str, extra: list[str]) -> None:
        s = timed([*base, *extra, f"--out={work}/{key}"])
        result = last_json(s.out)
        walls[key].append(s.wall)
        epochs_s[key].append(median(epoch_durations(result["epoch_ends"])))
        accs[key].append(result["test"]["accuracy"])
        if key in rss:
            rss[key].append(s.rss_mib)
        if key in tree:
            tree[key].append(s.tree_mib)

    matched = [f"--steps-per-execution={spe}", f"--jit-compile={jit}"]
    matched += ["--tf-data"] if tf_data else []
    matched += ["--no-autotune"] if tf_data and not autotune else []
    for i in range(repeats):
        for step in abba(
            i,
            [
                lambda i=i: dl_off(i),
                lambda: baseline("B", matched),
                lambda i=i: dl_on(i, "C"),
                lambda: baseline("D", []),
                lambda i=i: dl_on(i, "E"),
            ],
        ):
            step()

    # dlpipe's epoch times: each epoch's metrics are logged in one batch, stamped in ms.
    from mlflow.tracking import MlflowClient

    client = MlflowClient(uri)
    for key, ids in runs.items():
        for run_id in ids:
            stamps = [m.timestamp / 1000 for m in client.get_metric_history(run_id, "loss")]
            epochs_s[key].append(median(epoch_durations(sorted(stamps))))

    acc = {k: median(v) for k, v in accs.items()}
    lever = f"steps_per_execution={spe}, jit_compile={jit}, tf_data={str(tf_data).lower()}"
    lever += f", tf_data_autotune={str(autotune).lower()}"
    return [
        Row(
            "MLP overhead: whole command (penguins)",
            "s",
            walls["A"],
            walls["B"],
            target="≤ 1.03",
            note=f"{epochs} epochs, callbacks=none, tracking off, trainer.backup=false; baseline "
            f"with the same {lever}; test acc {acc['A']:.3f} vs {acc['B']:.3f}",
        ),
        Row(
            "MLP per-epoch training time",
            "ms",
            epochs_s["C"],
            epochs_s["B"],
            target="≈ 1",
            note="median of epochs 2..N; dlpipe (tracking on, backup off) read from MLflow "
            "epoch timestamps (stamped when measured), so it includes handing each epoch to the "
            "recorder process; baseline: clock callback",
        ),
        Row(
            "MLP resume backup (trainer.backup, default on) vs off",
            "s",
            walls["E"],
            walls["C"],
            target="(cost)",
            dlpipe_label="backup on",
            baseline_label="backup off",
            note="both dlpipe with tracking on; BackupAndRestore writes the training state "
            "every epoch",
        ),
        Row(
            "MLP faster defaults: per-epoch, dlpipe defaults vs naive Keras script",
            "ms",
            epochs_s["E"],
            epochs_s["D"],
            target="≤ 0.77 (≥ 1.3× faster)",
            note=f"dlpipe as shipped ({lever}, MLflow record + backup every epoch) vs Keras "
            f"defaults (NumPy arrays, steps_per_execution=1); test acc {acc['E']:.3f} vs "
            f"{acc['D']:.3f}",
        ),
        Row(
            "MLP faster defaults: whole command vs naive Keras script",
            "s",
            walls["A"],
            walls["D"],
            target="< 1",
            note="dlpipe tracking off, backup off; start-up (imports) is most of it at this size",
        ),
        Row(
            "MLP peak memory (max RSS)",
            "MiB",
            rss["A"],
            rss["B"],
            target="≈ 1",
            note="tracking off",
        ),
        Row(
            "MLP peak memory of the whole process tree, tracking on",
            "MiB",
            tree["C"],
            tree["B"],
            target="≤ 1.1",
            note="every process of the run summed (PSS, sampled every 50 ms): the MLflow "
            "recorder process counts; dlpipe with the complete record, backup off",
        ),
    ]


def mlp_tracking_rows(repeats: int, epochs: int) -> list[Row]:
    """MLflow tracking on vs off for the default experiment, and on without the two MLflow
    models, in rounds of their own (rows of their own: ``--rows tracking --repeats 20``
    measures them alone, more tightly)."""
    work = fresh("tracking-mlp")
    uri = ready_store(work)
    command = [*DLPIPE, "callbacks=none", f"trainer.epochs={epochs}", "trainer.backup=false"]
    pairs = tracking_pairs(command, uri, work, repeats, ("on", "no models", "off"))
    off = [s.wall for s in pairs["off"]]
    return [
        Row(
            "MLP tracking overhead (MLflow on vs off)",
            "s",
            [s.wall for s in pairs["on"]],
            [s.wall for s in pairs["off"]],
            target="≤ 1.02",
            dlpipe_label="tracking on",
            baseline_label="tracking off",
            per_run=True,
            note=f"penguins, {epochs} epochs, callbacks=none; both dlpipe, backup off, in rounds "
            "of their own; baseline column = tracking.enabled=false; the record is written "
            "by the recorder process beside the training; "
            + cpu_note([s.cpu for s in pairs["on"]], [s.cpu for s in pairs["off"]]),
        ),
        Row(
            "MLP tracking overhead without the MLflow models (tracking.log_model=false)",
            "s",
            [s.wall for s in pairs["no models"]],
            off,
            target="(what the models cost)",
            dlpipe_label="tracking on, no models",
            baseline_label="tracking off",
            per_run=True,
            note="the same rounds as the row above (on, no models, off, in turn): the rest of "
            "the record (MLflow's import and store, params, metrics, tags, plots, files); "
            + cpu_note([s.cpu for s in pairs["no models"]], [s.cpu for s in pairs["off"]]),
        ),
    ]


def shipped_tracking_rows(repeats: int) -> list[Row]:
    """The default run exactly as shipped (`python -m dlpipe`: early stopping, the best
    checkpoint, the backup, both MLflow models), tracking on vs off: what the record costs
    the run a new user makes first (target: at most +0.5 s a run)."""
    work = fresh("tracking-shipped")
    uri = ready_store(work)
    pairs = tracking_pairs([*DLPIPE], uri, work, repeats)
    on, off = [s.wall for s in pairs["on"]], [s.wall for s in pairs["off"]]
    return [
        Row(
            "default run as shipped: tracking overhead (MLflow on vs off)",
            "s",
            on,
            off,
            target="≤ +0.5 s a run",
            dlpipe_label="tracking on",
            baseline_label="tracking off",
            per_run=True,
            note="`python -m dlpipe` with nothing changed (early stopping within 200 epochs,"
            " checkpoint and backup on) against the same with tracking.enabled=false, in"
            " rounds of their own; "
            + cpu_note([s.cpu for s in pairs["on"]], [s.cpu for s in pairs["off"]]),
        )
    ]


# --------------------------------------------------------------------------- CNN (images)


def cnn_rows(repeats: int, epochs: int, limit: int, data: str) -> list[Row]:
    """The MNIST-style CNN (model=cnn) on images: overhead, per-epoch, tracking, memory."""
    t = trainer_defaults()
    spe, jit = int(t["steps_per_execution"]), str(t["jit_compile"]).lower()
    tf_data = bool(t.get("tf_data", False))
    work = fresh("cnn")
    uri = ready_store(work)
    common = [f"data={data}", "model=cnn", "callbacks=none", f"trainer.epochs={epochs}"]
    common += [f"data.limit={limit}", "trainer.backup=false"]
    common += [f"data.path={FASHION}", "data.download=false"] if data == "fashion_mnist" else []
    base = [
        PYTHON,
        str(BASELINES / "cnn.py"),
        f"--data={data}",
        f"--epochs={epochs}",
        f"--limit={limit}",
        f"--steps-per-execution={spe}",
        f"--jit-compile={jit}",
        *(["--tf-data"] if tf_data else []),
        *(["--no-autotune"] if tf_data and not t.get("tf_data_autotune", True) else []),
    ]
    walls: dict[str, list[float]] = {k: [] for k in "ABC"}
    epochs_s: dict[str, list[float]] = {k: [] for k in "BC"}
    accs: dict[str, list[float]] = {k: [] for k in "ABC"}
    rss: dict[str, list[float]] = {k: [] for k in "AB"}
    cpus: dict[str, list[float]] = {k: [] for k in "AC"}
    stalls: dict[str, list[float]] = {k: [] for k in "ABC"}
    runs: list[str] = []

    def dl(i: int, on: bool) -> None:
        key = "C" if on else "A"
        extra = (
            [f"tracking.uri={uri}", "tracking.experiment=bench"]
            if on
            else ["tracking.enabled=false"]
        )
        s = timed([*DLPIPE, *common, *extra, f"hydra.run.dir={work}/{key}{i}"])
        walls[key].append(s.wall)
        cpus[key].append(s.cpu)
        stalls[key].append(s.stalled)
        accs[key].append(float(TEST_ACC.search(s.out).group(1)))
        if on:
            runs.append(RUN_ID.search(s.out).group(1))
        else:
            rss["A"].append(s.rss_mib)

    def baseline() -> None:
        s = timed([*base, f"--out={work}/B"])
        result = last_json(s.out)
        walls["B"].append(s.wall)
        stalls["B"].append(s.stalled)
        rss["B"].append(s.rss_mib)
        epochs_s["B"].append(median(epoch_durations(result["epoch_ends"])))
        accs["B"].append(result["test"]["accuracy"])

    for i in range(repeats):
        for step in abba(i, [lambda i=i: dl(i, False), baseline, lambda i=i: dl(i, True)]):
            step()

    from mlflow.tracking import MlflowClient

    client = MlflowClient(uri)
    for run_id in runs:
        stamps = [m.timestamp / 1000 for m in client.get_metric_history(run_id, "loss")]
        epochs_s["C"].append(median(epoch_durations(sorted(stamps))))
    acc = {k: median(v) for k, v in accs.items()}
    what = f"data={data} data.limit={limit}, {epochs} epochs"
    return [
        Row(
            "CNN overhead: whole command",
            "s",
            walls["A"],
            walls["B"],
            target="≤ 1.03",
            note=f"{what}, callbacks=none, tracking off, backup off; test acc {acc['A']:.3f} "
            f"vs {acc['B']:.3f}; " + stall_note(walls["A"], stalls["A"], walls["B"], stalls["B"]),
        ),
        Row(
            "CNN per-epoch training time",
            "s",
            epochs_s["C"],
            epochs_s["B"],
            target="≈ 1",
            note="median of epochs 2..N (dlpipe from MLflow epoch timestamps)",
        ),
        Row(
            "CNN tracking overhead (MLflow on vs off)",
            "s",
            walls["C"],
            walls["A"],
            target="≤ 1.02",
            dlpipe_label="tracking on",
            baseline_label="tracking off",
            per_run=True,
            note="both dlpipe; the record is written by the recorder process beside the training; "
            + cpu_note(cpus["C"], cpus["A"])
            + "; "
            + stall_note(walls["C"], stalls["C"], walls["A"], stalls["A"]),
        ),
        Row(
            "CNN peak memory (max RSS)",
            "MiB",
            rss["A"],
            rss["B"],
            target="≈ 1",
            note="tracking off",
        ),
    ]


def long_tracking_rows(repeats: int, epochs: int, limit: int | None) -> list[Row]:
    """MLflow tracking on vs off for a run of real length: the CNN on Fashion-MNIST."""
    work = fresh("tracking-long")
    uri = ready_store(work)
    common = ["data=fashion_mnist", "model=cnn", "callbacks=none", f"trainer.epochs={epochs}"]
    common += [f"data.path={FASHION}", "data.download=false", "trainer.backup=false"]
    common += [f"data.limit={limit}"] if limit else []
    row = Row(
        "CNN tracking overhead, a longer run ("
        + (f"data.limit={limit:,}" if limit else "all of Fashion-MNIST: 60,000 + 10,000 images")
        + f", {epochs} epochs)",
        "s",
        target="≤ 1.02",
        dlpipe_label="tracking on",
        baseline_label="tracking off",
        per_run=True,
        note="both dlpipe, data=fashion_mnist model=cnn; the record (plots and models "
        "included) is written by the recorder process beside the training",
    )
    seen = tracking_pairs([*DLPIPE, *common], uri, work, repeats)
    row.dlpipe, row.baseline = [s.wall for s in seen["on"]], [s.wall for s in seen["off"]]
    row.note += "; " + cpu_note([s.cpu for s in seen["on"]], [s.cpu for s in seen["off"]])
    row.note += "; " + stall_note(
        row.dlpipe, [s.stalled for s in seen["on"]], row.baseline, [s.stalled for s in seen["off"]]
    )
    return [row]


# --------------------------------------------------------------------------- preprocessing


def preprocess_rows(repeats: int, rows: int) -> list[Row]:
    """A generated CSV through read + dropna + replace + one-hot + scaling."""
    script = REPO / "bench" / "preprocess_bench.py"
    result = last_json(timed([PYTHON, str(script), f"--rows={rows}", f"--repeats={repeats}"]).out)
    ours, theirs, n = result["dlpipe"], result["baseline"], result["rows"]
    return [
        Row(
            f"Preprocessing throughput ({n:,} rows)",
            "rows/s",
            ours,
            theirs,
            target="≥ 0.8 (higher is better)",
            baseline_label="pandas + scikit-learn",
            note="in one fresh process: read_table + apply_row_steps + kinds + fit_tabular/"
            "transform vs read_csv + dropna + map + ColumnTransformer with SimpleImputers",
        )
    ]


# --------------------------------------------------------------------------- sweeps


def sweep_rows(repeats: int, jobs: int, epochs: int) -> list[Row]:
    """``-m`` over ``jobs`` learning rates: the parallel (joblib) launcher vs sequential."""
    work = fresh("sweep")
    rates = ",".join(f"{0.001 * (k + 1):g}" for k in range(jobs))
    common = [
        "-m",
        f"optimizer.learning_rate={rates}",
        "callbacks=none",
        f"trainer.epochs={epochs}",
        f"tracking.uri={ready_store(work)}",
        "tracking.experiment=bench-sweep",
    ]
    row = Row(
        f"Sweep throughput: {jobs} jobs, joblib launcher (2 workers) vs sequential",
        "s",
        target="< 1",
        dlpipe_label="hydra/launcher=joblib",
        baseline_label="basic launcher (sequential)",
        note=f"penguins MLP, {epochs} epochs per job, tracking on; both dlpipe -m. The basic "
        "launcher runs every job in one process (TensorFlow imported once); joblib starts "
        "worker processes that each import it",
    )
    for i in range(repeats):
        for step in abba(
            i,
            [
                lambda i=i: row.dlpipe.append(
                    timed(
                        [
                            *DLPIPE,
                            *common,
                            "hydra/launcher=joblib",
                            "hydra.launcher.n_jobs=2",
                            f"hydra.sweep.dir={work}/par{i}",
                        ]
                    ).wall
                ),
                lambda i=i: row.baseline.append(
                    timed([*DLPIPE, *common, f"hydra.sweep.dir={work}/seq{i}"]).wall
                ),
            ],
        ):
            step()
    return [row]


# --------------------------------------------------------------------------- main


ALL = ("startup", "mlp", "tracking", "preprocess", "cnn", "tracking-long", "sweep")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller sizes")
    parser.add_argument("--rows", default=",".join(ALL), help=f"comma list of {ALL}")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--cnn-data", default="fashion_mnist")
    parser.add_argument("--out", default=None, help="default: bench/results[-quick].md")
    args = parser.parse_args(argv)
    q = args.quick
    # dlpipe's modules as an install has them (byte-compiled): a checkout run with
    # PYTHONDONTWRITEBYTECODE set would otherwise compile them in every timed process.
    compileall.compile_dir(str(REPO / "src"), quiet=1)
    args.out = args.out or str(REPO / "bench" / ("results-quick.md" if q else "results.md"))
    repeats = args.repeats or (2 if q else 5)
    wanted = [r.strip() for r in args.rows.split(",") if r.strip()]
    started = datetime.now(UTC)
    info = machine()
    rows: list[Row] = []
    skipped: list[str] = []
    for name in wanted:
        t0 = time.perf_counter()
        print(f"[bench] {name} …", flush=True)
        try:
            if name == "startup":
                rows += startup_rows(repeats if q else repeats + 1)
            elif name == "mlp":
                rows += mlp_rows(repeats, epochs=10 if q else 30)
            elif name == "tracking":
                rows += mlp_tracking_rows(repeats, epochs=10 if q else 30)
                rows += shipped_tracking_rows(repeats)
            elif name == "preprocess":
                rows += preprocess_rows(repeats, rows=200_000 if q else 1_000_000)
            elif name == "cnn":
                rows += cnn_rows(
                    max(2, repeats - 2),
                    epochs=2 if q else 3,
                    limit=2000 if q else 10000,
                    data=args.cnn_data,
                )
            elif name == "tracking-long":
                rows += long_tracking_rows(
                    max(2, repeats - 2), epochs=2 if q else 3, limit=5000 if q else None
                )
            elif name == "sweep":
                rows += sweep_rows(max(1, repeats // 2), jobs=4 if q else 8, epochs=5 if q else 30)
            else:
                parser.error(f"unknown row {name!r}")
        except RuntimeError as exc:  # a side failed: report it, do not invent a figure
            first = str(exc).strip().splitlines()
            skipped.append(f"{name}: not measured — {first[0]} … {first[-1]}")
            print(f"[bench] {name} FAILED:\n{str(exc)[-1500:]}", file=sys.stderr)
        print(f"[bench] {name} done in {time.perf_counter() - t0:.0f} s", flush=True)
    text = report(rows, skipped, info, started, argv if argv is not None else sys.argv[1:])
    print("\n" + text)
    Path(args.out).write_text(text)
    print(f"\n[bench] written to {args.out}")
    return 0


def report(
    rows: list[Row], skipped: list[str], info: dict, started: datetime, argv: list[str]
) -> str:
    """The results file: header (machine, versions, load, command) + the table."""
    end_load = machine()["load"]
    lines = [
        "# dlpipe benchmark results",
        "",
        f"- date: {started:%Y-%m-%d %H:%M} UTC",
        f"- command: `{' '.join(['python bench/run.py', *argv])}`",
        f"- machine: {info['cpu']}; Python {info['python']}",
        f"- versions: {info['versions']}",
        f"- load average (1/5/15 min) at start: {info['load']}; at end: {end_load}",
        "- each row: dlpipe and its baseline run in this same invocation, alternating; "
        "figures are medians; ratio = dlpipe / baseline",
        "",
        table(rows),
    ]
    if skipped:
        lines += ["", "Not measured:", *[f"- {s}" for s in skipped]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
