"""Keras callbacks from the ``callbacks`` config group."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlpipe.compat import keras_backup_files
from dlpipe.config.schema import CallbacksCfg

log = logging.getLogger(__name__)


def make_callbacks(
    callbacks_cfg: CallbacksCfg, output_dir: Path, has_validation: bool
) -> list[Any]:
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


STOPPED_TAG = "dlpipe.stopped_epoch"  # the epoch early stopping stopped after
RESTORED_TAG = "dlpipe.restored_epoch"  # the epoch whose weights the model ends with


def stopping_summary(callbacks: list[Any], epochs: int) -> tuple[list[str], dict[str, str]]:
    """What early stopping did, as lines to print and run tags: the epoch it stopped
    after (of ``epochs`` asked), and the epoch whose weights were restored when that is
    not the last one trained (Keras' EarlyStopping restores them silently)."""
    import keras

    for callback in callbacks:
        if not isinstance(callback, keras.callbacks.EarlyStopping):
            continue
        stopped = int(callback.stopped_epoch) + 1 if callback.stopped_epoch > 0 else None
        last = stopped or epochs
        restored = None
        if callback.restore_best_weights and callback.best_weights is not None:
            restored = int(callback.best_epoch) + 1
        lines, tags = [], {}
        if stopped:
            lines.append(
                f"early stopping: stopped after epoch {stopped} of {epochs}: {callback.monitor}"
                f" did not improve by {abs(callback.min_delta):g} for {callback.patience} epochs"
            )
            tags[STOPPED_TAG] = str(stopped)
        if restored is not None and restored != last:
            lines.append(
                f"the model keeps the weights of epoch {restored}"
                f" (best {callback.monitor} {float(callback.best):.4g})"
            )
            tags[RESTORED_TAG] = str(restored)
        return lines, tags
    return [], {}


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
# What Keras' BackupAndRestore writes there; with two generations, the older is `*.bkp`.
WEIGHTS_FILE, STATE_FILE = keras_backup_files()
# Beside Keras' backup: each epoch's metrics, one JSON line per epoch.
EPOCHS_FILE = "epochs.jsonl"
# Written once training is over and the run's files are saved (see mark_trained).
TRAINED_FILE = "trained.json"


def backup_callback(
    output_dir: Path,
    fresh: bool = True,
    on_restore: Callable[[int, list[EpochLog]], None] | None = None,
) -> Any:
    """Keras' BackupAndRestore in ``<output_dir>/backup``: saved every epoch, kept on interrupt.

    Two generations are kept, so a SIGKILL in the middle of a save still leaves one readable.
    A ``fresh`` run first removes a backup already there: two runs started in the same second
    share Hydra's folder, and Keras would otherwise restore the other run's state.
    Each epoch's metrics are kept beside the weights (:data:`EPOCHS_FILE`): when training
    restarts from the backup, ``on_restore(epochs done, their metrics)`` is called, so that
    epochs whose record was lost with a killed recorder can be recorded again.
    """
    import shutil

    import keras

    folder = output_dir / BACKUP_DIR
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)

    class Backup(keras.callbacks.BackupAndRestore):
        """Falls back to the previous generation on a torn file too.

        Keras falls back only on OSError, but a save cut short (a SIGKILL, a full disk)
        leaves a half-written weights file that HDF5 may report as ValueError,
        RuntimeError or KeyError, depending on where it was cut.
        """

        def on_train_begin(self, logs: Any = None) -> None:
            try:
                super().on_train_begin(logs)
            except (ValueError, RuntimeError, KeyError):
                weights, state = folder / WEIGHTS_FILE, folder / STATE_FILE
                if not previous(weights).exists():
                    raise
                shutil.copy(previous(weights), weights)
                if previous(state).exists():
                    shutil.copy(previous(state), state)
                super().on_train_begin(logs)
            if on_restore is not None and has_backup(folder):
                on_restore(backed_up_epochs(folder), read_epochs(folder))

        def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
            latest = folder / WEIGHTS_FILE
            size = latest.stat().st_size if latest.exists() else weights_size(self.model)
            ensure_room(folder, 2 * size)  # the copy kept, and the new save
            # The metrics first: the weights saved next are never ahead of them.
            append_epoch(folder, epoch, logs or {})
            super().on_epoch_end(epoch, logs)

    # Kept after training: it goes once the run's record is complete (clear_backup), so
    # that a record cut short can be completed from it (trainer.resume).
    return Backup(
        backup_dir=str(folder), save_freq="epoch", double_checkpoint=True, delete_checkpoint=False
    )


# Free space kept beyond what a save needs: a disk filling up is found before a save that
# would fail half-way (HDF5 can crash the process when it closes a file it could not write).
ROOM_MARGIN = 4 * 1024 * 1024


def weights_size(model: Any) -> int:
    """About how many bytes saving ``model``'s state takes: its weights and the
    optimizer's slots (two per weight for Adam) as float32, and HDF5's overhead."""
    return model.count_params() * 4 * 3 + 64 * 1024


def ensure_room(folder: Path, needed: int) -> None:
    """Raise ENOSPC (as the save would) unless ``folder``'s disk has ``needed`` bytes free
    and :data:`ROOM_MARGIN` more."""
    import errno
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(folder).free
    if free < needed + ROOM_MARGIN:
        raise OSError(
            errno.ENOSPC,
            f"{free // 1024} KiB free, a save needs about {(needed + ROOM_MARGIN) // 1024} KiB",
            str(folder),
        )


def previous(path: Path) -> Path:
    """The previous generation of a backup file (BackupAndRestore's double checkpoint)."""
    return path.with_name(path.name + ".bkp")


def mark_trained(output_dir: Path, epochs: int) -> None:
    """Say in the backup that training is over and the run's files are saved: what is
    left to do after an interrupt is recording the results, not training."""
    folder = output_dir / BACKUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / TRAINED_FILE).write_text(json.dumps({"epochs": epochs}))


def is_trained(output_dir: Path) -> bool:
    """Whether the run in ``output_dir`` finished training and saved its files."""
    return (output_dir / BACKUP_DIR / TRAINED_FILE).is_file()


def trained_history(output_dir: Path) -> tuple[list[EpochLog], dict[str, list[float]]]:
    """A trained run's epochs as the backup kept them, and as Keras' ``History`` has them."""
    epochs = read_epochs(output_dir / BACKUP_DIR)
    keys = dict.fromkeys(k for epoch in epochs for k in epoch.metrics)
    return epochs, {k: [e.metrics.get(k, float("nan")) for e in epochs] for k in keys}


def clear_backup(output_dir: Path) -> None:
    """Delete the training state once the run is complete (recorded, or not tracked)."""
    import shutil

    shutil.rmtree(output_dir / BACKUP_DIR, ignore_errors=True)


@dataclass(frozen=True)
class EpochLog:
    """One epoch's metrics as the backup keeps them."""

    step: int
    at_ms: int
    metrics: dict[str, float]


def append_epoch(folder: Path, step: int, logs: Mapping[str, Any]) -> None:
    """Add one epoch's metrics to :data:`EPOCHS_FILE` (one JSON line, written at once)."""
    metrics = {k: float(v) for k, v in logs.items()}
    entry = {"step": step, "at_ms": int(time.time() * 1000), "metrics": metrics}
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / EPOCHS_FILE, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")


def read_epochs(folder: Path) -> list[EpochLog]:
    """The epochs in :data:`EPOCHS_FILE`, one per step (the latest wins: an epoch trained
    again after a restore), in order; a line torn by a kill is skipped."""
    try:
        lines = (folder / EPOCHS_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    latest: dict[int, EpochLog] = {}
    for line in lines:
        try:
            entry = json.loads(line)
            log = EpochLog(int(entry["step"]), int(entry["at_ms"]), dict(entry["metrics"]))
        except (ValueError, KeyError, TypeError):
            continue
        latest[log.step] = log
    return [latest[step] for step in sorted(latest)]


def backed_up_epochs(folder: Path) -> int:
    """How many epochs the backup's current state has completed (0 if unreadable)."""
    try:
        return int(json.loads((folder / STATE_FILE).read_text())["epoch"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def has_backup(backup_dir: Path) -> bool:
    """Whether BackupAndRestore left a training state there (current or previous)."""
    return any(
        (backup_dir / name).is_file() for name in (STATE_FILE, previous(Path(STATE_FILE)).name)
    )


def stop_when_terminated(termination: Any) -> Any:
    """A callback that ends training at the next batch once a SIGTERM came, in case the
    exception the signal raised was swallowed by the library code it landed in (a
    :class:`~dlpipe.training.runtime.Termination`)."""
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
