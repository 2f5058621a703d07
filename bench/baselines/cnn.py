"""The MNIST-style CNN on Fashion-MNIST, written by hand in Keras.

The same work as ``python -m dlpipe data=fashion_mnist model=cnn callbacks=none
tracking.enabled=false data.limit=N``: read the IDX files Keras' loader uses (from
/usr/share/datasets/fashion-mnist, Debian's ``dataset-fashion-mnist``), keep the first N
training and test images, scale by 1/255, a seeded stratified 9:1 train/val split of the
training images, the official test images as test, Input(28,28,1) → Conv2D(32,3,relu) → MaxPooling2D(2) →
Conv2D(64,3,relu) → MaxPooling2D(2) → Flatten → Dropout(0.5) → Dense(10, softmax),
adam 1e-3, sparse_categorical_crossentropy, fit, evaluate, save.

Prints one JSON line: test metrics and the wall-clock time at each epoch's end.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
FASHION = Path(os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))


def read_idx(path: Path) -> np.ndarray:
    """An IDX file (gzip) as a uint8 array: images (n, 28, 28) or labels (n,)."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_fashion_mnist(limit: int | None = None):
    """(x_train, y_train), (x_test, y_test) as float32 in [0, 1] with a channel axis."""
    x_train = read_idx(FASHION / "train-images-idx3-ubyte.gz")
    y_train = read_idx(FASHION / "train-labels-idx1-ubyte.gz")
    x_test = read_idx(FASHION / "t10k-images-idx3-ubyte.gz")
    y_test = read_idx(FASHION / "t10k-labels-idx1-ubyte.gz")
    if limit:  # like dlpipe's data.limit: the first N training and the first N test images
        x_train, y_train = x_train[:limit], y_train[:limit]
        x_test, y_test = x_test[:limit], y_test[:limit]
    scale = np.float32(1 / 255.0)
    return (
        (x_train[..., None].astype("float32") * scale, y_train.astype("int64")),
        (x_test[..., None].astype("float32") * scale, y_test.astype("int64")),
    )


def build_cnn(keras, input_shape=(28, 28, 1), classes: int = 10):
    """The users' MNIST CNN (34,826 parameters)."""
    return keras.Sequential(
        [
            keras.Input(shape=input_shape),
            keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(64, 3, activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(classes, activation="softmax"),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="fashion_mnist", choices=["fashion_mnist"])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--val", type=float, default=0.1, help="validation share of train")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--steps-per-execution", type=int, default=1)
    parser.add_argument("--jit-compile", default="auto", choices=["auto", "true", "false"])
    parser.add_argument(
        "--tf-data", action="store_true", help="feed fit a tf.data pipeline instead of arrays"
    )
    parser.add_argument(
        "--no-autotune",
        action="store_true",
        help="with --tf-data: tf.data's autotuning off (tf.data.Options().autotune.enabled)",
    )
    parser.add_argument("--out", default="bench/_work/baseline_cnn")
    args = parser.parse_args()

    from sklearn.model_selection import train_test_split

    (x, y), (x_test, y_test) = load_fashion_mnist(args.limit)
    x_train, x_val, y_train, y_val = train_test_split(
        x, y, test_size=args.val, random_state=args.seed, stratify=y
    )

    import keras

    keras.utils.set_random_seed(args.seed)
    model = build_cnn(keras)
    jit = {"auto": "auto", "true": True, "false": False}[args.jit_compile]
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=args.steps_per_execution,
        jit_compile=jit,
    )
    ends: list[float] = []
    clock = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: ends.append(time.time()))
    if args.tf_data:  # the textbook pipeline: slices → shuffle → batch → prefetch
        import tensorflow as tf

        def pipeline(x, y, shuffle):
            ds = tf.data.Dataset.from_tensor_slices((x, y))
            if shuffle:
                ds = ds.shuffle(len(x), reshuffle_each_iteration=True)
            ds = ds.batch(args.batch_size).prefetch(tf.data.AUTOTUNE)
            if args.no_autotune:
                options = tf.data.Options()
                options.autotune.enabled = False
                ds = ds.with_options(options)
            return ds

        model.fit(
            pipeline(x_train, y_train, True),
            epochs=args.epochs,
            validation_data=pipeline(x_val, y_val, False),
            callbacks=[clock],
            verbose=2,
        )
    else:
        model.fit(
            x_train,
            y_train,
            epochs=args.epochs,
            batch_size=args.batch_size,
            validation_data=(x_val, y_val),
            shuffle=True,
            callbacks=[clock],
            verbose=2,
        )
    result = model.evaluate(x_test, y_test, batch_size=args.batch_size, verbose=0, return_dict=True)
    os.makedirs(args.out, exist_ok=True)
    model.save(os.path.join(args.out, "model.keras"))
    print(json.dumps({"test": result, "epoch_ends": ends}), file=sys.stdout)


if __name__ == "__main__":
    main()
