"""What ``model.fit`` is fed: in-memory arrays as a tf.data pipeline, built once per run.

Measured on the 2-core CPU this project runs on (``bench/levers.py``): handing Keras NumPy
arrays costs ~0.1 s of set-up every epoch on a small table, more than the training itself;
a pipeline built once makes each epoch of the default MLP several times faster at the
same accuracy (see ``bench/results.md``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlpipe.config.schema import TrainerCfg
from dlpipe.data.streams import prefetched

# Up to this size the rows themselves are shuffled (fastest); larger data shuffles row
# indices and gathers each batch, so it is not held a second time in a shuffle buffer.
SMALL_BYTES = 64 * 1024 * 1024


def use_tf_data(trainer: TrainerCfg, x: Any, has_validation: bool) -> bool:
    """tf.data for plain numeric arrays when ``trainer.tf_data`` is on.

    Keras' ``validation_split`` (the last rows) works only on arrays, so a run that uses it
    keeps the arrays; so do inputs that are not one numeric array (text, several inputs).
    """
    if not bool(trainer.tf_data) or not _numeric(x):
        return False
    return has_validation or float(trainer.validation_split) == 0.0


def as_dataset(
    x: np.ndarray,
    y: np.ndarray,
    batch_size: int,
    shuffle: bool,
    autotune: bool = False,
    small_bytes: int = SMALL_BYTES,
) -> Any:
    """Batches of ``(x, y)``, reshuffled every epoch (seeded by the global seed), prefetched
    (see :func:`~dlpipe.data.streams.prefetched` for ``autotune``)."""
    import tensorflow as tf

    if x.nbytes + y.nbytes <= small_bytes:
        rows = tf.data.Dataset.from_tensor_slices((x, y))
        if shuffle:
            rows = rows.shuffle(len(x), reshuffle_each_iteration=True)
        return prefetched(rows.batch(int(batch_size)), autotune)
    return prefetched(_gathered(tf, x, y, int(batch_size), shuffle), autotune)


def _gathered(tf: Any, x: np.ndarray, y: np.ndarray, batch_size: int, shuffle: bool) -> Any:
    """Shuffled row indices → one vectorised gather per batch (the data is held once)."""
    xs, ys = tf.convert_to_tensor(x), tf.convert_to_tensor(y)

    @tf.autograph.experimental.do_not_convert
    def take(index: Any) -> tuple[Any, Any]:
        return tf.gather(xs, index), tf.gather(ys, index)

    rows = tf.data.Dataset.range(len(x))
    if shuffle:
        rows = rows.shuffle(len(x), reshuffle_each_iteration=True)
    return rows.batch(batch_size).map(take)


def _numeric(x: Any) -> bool:
    return isinstance(x, np.ndarray) and x.dtype.kind in "biuf"
