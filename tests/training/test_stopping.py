"""What early stopping did is said and recorded: Keras' EarlyStopping stops and restores
weights without a word at verbose 0 and 2."""

from __future__ import annotations

import numpy as np
import pytest

from dlpipe.training.callbacks import RESTORED_TAG, STOPPED_TAG, stopping_summary

pytestmark = pytest.mark.slow


def fitted(learning_rate: float, epochs: int, restore: bool) -> list[object]:
    from dlpipe.training.runtime import import_keras

    import_keras()
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate), loss="mse")
    x = np.random.default_rng(0).random((32, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    stop = keras.callbacks.EarlyStopping(
        patience=2, min_delta=0.001, restore_best_weights=restore, monitor="val_loss"
    )
    model.fit(x, y, validation_data=(x, y), epochs=epochs, callbacks=[stop], verbose=0)
    return [stop]


def test_a_stop_and_the_restored_epoch_are_said_and_tagged() -> None:
    lines, tags = stopping_summary(fitted(0.0, 10, restore=True), 10)  # nothing improves
    assert lines == [
        "early stopping: stopped after epoch 3 of 10: val_loss did not improve by 0.001"
        " for 2 epochs",
        lines[1],
    ]
    assert lines[1].startswith("the model keeps the weights of epoch 1 (best val_loss ")
    assert tags == {STOPPED_TAG: "3", RESTORED_TAG: "1"}


def test_without_restoring_only_the_stop_is_said() -> None:
    lines, tags = stopping_summary(fitted(0.0, 10, restore=False), 10)
    assert len(lines) == 1 and tags == {STOPPED_TAG: "3"}


def test_a_run_that_learned_to_its_last_epoch_says_nothing() -> None:
    assert stopping_summary(fitted(0.05, 4, restore=True), 4) == ([], {})
    assert stopping_summary([], 4) == ([], {})
