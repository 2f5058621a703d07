"""The optimizer argument table (used by `check`, no TensorFlow) matches installed Keras."""

from __future__ import annotations

import inspect

import pytest

from dlpipe.config import keras_names


@pytest.mark.parametrize("name", sorted(keras_names.OPTIMIZERS))
def test_optimizer_arguments_match_keras(name: str) -> None:
    import keras

    cls = getattr(keras.optimizers, keras_names.OPTIMIZERS[name])
    accepted = {
        p for p in inspect.signature(cls.__init__).parameters if p not in ("self", "kwargs")
    }
    ours = keras_names.OPTIMIZER_COMMON_ARGS | set(keras_names.OPTIMIZER_ARGS[name])
    assert ours == accepted
