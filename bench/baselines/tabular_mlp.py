"""The default dlpipe run (Palmer Penguins + the dense MLP), written by hand in Keras.

Does exactly the work of ``python -m dlpipe callbacks=none tracking.enabled=false``:
read the embedded CSV, strip text cells, drop ``year``, dropna, map sex to 1/0, a seeded
stratified 6:2:2 split, one-hot ``island`` + MinMaxScaler fitted on train only, Dense 32
relu → Dropout 0.1 → Dense 16 relu → Dense 3 softmax, adam 1e-3,
sparse_categorical_crossentropy, fit, evaluate on test, save the model and the fitted
preprocessing. ``--steps-per-execution``/``--jit-compile`` default to Keras' own defaults
and ``--tf-data`` off (the "naive" script); pass dlpipe's values to compare like with like.

Prints one JSON line: test metrics and the wall-clock time at each epoch's end.
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=32)
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
    parser.add_argument("--out", default="bench/_work/baseline_mlp")
    args = parser.parse_args()

    from importlib import resources

    import joblib
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import MinMaxScaler, OneHotEncoder

    path = resources.files("palmerpenguins") / "data" / "penguins.csv"
    df = pd.read_csv(str(path))
    for col in df.select_dtypes(include=["object", "string"]).columns:
        df[col] = df[col].str.strip()
    df = df.drop(columns=["year"]).dropna()
    df["sex"] = df["sex"].map({"male": 1, "female": 0})

    rest, test = train_test_split(df, test_size=0.2, random_state=args.seed, stratify=df["species"])
    train, val = train_test_split(
        rest, test_size=0.25, random_state=args.seed, stratify=rest["species"]
    )
    features = [c for c in df.columns if c != "species"]
    numeric = [c for c in features if c != "island"]
    prep = ColumnTransformer(
        [
            ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False), ["island"]),
            ("scale", MinMaxScaler(), numeric),
        ],
        remainder="passthrough",
    )
    prep.fit(train[features])
    classes = sorted(train["species"].unique())
    index = {c: i for i, c in enumerate(classes)}

    def xy(part):
        x = prep.transform(part[features]).astype("float32")
        y = part["species"].map(index).to_numpy("int64")
        return x, y

    (x_train, y_train), (x_val, y_val), (x_test, y_test) = xy(train), xy(val), xy(test)

    import keras

    keras.utils.set_random_seed(args.seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(x_train.shape[1],)),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dropout(0.1),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(len(classes), activation="softmax"),
        ]
    )
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
    joblib.dump(prep, os.path.join(args.out, "preprocessor.joblib"))
    print(json.dumps({"test": result, "epoch_ends": ends}), file=sys.stdout)


if __name__ == "__main__":
    main()
