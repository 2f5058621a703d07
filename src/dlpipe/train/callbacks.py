"""Keras callbacks from the ``callbacks`` config group."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def make_callbacks(callbacks_cfg: Any, output_dir: Path, has_validation: bool) -> list[Any]:
    """EarlyStopping and ModelCheckpoint, each only when configured (not null)."""
    import keras

    out: list[Any] = []
    stop = callbacks_cfg.early_stopping
    if stop is not None:
        out.append(
            keras.callbacks.EarlyStopping(
                monitor=_monitor(stop.monitor, has_validation, "early_stopping"),
                patience=int(stop.patience),
                min_delta=float(stop.min_delta),
                mode=stop.mode,
                restore_best_weights=bool(stop.restore_best_weights),
            )
        )
    checkpoint = callbacks_cfg.checkpoint
    if checkpoint is not None:
        out.append(
            keras.callbacks.ModelCheckpoint(
                filepath=str(checkpoint_path(checkpoint, output_dir)),
                monitor=_monitor(checkpoint.monitor, has_validation, "checkpoint"),
                save_best_only=bool(checkpoint.save_best_only),
                mode=checkpoint.mode,
                verbose=0,
            )
        )
    return out


def checkpoint_path(checkpoint: Any, output_dir: Path) -> Path:
    """Where ModelCheckpoint writes (Keras 3 needs a .keras file)."""
    name = str(checkpoint.filename)
    if name.endswith((".h5", ".hdf5")):
        name = name.rsplit(".", 1)[0] + ".keras"
        log.warning("callbacks.checkpoint.filename: Keras 3 saves .keras files; writing %s", name)
    elif not name.endswith(".keras"):
        name += ".keras"
    return output_dir / name


def _monitor(monitor: str, has_validation: bool, which: str) -> str:
    if monitor.startswith("val_") and not has_validation:
        log.warning(
            "callbacks.%s.monitor=%s but there is no validation data; monitoring %s",
            which,
            monitor,
            monitor[4:],
        )
        return monitor[4:]
    return monitor


BACKUP_DIR = "backup"


def backup_callback(output_dir: Path, fresh: bool = True) -> Any:
    """Keras' BackupAndRestore in ``<output_dir>/backup``: saved every epoch, kept on interrupt.

    Two generations are kept, so a SIGKILL in the middle of a save still leaves one readable.
    A ``fresh`` run first removes a backup already there: two runs started in the same second
    share Hydra's folder, and Keras would otherwise restore the other run's state.
    """
    import shutil

    import keras

    if fresh:
        shutil.rmtree(output_dir / BACKUP_DIR, ignore_errors=True)

    class Backup(keras.callbacks.BackupAndRestore):
        """Falls back to the previous generation on a torn file too.

        Keras falls back only on OSError, but a SIGKILL during a save leaves a
        half-written weights file that loading reports as ValueError.
        """

        def on_train_begin(self, logs: Any = None) -> None:
            try:
                super().on_train_begin(logs)
            except ValueError:
                if not Path(self._prev_weights_path).exists():
                    raise
                shutil.copy(self._prev_weights_path, self._weights_path)
                if Path(self._prev_training_metadata_path).exists():
                    shutil.copy(self._prev_training_metadata_path, self._training_metadata_path)
                self._load_model()

    return Backup(
        backup_dir=str(output_dir / BACKUP_DIR), save_freq="epoch", double_checkpoint=True
    )


def has_backup(backup_dir: Path) -> bool:
    """Whether BackupAndRestore left a training state there (current or previous)."""
    return any(
        (backup_dir / name).is_file()
        for name in ("training_metadata.json", "training_metadata.json.bkp")
    )


def stop_when_terminated(termination: Any) -> Any:
    """A callback that ends training at the next batch once a SIGTERM came, in case the
    exception the signal raised was swallowed by the library code it landed in (a
    :class:`~dlpipe.train.runtime.Termination`)."""
    import keras

    class StopWhenTerminated(keras.callbacks.Callback):
        def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
            termination.check()

        def on_test_batch_begin(self, batch: int, logs: Any = None) -> None:
            termination.check()

        def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
            termination.check()

    return StopWhenTerminated()


def divergence_guard() -> Any:
    """A callback that stops a run whose loss became NaN or infinite, with a clear message."""
    import math

    import keras

    from dlpipe.errors import TrainingError

    class StopOnDivergence(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
            loss = (logs or {}).get("loss")
            if loss is not None and not math.isfinite(float(loss)):
                raise TrainingError(
                    f"training diverged: the loss is {float(loss)} after epoch {epoch + 1}",
                    where="optimizer.learning_rate",
                    hint="lower the learning rate (e.g. optimizer.learning_rate=0.001), scale"
                    " the features (data.preprocess.scale), or set +optimizer.clipnorm=1.0",
                )

    return StopOnDivergence()
