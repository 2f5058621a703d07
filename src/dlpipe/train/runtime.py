"""Process-level set-up for Keras: quiet logs, one seed for everything, clean interrupts."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The modes a run records in its `dlpipe.determinism` tag.
SEEDED = "seeded"
OP_DETERMINISM = "op_determinism"


@contextmanager
def _stderr_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null (C++ code writes there, past Python's sys.stderr)."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_keras() -> None:
    """Import TensorFlow and Keras without their C++ start-up chatter on stderr.

    TensorFlow 2.21 prints oneDNN/CPU-feature lines through absl before any log-level
    variable is read, so only redirecting the descriptor keeps a user's terminal clean.
    Import errors still raise normally.
    """
    if "keras" in sys.modules:
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    with _stderr_silenced():
        import keras  # noqa: F401
        import tensorflow  # noqa: F401


def seed_everything(seed: int, deterministic: bool = False) -> str:
    """Seed Python, NumPy and TensorFlow/Keras from one integer; return the mode used.

    On the CPU seeding alone gives bit-identical reruns. ``deterministic`` also turns on
    TensorFlow's op determinism (needed on GPUs; slower, and some ops then refuse to run).
    """
    import_keras()
    import keras

    keras.utils.set_random_seed(int(seed))
    if not deterministic:
        return SEEDED
    import tensorflow as tf

    tf.config.experimental.enable_op_determinism()
    return OP_DETERMINISM


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an interrupt so the run ends KILLED like on Ctrl-C."""

    signum = int(signal.SIGTERM)


@contextmanager
def interrupt_on_sigterm() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated` (a KeyboardInterrupt) in the main thread.

    Python's default for SIGTERM is to die on the spot, which would leave the MLflow run
    RUNNING; raising lets the tracked run end KILLED and keeps the backup checkpoint.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum: int, frame: object) -> None:
        raise Terminated(f"terminated by signal {signum}")

    previous = signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def reset_keras() -> None:
    """Forget the previous job's models and layer names (a sweep runs jobs in one process)."""
    import logging

    import_keras()
    import keras

    keras.backend.clear_session()
    # Each job builds new models: TensorFlow's "retracing" advice is noise in a sweep.
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
