"""``model.fit`` and ``model.evaluate`` on arrays or batched ``tf.data`` datasets, and the
model's outputs for arrays."""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from dlpipe.config.schema import TrainerCfg
from dlpipe.data.streams import autotune_on
from dlpipe.training.inputs import as_dataset, use_tf_data


def fit(
    model: Any,
    x: np.ndarray,
    y: np.ndarray,
    trainer: TrainerCfg,
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
    if not stream and use_tf_data(trainer, x, validation is not None):
        batch, autotune = int(trainer.batch_size), autotune_on(trainer)
        return model.fit(
            as_dataset(x, y, batch, shuffle=bool(trainer.shuffle), autotune=autotune),
            epochs=int(trainer.epochs),
            validation_data=as_dataset(*validation, batch, shuffle=False, autotune=autotune)
            if validation
            else None,
            shuffle=False,  # the dataset shuffles itself (Keras warns about its default)
            callbacks=callbacks,
            verbose=int(verbose) if verbose.isdigit() else auto,
        )
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


def evaluate(
    model: Any, x: Any, y: np.ndarray | None
) -> tuple[dict[str, float], np.ndarray | None]:
    """Test metrics named ``test_<metric>`` (test_loss, test_accuracy, …), and for arrays
    the model's outputs on them (the plots and the logged models' signatures use them).

    For arrays, one pass of :func:`outputs` feeds the compiled loss and metrics, the
    values ``model.evaluate`` gives (to float rounding: tests/training/test_fit.py) without
    tracing its test function or running the model over the test split a second time.
    A ``tf.data`` dataset (``y`` None) brings its own batches and goes to ``evaluate``.
    """
    if y is None:
        result = model.evaluate(x, None, verbose=0, return_dict=True)
        return {f"test_{k}": float(v) for k, v in sorted(result.items())}, None
    scores = outputs(model, x)
    model.reset_metrics()
    loss = model.compute_loss(y=y, y_pred=scores, training=False)
    result = {**model.compute_metrics(None, y, scores), "loss": loss}
    model.reset_metrics()
    return {f"test_{k}": float(v) for k, v in sorted(result.items())}, scores


# Per batch of :func:`outputs`: at most 1024 samples and 16 M floats of layer outputs
# (64 MB). Measured on the MNIST CNN, 10,000 test images: as fast as model.evaluate, with
# about the same peak memory (+74 MB vs +60 MB; 1024 images per batch: +180 MB).
OUTPUT_BATCH = 1024
OUTPUT_BATCH_FLOATS = 1 << 24


def outputs(model: Any, x: np.ndarray) -> np.ndarray:
    """The model's outputs for the arrays ``x`` (inference mode), in eager batches.

    The same numbers as ``model.predict``, without its compiled predict function: a run
    predicts once or twice (metrics and plots, the logged model's signature), and tracing
    that function costs more than the prediction itself (~0.1 s for the default MLP, ~1 s
    for the MNIST CNN here).
    """
    per_sample = int(np.prod(x.shape[1:])) + _floats_per_sample(model)
    batch = int(np.clip(OUTPUT_BATCH_FLOATS // max(1, per_sample), 1, OUTPUT_BATCH))
    parts = [np.asarray(model(x[i : i + batch], training=False)) for i in range(0, len(x), batch)]
    return np.concatenate(parts) if parts else np.zeros((0, *model.output_shape[1:]))


def _floats_per_sample(model: Any) -> int:
    """Floats every layer outputs for one sample, nested models (transfer bases) included."""
    total = 0
    for layer in model.layers:
        if hasattr(layer, "layers"):
            total += _floats_per_sample(layer)
            continue
        try:
            shape = layer.output.shape
        except (AttributeError, ValueError):  # a layer used twice, or not built
            continue
        total += int(np.prod([d or 1 for d in shape[1:]]))
    return total
