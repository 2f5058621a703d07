"""PNG plots of a run: learning curves, confusion matrix and per-class report, or
predicted-vs-true for regression. Written with matplotlib's Agg backend (no display)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class PlotRecord:
    """What a run's plots are drawn from: the training history (learning curves) and/or
    the test split's labels and model outputs (confusion matrix, predicted vs true)."""

    folder: Path
    task: str | None = None
    y_true: np.ndarray | None = None
    scores: np.ndarray | None = None
    classes: list[Any] | None = None
    history: dict[str, list[float]] = field(default_factory=dict)


def draw(plots: PlotRecord) -> list[Path]:
    """Every plot the record has the data for, written into its folder."""
    folder = Path(plots.folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = learning_curves(plots.history, folder) if plots.history else []
    if plots.scores is not None and plots.y_true is not None and plots.task is not None:
        written += evaluation_plots(plots.task, plots.y_true, plots.scores, plots.classes, folder)
    return written


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def warm_up() -> None:
    """Draw a small figure with text into memory: matplotlib finds its fonts and sets up
    its renderer on the first figure a process draws (~0.1 s), before a run needs it."""
    import io

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1], [0, 1], marker="o", label="x")
    ax.set_title("warm-up")
    ax.legend()
    ax.text(0.5, 0.5, "0", ha="center")
    fig.tight_layout()
    fig.savefig(io.BytesIO(), dpi=20)
    plt.close(fig)


# Fonts with Hangul (and other CJK) glyphs on common systems (Linux font packages, macOS,
# Windows), tried after matplotlib's own font for the glyphs it lacks, so that class
# names in Korean are drawn wherever one of them is installed.
FALLBACK_FONTS = (
    "Noto Sans CJK KR",
    "NanumGothic",
    "Apple SD Gothic Neo",
    "AppleGothic",
    "Malgun Gothic",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
)


def label_fonts(texts: list[str]) -> list[str] | None:
    """The font families that draw every character of ``texts``: None for matplotlib's
    default (it has them all), else the default font followed by the installed
    FALLBACK_FONTS it needs; raises LookupError when no installed font has some of them
    (matplotlib would draw boxes, with a warning per character)."""
    if all(text.isascii() for text in texts):
        return None
    from matplotlib import font_manager

    needed = {ord(c) for text in texts for c in text}
    default = font_manager.findfont(font_manager.FontProperties())
    missing = needed - set(font_manager.get_font(default).get_charmap())
    if not missing:
        return None
    installed = {font.name: font.fname for font in font_manager.fontManager.ttflist}
    families = [font_manager.FontProperties().get_family()[0]]
    for name in (n for n in FALLBACK_FONTS if n in installed):
        covered = missing & set(font_manager.get_font(installed[name]).get_charmap())
        if covered:
            families.append(name)
            missing -= covered
    if missing:
        raise LookupError("".join(sorted(chr(c) for c in missing))[:10])
    return families


# Learning-curve margins (fractions of the 6 x 4 in figure), with room for y tick labels
# of up to CURVE_TICK_CHARS characters; longer ones get matplotlib's layout pass instead,
# which draws the figure once more (~40 % of its time). tests/track/test_plots.py checks
# that nothing is cut off either way.
CURVE_MARGINS = {"left": 0.14, "right": 0.97, "bottom": 0.12, "top": 0.91}
CURVE_TICK_CHARS = 6
# Titles sit at the top of the axes (plus matplotlib's pad). Left to matplotlib, each draw
# first works out whether anything above the axes pushes the title up (nothing does in
# these plots): same pixels, ~4 ms less per figure.
TITLE_Y = 1.0


def learning_curves(history: dict[str, list[float]], folder: Path) -> list[Path]:
    """One PNG per metric (loss, accuracy, …): train vs validation by epoch."""
    plt = _pyplot()
    written = []
    for name in [k for k in history if not k.startswith("val_") and k != "learning_rate"]:
        fig = curve_figure(plt, name, history)
        path = folder / f"learning_curve_{name}.png"
        fig.savefig(path, dpi=80)
        plt.close(fig)
        written.append(path)
    return written


def curve_figure(plt: Any, name: str, history: dict[str, list[float]]) -> Any:
    """The learning curve of one metric (train, and validation if logged)."""
    fig, ax = plt.subplots(figsize=(6, 4))
    fig.subplots_adjust(**CURVE_MARGINS)  # (see CURVE_MARGINS)
    epochs = np.arange(1, len(history[name]) + 1)
    ax.plot(epochs, history[name], marker="o", label=f"train {name}")
    if f"val_{name}" in history:
        ax.plot(epochs, history[f"val_{name}"], marker="o", label=f"validation {name}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(name)
    ax.set_title(f"learning curve: {name}", y=TITLE_Y)
    ax.grid(alpha=0.3)
    ax.legend()
    if max(len(label) for label in _y_tick_labels(ax)) > CURVE_TICK_CHARS:
        fig.tight_layout()
    return fig


def _y_tick_labels(ax: Any) -> list[str]:
    """The y axis' tick labels as they will be drawn, without drawing them."""
    low, high = ax.get_ylim()  # (autoscales to the data first)
    ticks = [t for t in ax.yaxis.get_major_locator()() if low <= t <= high]
    return ax.yaxis.get_major_formatter().format_ticks(ticks)


def classification_plots(
    y_true: np.ndarray, y_pred: np.ndarray, classes: list[Any], folder: Path
) -> list[Path]:
    """Confusion matrix (PNG) and the per-class report (precision/recall/f1, text)."""
    plt = _pyplot()
    labels = list(range(len(classes)))
    names = [str(c) for c in classes]
    matrix = confusion_counts(y_true, y_pred, len(names))
    report_text = class_report(matrix, names)
    try:
        ticks, fonts = names, label_fonts(names)
    except LookupError:  # no font here draws these names: the classes' numbers instead
        ticks, fonts = [str(i) for i in labels], None
        report_text += "\nclasses by number in confusion_matrix.png (no font here draws them):\n"
        report_text += "".join(f"{i} = {name}\n" for i, name in enumerate(names))
    size = max(4.0, 0.5 * len(names) + 2)
    with plt.rc_context({"font.family": fonts} if fonts else {}):
        fig, ax = plt.subplots(figsize=(size, size))
        ax.imshow(matrix, cmap="Blues")
        ax.set_xticks(labels, ticks, rotation=45, ha="right")
        ax.set_yticks(labels, ticks)
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title("confusion matrix (test split)", y=TITLE_Y)
        for i in labels:
            for j in labels:
                ax.text(j, i, int(matrix[i, j]), ha="center", va="center")
        fig.tight_layout()
        png = folder / "confusion_matrix.png"
        fig.savefig(png, dpi=80)
        plt.close(fig)
    report = folder / "classification_report.txt"
    report.write_text(report_text, encoding="utf-8")
    return [png, report]


# The confusion matrix and the report are worked out here rather than with scikit-learn's
# metrics (whose import is ~0.9 s of the recorder's CPU, taken from the training's start-up
# on a 2-core machine); tests/track/test_plots.py checks both against scikit-learn's.


def confusion_counts(truth: np.ndarray, predicted: np.ndarray, n: int) -> np.ndarray:
    """How many of each true class (rows) were predicted as each class (columns), for
    classes 0..n-1 (scikit-learn's ``confusion_matrix`` with ``labels=range(n)``)."""
    truth, predicted = np.asarray(truth, dtype=int), np.asarray(predicted, dtype=int)
    kept = (truth >= 0) & (truth < n) & (predicted >= 0) & (predicted < n)
    return np.bincount(truth[kept] * n + predicted[kept], minlength=n * n).reshape(n, n)


def class_report(matrix: np.ndarray, names: list[str], digits: int = 2) -> str:
    """Precision, recall, f1 and support per class, then accuracy and the macro and
    support-weighted averages: the text of scikit-learn's ``classification_report``
    (``zero_division=0``), from the confusion matrix."""
    hits = np.diag(matrix).astype(float)
    support, predicted = matrix.sum(axis=1), matrix.sum(axis=0)
    precision, recall = _share(hits, predicted), _share(hits, support)
    f1 = _share(2 * hits, predicted + support)
    total = int(support.sum())
    width = max(*(len(name) for name in names), len("weighted avg"), digits)
    row = "{:>{w}s} " + " {:>9.{d}f}" * 3 + " {:>9}\n"
    text = ("{:>{w}s} " + " {:>9}" * 4).format(
        "", "precision", "recall", "f1-score", "support", w=width
    )
    text += "\n\n"
    for name, *values in zip(names, precision, recall, f1, support, strict=True):
        text += row.format(name, *values, w=width, d=digits)
    accuracy = hits.sum() / total if total else 0.0
    text += "\n" + ("{:>{w}s} " + " {:>9.{d}}" * 2 + " {:>9.{d}f} {:>9}\n").format(
        "accuracy", "", "", accuracy, total, w=width, d=digits
    )
    for heading, weights in (("macro avg", None), ("weighted avg", support)):
        means = [_mean(v, weights) for v in (precision, recall, f1)]
        text += row.format(heading, *means, total, w=width, d=digits)
    return text


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """part / whole, 0 where whole is 0 (``zero_division=0``)."""
    return np.divide(part, whole, out=np.zeros(len(part)), where=whole > 0)


def _mean(values: np.ndarray, weights: np.ndarray | None) -> float:
    if weights is None:
        return float(np.mean(values)) if len(values) else 0.0
    return float(np.average(values, weights=weights)) if weights.sum() else 0.0


def regression_plot(y_true: np.ndarray, y_pred: np.ndarray, folder: Path) -> list[Path]:
    """Predicted vs true values (test split), with the y = x line."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.scatter(y_true, y_pred, s=12, alpha=0.7)
    low, high = (
        float(np.min([y_true.min(), y_pred.min()])),
        float(np.max([y_true.max(), y_pred.max()])),
    )
    ax.plot([low, high], [low, high], color="grey", linestyle="--", label="y = x")
    ax.set_xlabel("true")
    ax.set_ylabel("predicted")
    ax.set_title("predicted vs true (test split)", y=TITLE_Y)
    ax.legend()
    fig.tight_layout()
    png = folder / "predicted_vs_true.png"
    fig.savefig(png, dpi=80)
    plt.close(fig)
    return [png]


def evaluation_plots(
    task: str, y_true: np.ndarray, scores: np.ndarray, classes: list[Any] | None, folder: Path
) -> list[Path]:
    """The plots that fit the task, from the model's raw outputs on the test split."""
    if task == "regression":
        return regression_plot(np.ravel(y_true), np.ravel(scores), folder)
    truth = np.argmax(y_true, axis=1) if np.ndim(y_true) == 2 else np.ravel(y_true).astype(int)
    predicted = (
        (np.ravel(scores) >= 0.5).astype(int) if task == "binary" else np.argmax(scores, axis=1)
    )
    return classification_plots(truth, predicted, list(classes or []), folder)
