"""Each test figure beside its naive baseline, and a warning when the model does not beat
it or had not finished learning."""

from __future__ import annotations

import numpy as np

from dlpipe.preprocess.prepare import naive_metrics
from dlpipe.training.verdict import beside_naive, warnings_for


def test_the_naive_baselines_are_the_majority_class_and_the_training_mean() -> None:
    onehot = np.eye(3)[[0, 0, 0, 1, 2]]
    assert naive_metrics("multiclass", onehot, np.eye(3)[[0, 1, 0, 0]]) == {
        "test_naive_accuracy": 0.75
    }
    assert naive_metrics("binary", np.array([1, 1, 0]), np.array([0, 1])) == {
        "test_naive_accuracy": 0.5
    }
    regression = naive_metrics("regression", np.array([1.0, 3.0]), np.array([2.0, 5.0]))
    assert regression == {"test_naive_mae": 1.5, "test_naive_mse": 4.5}


def test_each_figure_is_printed_beside_its_baseline() -> None:
    metrics = {"test_accuracy": 0.91, "test_loss": 0.3, "test_naive_accuracy": 0.44}
    assert beside_naive(metrics) == "test_accuracy=0.9100 (naive 0.4400)  test_loss=0.3000"
    alone = {"test_loss": 2.0, "test_naive_mse": 4.5}
    assert beside_naive(alone) == "test_loss=2.0000  test_naive_mse=4.5000"


def test_a_model_no_better_than_the_baseline_is_said() -> None:
    history = {"val_loss": [0.9, 0.8, 0.85]}
    good = {
        "test_accuracy": 0.91,
        "test_naive_accuracy": 0.44,
        "test_mae": 1.0,
        "test_naive_mae": 2.0,
    }
    assert warnings_for(good, history, 3) == []
    bad = {
        "test_accuracy": 0.44,
        "test_naive_accuracy": 0.44,
        "test_mae": 2.5,
        "test_naive_mae": 2.0,
    }
    said = warnings_for(bad, history, 3)
    assert len(said) == 2
    assert said[0].startswith("test_accuracy=0.4400 does not beat the naive baseline (0.4400")


def test_a_loss_still_falling_at_the_last_planned_epoch_is_said() -> None:
    falling = {"loss": [1.0, 0.8, 0.7], "val_loss": [1.0, 0.9, 0.8]}
    [said] = warnings_for({}, falling, 3)
    assert "validation loss was still falling at the last epoch (0.9000 → 0.8000)" in said
    assert "trainer.epochs=13" in said
    assert warnings_for({}, falling, 10) == []  # stopped early: it had stopped improving
