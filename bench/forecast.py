"""How well dlpipe forecasts a short trending, seasonal monthly series with its defaults,
against the naive forecasts and a linear model on the same windows.

    python bench/forecast.py                # bench/results-forecast.md
    python bench/forecast.py --set data.series.difference=none --out /tmp/f.md

dlpipe runs as a user runs it: ``python -m dlpipe data=series data.path=<csv>
data.target=passengers data.series.time_column=month`` (tracking off). The series are
dlpipe's embedded ``monthly_passengers`` (generated like the classic airline passengers:
144 months, ~13 % growth a year, a summer peak that grows with the level, 3 % noise; three
seeds), written to CSV files as a user would have them.
Baselines on the same test months: the last value (dlpipe's own ``test_naive_*``), the
value a year before, and Ridge on the window's changes (dlpipe's own windows, fitted on
its training part).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, WORK, dlpipe_output, machine, results_header

from dlpipe.data.builtin import monthly_passengers

FIGURE = re.compile(r"test_mae_original=([0-9.]+) \(naive ([0-9.]+)\)")
DATA = ["data=series", "data.target=passengers", "data.series.time_column=month"]


def dlpipe_figure(path: Path, extra: list[str]) -> tuple[float, float, str]:
    """(test MAE in passengers, the naive last value's, the data line dlpipe printed)."""
    text = dlpipe_output([*DATA, f"data.path={path}", *extra], path)
    found = FIGURE.search(text)
    if found is None:
        raise SystemExit(f"dlpipe printed no figure for {path}:\n{text[-3000:]}")
    data_line = next(line for line in text.splitlines() if line.startswith("data: "))
    return float(found.group(1)), float(found.group(2)), data_line


def baselines(path: Path, extra: list[str]) -> dict[str, float]:
    """Seasonal naive and Ridge on dlpipe's own windows and test months."""
    from sklearn.linear_model import Ridge

    from dlpipe.config import compose, validate
    from dlpipe.config.plain import to_dict
    from dlpipe.data.series import read_series
    from dlpipe.data.split import chronological
    from dlpipe.preprocess.series import fit_series

    cfg = validate(compose([*DATA, f"data.path={path}", *extra]))
    frame = read_series(cfg.data)
    cuts = chronological(len(frame), cfg.data.split)
    settings = to_dict(cfg.data.series, resolve=True)
    prep = fit_series(settings, frame.iloc[cuts[0]], "passengers")
    levels = frame["passengers"].to_numpy(dtype="float64")
    train_ends = prep.ends(cuts[0].stop, True, range(cuts[0].stop))
    test_rows = range(cuts[2].start, cuts[2].stop)
    test_ends = prep.ends(len(frame), True, test_rows)
    truth = levels[test_ends + prep.horizon]
    ridge = Ridge().fit(
        prep.windows(frame, train_ends).reshape(len(train_ends), -1),
        prep.scaled_targets(frame, train_ends),
    )
    predicted = ridge.predict(prep.windows(frame, test_ends).reshape(len(test_ends), -1))
    linear = prep.decode(predicted, prep.anchors(levels, test_ends))
    seasonal = levels[test_ends + prep.horizon - 12]
    return {
        "seasonal": float(np.mean(np.abs(seasonal - truth))),
        "ridge": float(np.mean(np.abs(linear - truth))),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--out", default=str(REPO / "bench" / "results-forecast.md"))
    parser.add_argument("--set", nargs="*", default=[], help="overrides for dlpipe's side")
    args = parser.parse_args()
    info = machine()
    folder = WORK / "forecast"
    folder.mkdir(parents=True, exist_ok=True)
    rows, line = [], ""
    for seed in range(args.seeds):
        path = folder / f"passengers-{seed}.csv"
        monthly_passengers(seed=seed).to_csv(path, index=False)
        ours, naive, line = dlpipe_figure(path, args.set)
        base = baselines(path, args.set)
        rows.append(
            f"| {seed} | {ours:.1f} | {naive:.1f} | {ours / naive:.2f} | {base['seasonal']:.1f} |"
            f" {base['ridge']:.1f} | {'yes' if ours < naive else '**no**'} |"
        )
        print(rows[-1], flush=True)
    text = "\n".join(
        [
            *results_header(
                "Forecasting a short trending, seasonal monthly series with the defaults",
                "python bench/forecast.py" + (f" --set {' '.join(args.set)}" if args.set else ""),
                info,
            ),
            "- series: 144 generated months like the airline passengers (growth ~13 %/year,"
            " a summer peak growing with the level, 3 % noise), one per seed",
            f"- dlpipe: `python -m dlpipe {' '.join(DATA)} data.path=<csv>`, tracking off;"
            f" it printed: `{line}`",
            "- figures: test MAE in passengers on the last 15 % of months; naive = the last"
            " value (dlpipe's `test_naive_mae_original`); a year before = the value 12 months"
            " earlier; Ridge = a linear model on dlpipe's own windows of changes",
            "- goal (issue 36 point 8): beat the naive last value with the defaults",
            "",
            "| seed | dlpipe | naive | dlpipe / naive | a year before | Ridge | beats naive |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    )
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"[forecast] written to {args.out}")


if __name__ == "__main__":
    main()
