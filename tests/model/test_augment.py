"""Augmentation from data.augment: in the model, active while training only."""

from __future__ import annotations

import numpy as np
import pytest

from dlpipe.config import compose, validate
from dlpipe.errors import ConfigError
from dlpipe.model.augment import augmentation_layers, with_augmentation


def test_layers_change_images_in_training_only() -> None:
    import keras

    cfg = validate(
        compose(
            [
                "data=digits",
                "data.augment.flip=horizontal",
                "data.augment.rotation=0.1",
                "data.augment.zoom=0.1",
                "data.augment.translation=0.2",
                "data.augment.noise=0.1",
            ]
        )
    )
    layers = augmentation_layers(cfg.data.augment, seed=1)
    assert [type(layer).__name__ for layer in layers] == [
        "RandomFlip",
        "RandomRotation",
        "RandomZoom",
        "RandomTranslation",
        "GaussianNoise",
    ]
    inner = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten()])
    model = with_augmentation(inner, cfg.data.augment, seed=1)
    images = np.random.default_rng(0).random((4, 8, 8, 1)).astype("float32")
    assert np.allclose(model(images, training=False), images.reshape(4, -1))
    assert not np.allclose(model(images, training=True), images.reshape(4, -1))
    assert model.count_params() == 0


def test_off_by_default_and_refused_for_non_images() -> None:
    import keras

    cfg = validate(compose(["data=digits"]))
    flat = keras.Sequential([keras.Input((5,)), keras.layers.Dense(1)])
    assert with_augmentation(flat, cfg.data.augment, seed=1) is flat
    noisy = validate(compose(["data=digits", "data.augment.noise=0.1"]))
    with pytest.raises(ConfigError, match="image augmentation needs image inputs"):
        with_augmentation(flat, noisy.data.augment, seed=1)
