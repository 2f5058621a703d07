"""Process-level set-up for Keras: quiet logs, one seed for everything, clean interrupts."""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The modes a run records in its `dlpipe.determinism` tag.
SEEDED = "seeded"
OP_DETERMINISM = "op_determinism"
# A third GC threshold no start-up reaches: the oldest generation is not collected.
NO_FULL_COLLECTION = 1 << 30


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


@contextmanager
def long_lived() -> Iterator[None]:
    """Create what lives as long as the process (imports, data, model) without full
    collections, then freeze it (:func:`gc.freeze`): no later collection scans it again.

    TensorFlow's import alone leaves about a million objects; every full collection
    rescans all of them (0.1–0.3 s apiece here, about 1 s per run, one of them right after
    training). Young cycles are still collected, and anything freed by reference counting
    is freed as usual; only a cycle that is already old when frozen stays until exit.
    """
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, NO_FULL_COLLECTION)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(young, middle, old)


def import_keras() -> None:
    """Import TensorFlow and Keras without their C++ start-up chatter on stderr.

    TensorFlow 2.21 prints oneDNN/CPU-feature lines through absl before any log-level
    variable is read, so only redirecting the descriptor keeps a user's terminal clean.
    Import errors still raise normally. What the import creates is frozen for the GC
    (:func:`long_lived`).
    """
    if "keras" in sys.modules:
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    with _stderr_silenced(), long_lived():
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


class Termination:
    """Whether a SIGTERM came, for code that must act on it even if its exception was lost."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def check(self) -> None:
        """Raise :class:`Terminated` if a SIGTERM came (a library swallowed the first one)."""
        if self.signum is not None:
            raise Terminated(f"terminated by signal {self.signum}")


@contextmanager
def interrupt_on_sigterm() -> Iterator[Termination]:
    """While inside, SIGTERM raises :class:`Terminated` (a KeyboardInterrupt) in the main thread.

    Python's default for SIGTERM is to die on the spot, which would leave the MLflow run
    RUNNING; raising lets the tracked run end KILLED and keeps the backup checkpoint. The
    exception can land in any library code, which may swallow it (a ``__del__``, a broad
    ``except``): the yielded :class:`Termination` remembers it, for a training loop to
    check between batches (:func:`dlpipe.training.callbacks.stop_when_terminated`).
    """
    termination = Termination()
    if threading.current_thread() is not threading.main_thread():
        yield termination
        return

    def _raise(signum: int, frame: object) -> None:
        termination.signum = signum
        raise Terminated(f"terminated by signal {signum}")

    previous = signal.signal(signal.SIGTERM, _raise)
    try:
        yield termination
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
