"""The tf.data input pipeline dlpipe feeds model.fit with (trainer.tf_data)."""

from __future__ import annotations

import numpy as np
import pytest
from omegaconf import OmegaConf

from dlpipe.config.schema import TrainerCfg
from dlpipe.training.inputs import SMALL_BYTES, as_dataset, use_tf_data

# Both ways of building the pipeline: small data (rows shuffled), large (indices gathered).
SIZES = pytest.mark.parametrize("small", [SMALL_BYTES, 0], ids=["rows", "gathered"])


def trainer(**kw):
    base = {"tf_data": True, "validation_split": 0.0, "batch_size": 4, "epochs": 2}
    return OmegaConf.merge(OmegaConf.structured(TrainerCfg), {**base, **kw})


def epoch_rows(dataset) -> list[list[int]]:
    """The row order of two passes over the dataset (two epochs)."""
    return [[int(v) for xb, _ in dataset for v in xb.numpy()[:, 0]] for _ in range(2)]


@SIZES
def test_every_row_once_per_epoch_reshuffled_and_seeded(small: int) -> None:
    import keras

    x = np.arange(10, dtype="float32").reshape(10, 1)
    y = np.arange(10) % 2
    keras.utils.set_random_seed(7)
    first, second = epoch_rows(as_dataset(x, y, 4, shuffle=True, small_bytes=small))
    assert sorted(first) == sorted(second) == list(range(10))
    assert first != second  # a new order every epoch
    keras.utils.set_random_seed(7)
    assert epoch_rows(as_dataset(x, y, 4, shuffle=True, small_bytes=small)) == [
        first,
        second,
    ]  # same seed, same run
    batches = [len(xb) for xb, _ in as_dataset(x, y, 4, shuffle=False, small_bytes=small)]
    assert batches == [4, 4, 2]
    assert epoch_rows(as_dataset(x, y, 4, shuffle=False, small_bytes=small))[0] == list(range(10))


@SIZES
def test_labels_stay_with_their_rows(small: int) -> None:
    x = np.arange(12, dtype="float32").reshape(6, 2)
    y = np.eye(3, dtype="float32")[[0, 1, 2, 0, 1, 2]]
    for xb, yb in as_dataset(x, y, 4, shuffle=True, small_bytes=small):
        rows = (xb.numpy()[:, 0] // 2).astype(int)
        assert (yb.numpy().argmax(axis=1) == rows % 3).all()


def test_arrays_are_kept_when_keras_must_split_or_when_turned_off() -> None:
    x = np.zeros((8, 2), dtype="float32")
    assert use_tf_data(trainer(), x, has_validation=True)
    assert use_tf_data(trainer(), x, has_validation=False)
    assert not use_tf_data(trainer(validation_split=0.25), x, has_validation=False)
    assert not use_tf_data(trainer(tf_data=False), x, has_validation=True)
    assert not use_tf_data(trainer(), [x], has_validation=True)
    assert not use_tf_data(trainer(), np.array(["a b", "c"], dtype=object), has_validation=True)


@SIZES
def test_tf_data_autotuning_is_off_unless_asked(small: int) -> None:
    """Dropping an iterator waits for tf.data's autotuning thread (seconds at every epoch's
    end on the reference CPU), so dlpipe's pipelines run without it by default."""
    x = np.zeros((8, 2), dtype="float32")
    y = np.zeros(8, dtype="float32")
    default = as_dataset(x, y, 4, shuffle=True, small_bytes=small)
    assert default.options().autotune.enabled is False
    tuned = as_dataset(x, y, 4, shuffle=True, autotune=True, small_bytes=small)
    assert tuned.options().autotune.enabled is not False  # TensorFlow's default (None = on)
    assert [len(xb) for xb, _ in default] == [len(xb) for xb, _ in tuned] == [4, 4]
