"""Process-level set-up for Keras: quiet start-up, one seed for everything."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


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


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and TensorFlow/Keras from one integer."""
    import_keras()
    import keras

    keras.utils.set_random_seed(int(seed))


def reset_keras() -> None:
    """Forget the previous job's models and layer names (a sweep runs jobs in one process)."""
    import logging

    import_keras()
    import keras

    keras.backend.clear_session()
    # Each job builds new models: TensorFlow's "retracing" advice is noise in a sweep.
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
