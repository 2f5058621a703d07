"""Preprocessing throughput: dlpipe's own data/preprocess functions vs plain pandas + sklearn.

Both sides read the same generated CSV and do the same work: read, dropna, replace
(sex → 1/0), one-hot (island), MinMax scaling of the numeric columns, each behind an
imputer (median for numbers, most frequent for categories: what dlpipe fits by default,
so that a gap in a later row gets a value), fitted on all rows and applied to all rows.
dlpipe also decides each column's kind and looks for unusable columns. Run in one
process, alternating, so both see the same machine.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

COLUMNS = ["species", "island", "a", "b", "c", "d", "sex"]


def generate_csv(path: Path, rows: int, seed: int = 0) -> Path:
    """A penguins-shaped CSV with ``rows`` rows and ~1% missing values (written once)."""
    import pandas as pd

    if path.is_file() and path.stat().st_size > 0:
        return path
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "species": rng.choice(["Adelie", "Chinstrap", "Gentoo"], rows),
            "island": rng.choice(["Biscoe", "Dream", "Torgersen"], rows),
            "a": rng.normal(44, 5, rows).round(1),
            "b": rng.normal(17, 2, rows).round(1),
            "c": rng.normal(200, 14, rows).round(0),
            "d": rng.normal(4200, 800, rows).round(0),
            "sex": rng.choice(["male", "female"], rows),
        }
    )
    for column in ("a", "sex"):
        frame.loc[rng.random(rows) < 0.005, column] = None
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    frame.to_csv(tmp, index=False)
    tmp.rename(path)
    return path


def with_dlpipe(path: Path) -> tuple[int, int]:
    """dlpipe's own functions, from a config shaped like conf/data/*.yaml."""
    from omegaconf import OmegaConf

    from dlpipe.data import read_table
    from dlpipe.preprocess import apply_row_steps, fit_tabular

    data = OmegaConf.create(
        {
            "path": str(path),
            "builtin": None,
            "sep": ",",
            "encoding": "utf-8",
            "columns": None,
            "limit": None,
            "preprocess": {
                "dropna": {"subset": None},
                "replace": {"sex": {"male": 1, "female": 0}},
                "onehot": ["island"],
                "scale": {"method": "minmax", "columns": None},
            },
        }
    )
    frame = apply_row_steps(read_table(data), data.preprocess)
    prep = fit_tabular(data.preprocess, frame, "species", "multiclass", False)
    x = prep.transform(frame)
    y = prep.encode_target(frame["species"])
    return x.shape[0], x.shape[1] + int(y.ndim)


def with_pandas(path: Path) -> tuple[int, int]:
    """What a user writes by hand: pandas + a scikit-learn ColumnTransformer."""
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MinMaxScaler, OneHotEncoder

    df = pd.read_csv(path)
    df = df.dropna()
    df["sex"] = df["sex"].map({"male": 1, "female": 0})
    features = [c for c in df.columns if c != "species"]
    numeric = [c for c in features if c != "island"]
    prep = ColumnTransformer(
        [
            (
                "onehot",
                make_pipeline(
                    SimpleImputer(strategy="most_frequent"),
                    OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                ),
                ["island"],
            ),
            ("scale", make_pipeline(SimpleImputer(strategy="median"), MinMaxScaler()), numeric),
        ],
        remainder="passthrough",
    )
    x = prep.fit_transform(df[features]).astype("float32")
    classes = sorted(df["species"].unique())
    y = df["species"].map({c: i for i, c in enumerate(classes)}).to_numpy("int64")
    return x.shape[0], x.shape[1] + int(y.ndim)


def measure(path: Path, repeats: int) -> tuple[list[float], list[float], int]:
    """Rows per second for each side, alternating (ABBA) ``repeats`` times."""
    rows_in = sum(1 for _ in open(path)) - 1  # noqa: SIM115
    with_dlpipe(path)  # warm imports and the page cache for both
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(repeats):
        order = [(with_dlpipe, ours), (with_pandas, theirs)]
        for fn, into in order if i % 2 == 0 else reversed(order):
            start = time.perf_counter()
            shape = fn(path)
            into.append(rows_in / (time.perf_counter() - start))
        assert shape[0] > 0
    a, b = with_dlpipe(path), with_pandas(path)
    if a != b:
        raise AssertionError(f"the two sides disagree: dlpipe {a} vs pandas {b}")
    return ours, theirs, rows_in


def main() -> None:
    """``python bench/preprocess_bench.py --rows N --repeats R``: one JSON line of rates.

    run.py calls this in a fresh process, so neither side inherits the state (imports,
    memory) of the other benchmark rows.
    """
    import argparse
    import json

    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    path = generate_csv(here / "_work" / f"preprocess_{args.rows}.csv", args.rows)
    ours, theirs, n = measure(path, args.repeats)
    print(json.dumps({"dlpipe": ours, "baseline": theirs, "rows": n}))


if __name__ == "__main__":
    main()
