"""Which Keras/TensorFlow speed levers pay off on this machine? Measured, not guessed.

    python bench/levers.py --model mlp            # penguins MLP (the default experiment)
    python bench/levers.py --model cnn --limit 5000

Trains the same model (same data, seed, epochs) under each setting, in one process,
alternating the order each round, and reports the total fit time (compilation included),
the median epoch time (epochs 2..N) and the test accuracy. Thread settings must be fixed
before TensorFlow starts, so each thread setting runs in its own process (--threads).
Results: printed, and written to bench/levers-<model>.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import itertools

from common import REPO, env, machine

# name → (steps_per_execution, jit_compile, batch_size,
#         input: arrays | tfdata | tfdata+autotune | tfdata+cache)
SETTINGS: dict[str, tuple[int, str, int, str]] = {
    "keras defaults (arrays, spe=1, jit=auto→off on CPU)": (1, "auto", 32, "arrays"),
    "jit_compile=true": (1, "true", 32, "arrays"),
    "steps_per_execution=32": (32, "auto", 32, "arrays"),
    "steps_per_execution=32 + jit": (32, "true", 32, "arrays"),
    "tf.data as dlpipe builds it (trainer.tf_data=true)": (1, "auto", 32, "tfdata"),
    "tf.data, textbook (slices+cache+shuffle+prefetch)": (1, "auto", 32, "tfdata+cache"),
    "tf.data + spe=8": (8, "auto", 32, "tfdata"),
    "tf.data + spe=32": (32, "auto", 32, "tfdata"),
    "tf.data + spe=32, tf.data autotuning on (TensorFlow's default)": (
        32,
        "auto",
        32,
        "tfdata+autotune",
    ),
    "tf.data + spe=32 + jit": (32, "true", 32, "tfdata"),
    "tf.data textbook + spe=32": (32, "auto", 32, "tfdata+cache"),
    "batch_size=64 (arrays)": (1, "auto", 64, "arrays"),
    "batch_size=64 + tf.data + spe=32": (32, "auto", 64, "tfdata"),
}


def mlp_data() -> tuple:
    """The default experiment's arrays, prepared by dlpipe itself."""
    from dlpipe.config import compose, validate
    from dlpipe.preprocess.prepare import prepare

    prepared = prepare(validate(compose([])))
    return (
        (prepared.x["train"], prepared.y["train"]),
        (prepared.x["val"], prepared.y["val"]),
        (prepared.x["test"], prepared.y["test"]),
    )


def mlp_model(keras, shape):
    return keras.Sequential(
        [
            keras.Input(shape=shape),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dropout(0.1),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )


def cnn_data(limit: int) -> tuple:
    from baselines.cnn import load_fashion_mnist
    from sklearn.model_selection import train_test_split

    (x, y), test = load_fashion_mnist(limit)
    x_train, x_val, y_train, y_val = train_test_split(
        x, y, test_size=0.1, random_state=42, stratify=y
    )
    return (x_train, y_train), (x_val, y_val), test


def dataset(tf, x, y, batch: int, train: bool, source: str):
    """``tfdata``: dlpipe's own pipeline (train/inputs.py; ``+autotune``: with tf.data's
    autotuning on); ``+cache``: the textbook one."""
    if not source.endswith("cache"):
        from dlpipe.training.inputs import as_dataset

        return as_dataset(x, y, batch, shuffle=train, autotune=source.endswith("autotune"))
    ds = tf.data.Dataset.from_tensor_slices((x, y)).cache()
    if train:
        ds = ds.shuffle(len(x), seed=42, reshuffle_each_iteration=True)
    return ds.batch(batch).prefetch(tf.data.AUTOTUNE)


def trial(kind: str, data: tuple, setting: tuple, epochs: int) -> dict:
    """One seeded training run under one setting."""
    import keras
    import tensorflow as tf
    from baselines.cnn import build_cnn

    spe, jit, batch, source = setting
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = data
    keras.utils.set_random_seed(42)
    model = mlp_model(keras, x_train.shape[1:]) if kind == "mlp" else build_cnn(keras)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=spe,
        jit_compile={"auto": "auto", "true": True, "false": False}[jit],
    )
    ends: list[float] = []
    clock = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: ends.append(time.time()))
    start = time.time()
    if source != "arrays":
        model.fit(
            dataset(tf, x_train, y_train, batch, True, source),
            validation_data=dataset(tf, x_val, y_val, batch, False, source),
            epochs=epochs,
            callbacks=[clock],
            verbose=0,
        )
    else:
        model.fit(
            x_train,
            y_train,
            batch_size=batch,
            epochs=epochs,
            validation_data=(x_val, y_val),
            shuffle=True,
            callbacks=[clock],
            verbose=0,
        )
    fit_s = time.time() - start
    acc = model.evaluate(x_test, y_test, batch_size=batch, verbose=0, return_dict=True)["accuracy"]
    per_epoch = [b - a for a, b in itertools.pairwise(ends)]
    return {"fit_s": fit_s, "epoch_s": statistics.median(per_epoch), "acc": float(acc)}


def run_settings(args: argparse.Namespace) -> dict[str, list[dict]]:
    """All settings in this process (thread settings fixed at start), alternating order."""
    import tensorflow as tf

    if args.intra or args.inter:
        tf.config.threading.set_intra_op_parallelism_threads(args.intra)
        tf.config.threading.set_inter_op_parallelism_threads(args.inter)
    data = mlp_data() if args.model == "mlp" else cnn_data(args.limit)
    only = [o.strip() for o in args.only.split(";") if o.strip()]
    names = [
        n
        for n in SETTINGS
        if not only or n in only or any(o.endswith("*") and n.startswith(o[:-1]) for o in only)
    ]
    results: dict[str, list[dict]] = {n: [] for n in names}
    for r in range(args.repeats):
        for name in names if r % 2 == 0 else list(reversed(names)):
            results[name].append(trial(args.model, data, SETTINGS[name], args.epochs))
            print(f"  {name}: {results[name][-1]}", file=sys.stderr, flush=True)
    return results


def summarise(results: dict[str, list[dict]]) -> list[dict]:
    rows = []
    for name, trials in results.items():
        rows.append(
            {
                "setting": name,
                "fit_s": statistics.median(t["fit_s"] for t in trials),
                "epoch_s": statistics.median(t["epoch_s"] for t in trials),
                "acc": statistics.median(t["acc"] for t in trials),
                "n": len(trials),
            }
        )
    return rows


def markdown(title: str, blocks: list[tuple[str, list[dict]]], info: dict, cmd: str) -> str:
    lines = [
        f"# Speed levers: {title}",
        "",
        f"- command: `{cmd}`",
        f"- machine: {info['cpu']}; load at end: {info['load']}",
        f"- versions: {info['versions']}",
        "- fit = whole model.fit (tracing/XLA compilation included); epoch = median of "
        "epochs 2..N; speed-up = Keras-defaults epoch time / this setting's",
        "",
    ]
    for threads, rows in blocks:
        ref = rows[0]["epoch_s"]
        ref_fit = rows[0]["fit_s"]
        lines += [
            f"## threads: {threads}",
            "",
            "| setting | fit | epoch | speed-up (epoch) | speed-up (fit) | test accuracy | runs |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in rows:
            lines.append(
                f"| {r['setting']} | {r['fit_s']:.2f} s | {r['epoch_s'] * 1000:.1f} ms "
                f"| {ref / r['epoch_s']:.2f}× | {ref_fit / r['fit_s']:.2f}× | {r['acc']:.3f} | {r['n']} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--limit", type=int, default=5000, help="CNN: training images kept")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--only", default="", help="';'-separated setting names; 'name*' matches a beginning"
    )
    parser.add_argument(
        "--threads", default="default,1/1", help="comma list of intra/inter (or 'default')"
    )
    parser.add_argument("--out", default=None, help="default: bench/levers-<model>.md")
    parser.add_argument("--intra", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--inter", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.epochs = args.epochs or (30 if args.model == "mlp" else 3)
    if args.child:
        print(json.dumps(summarise(run_settings(args))))
        return 0
    blocks = []
    for threads in args.threads.split(","):
        intra, inter = (0, 0) if threads == "default" else map(int, threads.split("/"))
        cmd = [sys.executable, __file__, "--child", f"--intra={intra}", f"--inter={inter}"]
        cmd += [f"--model={args.model}", f"--epochs={args.epochs}", f"--limit={args.limit}"]
        cmd += [f"--repeats={args.repeats}", f"--only={args.only}"]
        print(f"[levers] threads {threads} …", flush=True)
        out = subprocess.run(cmd, env=env(), stdout=subprocess.PIPE, text=True, check=True)
        label = "TensorFlow default" if threads == "default" else f"intra={intra}, inter={inter}"
        blocks.append((label, json.loads(out.stdout.strip().splitlines()[-1])))
    what = (
        f"penguins MLP, {args.epochs} epochs"
        if args.model == "mlp"
        else f"Fashion-MNIST CNN, {args.limit} images, {args.epochs} epochs"
    )
    text = markdown(what, blocks, machine(), "python bench/levers.py " + " ".join(sys.argv[1:]))
    print(text)
    out_path = Path(args.out) if args.out else REPO / "bench" / f"levers-{args.model}.md"
    out_path.write_text(text)
    print(f"[levers] written to {out_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
