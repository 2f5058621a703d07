"""The comparison plot of `dlpipe compare plot=…`."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from dlpipe.track import plots
from dlpipe.track.compare import comparison_plot, fitted_table, text_width


def test_run_names_no_font_here_can_draw_are_shown_as_run_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plots, "FALLBACK_FONTS", ())  # as on a machine without a Korean font
    table = pd.DataFrame(
        {"run": ["실험 1", "baseline"], "id": ["0123abcd", "4567ef01"], "test_loss": [0.2, 0.3]}
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = comparison_plot(table, "test_loss", tmp_path / "compare.png")
    assert path.read_bytes()[:4] == b"\x89PNG"
    assert not [w for w in caught if "missing from font" in str(w.message)]


def wide_table() -> tuple[pd.DataFrame, list[str]]:
    """Twelve runs of a sweep over long keys and values, with six metrics."""
    params = ["optimizer.learning_rate", "trainer.batch_size", "model.layers", "data.split.test"]
    rows = []
    for i in range(12):
        rows.append(
            {
                "run": f"learning_rate=0.0{i} batch_size={16 * (i % 3 + 1)} · job {i}",
                "id": f"{i:08x}",
                "status": "FINISHED",
                "optimizer.learning_rate": f"0.0{i}",
                "trainer.batch_size": str(16 * (i % 3 + 1)),
                "model.layers": "Dense(units=32, activation=relu), Dropout(rate=0.2), " * 3,
                "data.split.test": "0.2",
                "test_accuracy": 0.5 + i / 100,
                **{f"test_metric_{k}": k / 10 for k in range(4)},
                "objective": 0.3,
            }
        )
    return pd.DataFrame(rows), params


def test_the_printed_table_fits_a_100_column_terminal() -> None:
    table, params = wide_table()
    assert text_width(table) > 300  # as it was printed before
    shown, left_out = fitted_table(table, "test_accuracy", params, 100)
    assert text_width(shown) <= 100
    assert list(shown.columns[:4]) == ["run", "id", "status", "test_accuracy"]
    assert "learning_rate" in shown.columns  # short names, the swept ones first
    assert left_out == len(table.columns) - len(shown.columns)
    assert shown["run"].str.len().max() <= 40


def test_a_wide_terminal_shows_every_column_with_short_names_and_cut_values() -> None:
    table, params = wide_table()
    shown, left_out = fitted_table(table, "test_accuracy", params, 400)
    assert left_out == 0
    assert list(shown.columns) == [
        "run", "id", "status", "test_accuracy",
        "learning_rate", "batch_size", "layers", "test",
        "test_metric_0", "test_metric_1", "test_metric_2", "test_metric_3", "objective",
    ]  # fmt: skip
    assert shown["layers"].str.len().max() == 16 and shown["layers"][0].endswith("…")
