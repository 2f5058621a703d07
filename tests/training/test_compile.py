"""The optimizer from its config: Keras' arguments, with plain numbers as users write them."""

from __future__ import annotations

import pytest

from dlpipe.errors import ConfigError
from dlpipe.training.compile import make_optimizer


def test_a_whole_number_is_a_learning_rate_too() -> None:
    optimizer = make_optimizer({"name": "sgd", "learning_rate": 1, "momentum": 0, "clipnorm": 2})
    assert float(optimizer.learning_rate) == 1.0
    assert optimizer.clipnorm == 2.0 and isinstance(optimizer.clipnorm, float)


def test_a_value_keras_refuses_names_the_argument() -> None:
    with pytest.raises(ConfigError) as caught:
        make_optimizer({"name": "adam", "learning_rate": 0.01, "momentom": 0.9})
    assert caught.value.where == "optimizer.momentom"
