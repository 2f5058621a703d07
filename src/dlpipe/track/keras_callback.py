"""A Keras callback that records each epoch's metrics in one MLflow call."""

from __future__ import annotations

from typing import Any


def epoch_logger(recorder: Any) -> Any:
    """A callback logging ``logs`` (loss, accuracy, val_*) at the end of every epoch."""
    import keras

    class EpochLogger(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
            recorder.log_metrics({k: float(v) for k, v in (logs or {}).items()}, step=epoch)

    return EpochLogger()
