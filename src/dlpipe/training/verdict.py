"""What the test figures mean: each beside its naive baseline, and a warning when the model
does not beat it or had not finished learning. A beginner's 0.667 looks fine until it is
shown next to the majority class's 0.667."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

NAIVE = "test_naive_"
# Figures where less is better (errors, losses); for the others more is better.
LOWER_IS_BETTER = ("loss", "mae", "mse", "rmse", "mape", "error", "crossentropy")


def naive_of(name: str) -> str | None:
    """The naive baseline's name for a test metric: test_mae → test_naive_mae."""
    if not name.startswith("test_") or name.startswith(NAIVE):
        return None
    return NAIVE + name.removeprefix("test_")


def beside_naive(metrics: Mapping[str, float]) -> str:
    """``test_accuracy=0.9104 (naive 0.4403)  test_loss=0.2912``: each figure beside its
    baseline; baselines without a figure of the model's are shown on their own."""
    paired = {naive_of(k) for k in metrics} & set(metrics)
    parts = []
    for name, value in metrics.items():
        if name in paired:
            continue
        naive = naive_of(name)
        beside = f" (naive {metrics[naive]:.4f})" if naive is not None and naive in metrics else ""
        parts.append(f"{name}={value:.4f}{beside}")
    return "  ".join(parts)


def lower_is_better(name: str) -> bool:
    return any(word in name for word in LOWER_IS_BETTER)


def warnings_for(
    metrics: Mapping[str, float], history: Mapping[str, Sequence[float]], planned_epochs: int
) -> list[str]:
    """Plain warnings: a figure no better than its naive baseline; validation loss still
    falling at the last of the planned epochs (the model had not converged)."""
    said = []
    for name, value in metrics.items():
        naive = naive_of(name)
        if naive is None or naive not in metrics:
            continue
        base = metrics[naive]
        worse = value >= base if lower_is_better(name) else value <= base
        if worse:
            guess = "the training mean" if lower_is_better(name) else "the most frequent class"
            said.append(
                f"{name}={value:.4f} does not beat the naive baseline ({base:.4f}: always"
                f" {guess}): train longer (trainer.epochs), or check the features and"
                " data.preprocess"
            )
    losses = list(history.get("val_loss") or history.get("loss") or [])
    if len(losses) >= 2 and len(losses) >= planned_epochs and losses[-1] < min(losses[:-1]):
        which = "validation loss" if history.get("val_loss") else "loss"
        said.append(
            f"the {which} was still falling at the last epoch ({losses[-2]:.4f} → "
            f"{losses[-1]:.4f}): the model had not finished learning; more epochs may help,"
            f" e.g. trainer.epochs={max(2 * planned_epochs, planned_epochs + 10)}"
        )
    return said
