"""tf.data streams as every source hands them to Keras: prefetched, without the autotuning
thread unless asked (``trainer.tf_data_autotune``)."""

from __future__ import annotations

from typing import Any

from dlpipe.config.schema import TrainerCfg


def autotune_on(trainer: TrainerCfg) -> bool:
    """``trainer.tf_data_autotune``: see :func:`prefetched`."""
    return bool(trainer.tf_data_autotune)


def prefetched(ds: Any, autotune: bool = False) -> Any:
    """``ds`` prefetched, and without tf.data's autotuning thread unless ``autotune``.

    That thread (on by TensorFlow's default) re-tunes buffer sizes while the data is read.
    Keras makes a new iterator every epoch, and dropping the old one waits for the thread
    to wake from its sleep, which grows with the epoch: measured on this project's 2-core
    CPU, ~1 s after a 1.4 s epoch and 6–8 s after a 14 s epoch, with no CPU in use
    (``bench/README.md``). Off, an epoch's end does not wait, at the same speed per step.
    """
    import tensorflow as tf

    ds = ds.prefetch(tf.data.AUTOTUNE)
    if autotune:
        return ds
    options = tf.data.Options()
    options.autotune.enabled = False
    return ds.with_options(options)
