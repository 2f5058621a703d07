"""Data augmentation from ``data.augment``: Keras layers in front of the model.

Random flips, rotations, zooms, shifts and Gaussian noise change images only while
training (Keras turns them off in ``evaluate``/``predict``), and they travel inside the
saved model, so ``predict`` needs nothing extra.
"""

from __future__ import annotations

from typing import Any

from dlpipe.config.schema import AugmentCfg
from dlpipe.errors import ConfigError


def augmentation_layers(augment: Any, seed: int) -> list[Any]:
    """The Keras layers ``data.augment`` asks for (empty when everything is off)."""
    import keras

    layers: list[Any] = []
    if augment.flip:
        layers.append(keras.layers.RandomFlip(str(augment.flip), seed=seed, name="flip"))
    if augment.rotation:
        layers.append(
            keras.layers.RandomRotation(float(augment.rotation), seed=seed, name="rotation")
        )
    if augment.zoom:
        layers.append(keras.layers.RandomZoom(float(augment.zoom), seed=seed, name="zoom"))
    if augment.translation:
        shift = float(augment.translation)
        layers.append(keras.layers.RandomTranslation(shift, shift, seed=seed, name="translation"))
    if augment.noise:
        layers.append(keras.layers.GaussianNoise(float(augment.noise), seed=seed, name="noise"))
    return layers


def with_augmentation(model: Any, augment: AugmentCfg, seed: int) -> Any:
    """``model`` with the augmentation layers applied to its input (the same model if none)."""
    import keras

    layers = augmentation_layers(augment, seed)
    if not layers:
        return model
    if len(model.input_shape) != 4:
        raise ConfigError(
            f"image augmentation needs image inputs (height, width, channels); this model's input is {model.input_shape[1:]}",
            where="data.augment",
            hint="turn augmentation off for this data (e.g. data.augment.flip=null)",
        )
    inputs = keras.Input(shape=model.input_shape[1:], name="images")
    x = inputs
    for layer in layers:
        x = layer(x)
    return keras.Model(inputs, model(x), name=model.name)
