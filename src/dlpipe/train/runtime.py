"""Process-level set-up for Keras: quiet logs, one seed for everything."""

from __future__ import annotations

import os


def quiet_tensorflow() -> None:
    """Hide TensorFlow's C++ start-up chatter (must run before importing it)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and TensorFlow/Keras from one integer."""
    quiet_tensorflow()
    import keras

    keras.utils.set_random_seed(int(seed))


def reset_keras() -> None:
    """Forget the previous job's models and layer names (a sweep runs jobs in one process)."""
    import logging

    quiet_tensorflow()
    import keras

    keras.backend.clear_session()
    # Each job builds new models: TensorFlow's "retracing" advice is noise in a sweep.
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
