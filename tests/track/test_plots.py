"""The run's PNG plots: drawn from a history or test outputs, nothing cut off."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from dlpipe.track import plots

HISTORIES = {
    "small values": {"loss": [3e-6, 2e-6, 1.5e-6], "val_loss": [4e-6, 3e-6, 2.5e-6]},
    "large values": {"loss": [9.5e7, 4.2e7, 1.1e7], "val_loss": [9.9e7, 5e7, 2e7]},
    "negative, many epochs": {"loss": list(-np.logspace(0, 3, 200)), "val_loss": [-1.0] * 200},
    "one epoch": {"accuracy": [0.5]},
    "long name": {"sparse_top_k_categorical_accuracy": [0.1, 0.9, 0.99]},
    "ints near 10k": {"mean_squared_error": [12345.0, 9876.5, 8765.4]},
    "six-digit ticks": {"loss": [123456.0, 100001.0]},
    "long decimal ticks": {"loss": [-0.0012, -0.0011, -0.00105]},
}


@pytest.mark.parametrize("history", HISTORIES.values(), ids=HISTORIES.keys())
def test_learning_curve_fits_its_canvas(history: dict[str, list[float]]) -> None:
    """Fixed margins for the usual tick labels, the layout pass for longer ones."""
    plt = plots._pyplot()
    name = next(k for k in history if not k.startswith("val_"))
    fig = plots.curve_figure(plt, name, history)
    try:
        fig.canvas.draw()
        drawn = fig.get_tightbbox(fig.canvas.get_renderer())  # inches, every artist
        canvas = fig.bbox_inches
        assert drawn.x0 >= canvas.x0 and drawn.y0 >= canvas.y0
        assert drawn.x1 <= canvas.x1 and drawn.y1 <= canvas.y1
    finally:
        plt.close(fig)


def test_draw_writes_one_curve_per_metric_and_the_classification_plots(tmp_path: Path) -> None:
    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.6], "accuracy": [0.4, 0.8]}
    history |= {"val_accuracy": [0.3, 0.7], "learning_rate": [0.01, 0.01]}
    record = plots.PlotRecord(
        tmp_path / "plots",
        task="multiclass",
        y_true=np.array([0, 1, 2, 2]),
        scores=np.eye(3)[[0, 1, 1, 2]],
        classes=["Adelie", "Chinstrap", "Gentoo"],
        history=history,
    )
    written = plots.draw(record)
    names = sorted(p.name for p in written)
    assert names == [
        "classification_report.txt",
        "confusion_matrix.png",
        "learning_curve_accuracy.png",
        "learning_curve_loss.png",
    ]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in written if p.suffix == ".png")
    assert "Chinstrap" in (tmp_path / "plots" / "classification_report.txt").read_text()


def test_fixed_title_position_draws_the_same_pixels_as_matplotlibs_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Titles at TITLE_Y skip matplotlib's title placement; nothing above our axes moves
    them, so every plot is the same image either way."""
    record = plots.PlotRecord(
        tmp_path,
        task="multiclass",
        y_true=np.array([0, 1, 2, 2]),
        scores=np.eye(3)[[0, 1, 1, 2]],
        classes=["Adelie", "Chinstrap", "a rather long class name"],
        history={"loss": [1.0, 0.5], "val_loss": [1.1, 0.6], "accuracy": [0.4, 0.8]},
    )
    regression = plots.PlotRecord(
        tmp_path,
        task="regression",
        y_true=np.array([1.0, 2.0, 3.0]),
        scores=np.array([1.1, 2.2, 2.7]),
    )

    def images() -> dict[str, bytes]:
        written = plots.draw(record) + plots.draw(regression)
        return {p.name: p.read_bytes() for p in written if p.suffix == ".png"}

    fixed = images()
    monkeypatch.setattr(plots, "TITLE_Y", None)  # matplotlib places the titles
    assert images() == fixed
    assert len(fixed) == 4


CLASSIFICATIONS = {
    "penguins": ([0, 1, 2, 2], [0, 1, 1, 2], ["Adelie", "Chinstrap", "Gentoo"]),
    "a class never true, one never predicted": (
        [0, 1, 2, 2, 0],
        [0, 1, 1, 1, 1],
        ["a", "b", "c", "a rather long class name"],
    ),
    "binary, all wrong": ([0, 0, 1], [1, 1, 0], ["no", "yes"]),
    "random, ten classes": (
        list(np.random.default_rng(0).integers(0, 10, 500)),
        list(np.random.default_rng(1).integers(0, 10, 500)),
        [f"class {i}" for i in range(10)],
    ),
}


@pytest.mark.parametrize("case", CLASSIFICATIONS.values(), ids=CLASSIFICATIONS.keys())
def test_confusion_matrix_and_report_are_scikit_learns(case: tuple) -> None:
    from sklearn.metrics import classification_report, confusion_matrix

    truth, predicted, names = np.array(case[0]), np.array(case[1]), case[2]
    labels = list(range(len(names)))
    matrix = plots.confusion_counts(truth, predicted, len(names))
    assert matrix.tolist() == confusion_matrix(truth, predicted, labels=labels).tolist()
    expected = classification_report(
        truth, predicted, labels=labels, target_names=names, zero_division=0
    )
    # (scikit-learn prints the support as a float in some binary cases: "2.0" for 2)
    expected = "\n".join(
        line[:-9] + f"{int(float(line[-9:])):>9}" if line.endswith(".0") else line
        for line in expected.split("\n")
    )
    assert plots.class_report(matrix, names) == expected


def _glyph_warnings(record: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in record if "missing from font" in str(w.message)]


def test_class_names_no_font_here_can_draw_become_numbers_with_a_key_in_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Korean class names on a machine without a Korean font: no boxes, no warnings."""
    monkeypatch.setattr(plots, "FALLBACK_FONTS", ())  # as on a machine with none installed
    names = ["아델리", "턱끈", "젠투"]
    with pytest.raises(LookupError):
        plots.label_fonts(names)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plots.classification_plots(np.array([0, 1, 2]), np.array([0, 1, 1]), names, tmp_path)
    assert _glyph_warnings(caught) == []
    report = (tmp_path / "classification_report.txt").read_text(encoding="utf-8")
    assert "     아델리" in report  # the report keeps the names
    assert report.endswith("0 = 아델리\n1 = 턱끈\n2 = 젠투\n")


def test_class_names_are_drawn_with_an_installed_font_that_has_their_glyphs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name with a glyph matplotlib's font lacks (here ⌒, which its bundled DejaVu Sans
    Mono has, standing in for a Hangul font) is drawn with that font, as it is."""
    names = ["a⌒b", "plain"]
    monkeypatch.setattr(plots, "FALLBACK_FONTS", ())
    with pytest.raises(LookupError):
        plots.label_fonts(names)
    monkeypatch.setattr(plots, "FALLBACK_FONTS", ("Not Installed", "DejaVu Sans Mono"))
    assert plots.label_fonts(names) == ["sans-serif", "DejaVu Sans Mono"]
    assert plots.label_fonts(["Adelie", "кошка"]) is None  # the default font has these
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plots.classification_plots(np.array([0, 1]), np.array([0, 0]), names, tmp_path)
    assert _glyph_warnings(caught) == []
    report = (tmp_path / "classification_report.txt").read_text(encoding="utf-8")
    assert "a⌒b" in report and "by number" not in report
