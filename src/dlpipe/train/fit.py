"""``model.fit`` and ``model.evaluate`` on arrays or batched ``tf.data`` datasets."""

from __future__ import annotations

import sys
from typing import Any

import numpy as np


def fit(
    model: Any,
    x: np.ndarray,
    y: np.ndarray,
    trainer: Any,
    callbacks: list[Any],
    validation: tuple[np.ndarray, np.ndarray] | None,
) -> Any:
    """Train; uses the validation split when there is one, else ``trainer.validation_split``."""
    verbose = str(trainer.verbose)
    # Keras' progress bar is for terminals; in logs and pipes one line per epoch reads better.
    auto = 1 if sys.stdout.isatty() else 2
    stream = y is None  # a batched tf.data dataset of (inputs, labels)
    if validation is not None and validation[1] is None:
        validation = validation[0]
    return model.fit(
        x,
        y,
        epochs=int(trainer.epochs),
        batch_size=None if stream else int(trainer.batch_size),
        validation_data=validation,
        validation_split=float(trainer.validation_split)
        if validation is None and not stream
        else 0.0,
        shuffle=bool(trainer.shuffle) and not stream,  # a stream shuffles itself
        callbacks=callbacks,
        verbose=int(verbose) if verbose.isdigit() else auto,
    )


def evaluate(model: Any, x: np.ndarray, y: np.ndarray, batch_size: int) -> dict[str, float]:
    """Test metrics named ``test_<metric>`` (test_loss, test_accuracy, …)."""
    batch = None if y is None else batch_size  # a tf.data dataset brings its own batches
    result = model.evaluate(x, y, batch_size=batch, verbose=0, return_dict=True)
    return {f"test_{k}": float(v) for k, v in result.items()}
