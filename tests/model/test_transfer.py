"""A keras.applications base: local weights, frozen or not, and a clear message offline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import run_cli
from dlpipe.commands.check import check_config
from dlpipe.config import compose, validate
from dlpipe.errors import DlpipeError
from dlpipe.model import declared_spec
from dlpipe.model.build import build_model

COLOUR = [
    "model=transfer",
    "data=mnist",
    "data.input_shape=[32,32,3]",
    "data.num_classes=2",
    "data.task=binary",
]


def build(*overrides: str):
    cfg = validate(compose([*COLOUR, *overrides]))
    input_shape, spec = declared_spec(cfg)
    return build_model(cfg.model, input_shape, spec)


def base_of(model):
    return next(layer for layer in model.layers if layer.name.startswith("mobilenetv2"))


def test_local_weights_file_is_loaded_and_the_base_frozen(tmp_path: Path) -> None:
    import keras

    saved = keras.applications.MobileNetV2(
        input_shape=(32, 32, 3), include_top=False, weights=None, alpha=0.35
    )
    path = tmp_path / "mobilenet_base.weights.h5"
    saved.save_weights(path)

    model = build(f"model.layers.1.weights={path}")
    base = base_of(model)
    for mine, theirs in zip(base.get_weights(), saved.get_weights(), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert base.trainable is False
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    assert trainable == 1280 * 1 + 1  # only the new sigmoid head learns


def test_unfrozen_base_trains_too() -> None:
    model = build("model.layers.1.weights=null", "model.layers.1.trainable=true")
    assert base_of(model).trainable is True
    assert len(model.trainable_weights) > 2


@pytest.mark.parametrize(
    ("override", "where", "message", "hint"),
    [
        (
            "model.layers.1.weights=missing/base.weights.h5",
            "model.layers[1].weights",
            "does not exist",
            "relative to the folder",
        ),
        (
            "model.layers.1.weights=base.ckpt",
            "model.layers[1].weights",
            "neither null, imagenet nor",
            ".weights.h5",
        ),
        (
            "model.layers.1.application=MobileNetV4",
            "model.layers[1].application",
            "unknown keras.applications model",
            "'MobileNetV2'",
        ),
        (
            "+model.layers.1.input_shape=[32,32,3]",
            "model.layers[1].input_shape",
            "gives the base its input",
            "Resizing",
        ),
    ],
)
def test_transfer_mistakes_are_caught_by_check(
    override: str, where: str, message: str, hint: str
) -> None:
    with pytest.raises(DlpipeError) as caught:
        check_config(compose([*COLOUR, override]))
    assert caught.value.where == where
    assert message in caught.value.message
    assert hint in (caught.value.hint or "")


def test_grey_images_into_an_imagenet_base_explain_the_channels() -> None:
    with pytest.raises(DlpipeError) as caught:
        build("data.input_shape=[32,32,1]")
    assert caught.value.where == "model.layers[1] (MobileNetV2)"
    assert "3 channels" in caught.value.message
    assert "Concatenate" in (caught.value.hint or "")


def test_imagenet_offline_exits_2_saying_how_to_use_a_local_file(tmp_path: Path) -> None:
    # This machine has no internet (only package registries), so the download fails for real;
    # an empty KERAS_HOME makes sure no cached copy is used.
    keras_home = tmp_path / "keras_home"
    result = run_cli("summary", *COLOUR, cwd=tmp_path, env={"KERAS_HOME": str(keras_home)})
    assert result.code == 2, result.text
    assert (
        "model.layers[1] (MobileNetV2).weights: could not download the ImageNet weights"
        in result.err
    )
    assert (
        "set weights: /path/to/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top.h5"
        in result.err
    )
    assert str(keras_home / "models") in result.err
    assert "Traceback" not in result.text
