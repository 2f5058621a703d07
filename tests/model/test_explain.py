"""`summary explain=true` works out each layer's numbers by hand, and they are Keras' own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult
from dlpipe.commands.summary import summary
from dlpipe.config import compose, validate
from dlpipe.model.build import build_model
from dlpipe.model.explain import Line, explain_model, explain_text, shape_of
from dlpipe.model.head import OutputSpec
from shipped_models import CASES, build_shipped


def assert_keras_agrees(model: Any, lines: list[Line]) -> None:
    """Every line came from a formula, and each gives Keras' count and output shape."""
    assert [line for line in lines if not line.by_formula] == []
    top = [line for line in lines if line.depth == 0]
    assert len(top) == len(model.layers)
    for line, layer in zip(top, model.layers, strict=True):
        assert line.layer == f"{layer.name} ({type(layer).__name__})"
        assert (line.worked.params, line.worked.shape) == (
            layer.count_params(),
            shape_of(layer.output),
        ), line.layer
    assert sum(line.worked.params for line in top) == model.count_params()


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_shipped_model_is_explained_with_keras_own_numbers(name: str) -> None:
    model = build_shipped(name)
    assert_keras_agrees(model, explain_model(model))


def test_the_sums_students_do_for_the_mnist_cnn() -> None:
    text = summary(validate(compose(["model=cnn", "data=mnist"])), explain=True)
    explained = text.split("How each layer's numbers come about")[1]
    for sums in (
        "(3×3×1 + 1) × 32 = 320",
        "28 − 3 + 1 = 26",
        "26 // 2 = 13",
        "(3×3×32 + 1) × 64 = 18,496",
        "5 × 5 × 64 = 1,600",
        "1600 × 10 + 10 = 16,010",
        "Total params: 320 + 18,496 + 16,010 = 34,826",
    ):
        assert sums in explained, sums
    assert "Total params: 34,826" in text  # Keras' own table above says the same


def built(shape: tuple[int, ...], layers: list[dict[str, Any]]) -> Any:
    return build_model({"name": "m", "layers": layers}, shape, OutputSpec("multiclass", 3))


# Settings that change the sums: strides, padding, dilation, groups, no bias, other
# normalisations, transposed, depthwise and separable convolutions, padding and cropping.
VARIANTS: dict[str, tuple[tuple[int, ...], list[dict[str, Any]], list[str]]] = {
    "strides-and-same-padding": (
        (28, 28, 3),
        [
            {"type": "Conv2D", "filters": 8, "kernel_size": 3, "strides": 2},
            {"type": "Conv2D", "filters": 8, "kernel_size": 3, "strides": 2, "padding": "same"},
            {
                "type": "Conv2D",
                "filters": 4,
                "kernel_size": 3,
                "dilation_rate": 2,
                "use_bias": False,
            },
            {"type": "MaxPooling2D", "pool_size": 3, "strides": 1},
            {"type": "AveragePooling2D", "pool_size": 2, "padding": "same"},
            {"type": "Flatten"},
        ],
        ["(28 − 3) // 2 + 1 = 13", "⌈13 / 2⌉ = 7", "(3×3×8) × 4 = 288", "7 − 5 + 1 = 3"],
    ),
    "rectangles-and-groups": (
        (20, 12, 4),
        [
            {"type": "Conv2D", "filters": 6, "kernel_size": [5, 3], "groups": 2},
            {"type": "ZeroPadding2D", "padding": [[1, 2], [0, 1]]},
            {"type": "Cropping2D", "cropping": 1},
            {"type": "Conv2DTranspose", "filters": 2, "kernel_size": 3, "strides": 2},
            {"type": "DepthwiseConv2D", "kernel_size": 3, "depth_multiplier": 2},
            {"type": "SeparableConv2D", "filters": 5, "kernel_size": 3},
            {"type": "LayerNormalization"},
            {"type": "BatchNormalization", "center": False},
            {"type": "GlobalMaxPooling2D"},
        ],
        ["(5×3×2 + 1) × 6 = 186", "20 − 5 + 1 = 16; 12 − 3 + 1 = 10", "16 + 1 + 2 = 19"],
    ),
    "volumes": (
        (8, 8, 8, 1),
        [
            {"type": "Conv3D", "filters": 2, "kernel_size": 3},
            {"type": "MaxPooling3D", "pool_size": 2},
            {"type": "Flatten"},
        ],
        ["(3×3×3×1 + 1) × 2 = 56", "8 − 3 + 1 = 6", "6 // 2 = 3", "3 × 3 × 3 × 2 = 54"],
    ),
    "sequences": (
        (10,),
        [
            {"type": "Embedding", "input_dim": 50, "output_dim": 8},
            {"type": "Conv1D", "filters": 4, "kernel_size": 3, "padding": "causal"},
            {"type": "GRU", "units": 5, "reset_after": False, "return_sequences": True},
            {"type": "Bidirectional", "layer": {"type": "LSTM", "units": 3}, "merge_mode": "sum"},
            {"type": "Reshape", "target_shape": [-1, 1]},
            {"type": "Flatten"},
        ],
        ["50 × 8 = 400", "3 × 5 × (4 + 5 + 1) = 150", "2 × [4 × 3 × (5 + 3 + 1) = 108] = 216"],
    ),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_settings_that_change_the_sums_are_worked_out_right(variant: str) -> None:
    shape, layers, sums = VARIANTS[variant]
    model = built(shape, layers)
    assert_keras_agrees(model, explain_model(model))
    text = explain_text(model)
    for expected in sums:
        assert expected in text, expected


def test_a_table_with_a_text_column_and_an_augmented_model_are_explained() -> None:
    from dlpipe.model.augment import with_augmentation
    from dlpipe.model.build import build_model as build

    cfg = validate(compose(["model=cnn", "data=mnist", "data.augment.flip=horizontal"]))
    images = with_augmentation(
        build(cfg.model, (28, 28, 1), OutputSpec("multiclass", 10)), cfg.data.augment, 0
    )
    lines = explain_model(images)
    assert_keras_agrees(images, lines)
    assert any(line.depth == 1 and "(Conv2D)" in line.layer for line in lines)  # written out
    table = build(
        {"name": "t", "layers": [{"type": "Dense", "units": 4}]},
        (7,),
        OutputSpec("binary", 2),
        "table",
        [("review", 5, 40)],
    )
    assert_keras_agrees(table, explain_model(table))
    assert "40 × 32 = 1,280" in explain_text(table)  # the text column's embedding


def test_a_pretrained_base_is_one_line_with_the_sum_of_its_layers() -> None:
    model = build_shipped("transfer")
    text = explain_text(model)
    assert "154 layers: their sums add up to 410,208" in text
    assert "DepthwiseConv2D" not in text  # its layers are summed, not listed


def test_a_layer_without_a_formula_reads_its_weights() -> None:
    model = built((6, 4), [{"type": "PReLU"}, {"type": "Flatten"}])
    line = explain_model(model)[1]
    assert not line.by_formula
    assert line.worked.params == 24 and "6×4 = 24  (its weights' shapes)" in explain_text(model)


def test_summary_explain_through_the_cli(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    result = cli_here("summary", "explain=true", "model=cnn", "data=mnist", cwd=tmp_path)
    assert result.code == 0, result.text
    assert "(3×3×1 + 1) × 32 = 320" in result.out and "26 // 2 = 13" in result.out
    plain = cli_here("summary", "model=cnn", "data=mnist", cwd=tmp_path)
    assert "How each layer's numbers" not in plain.out
    wrong = cli_here("summary", "explain=yes", cwd=tmp_path)
    assert wrong.code == 2 and "explain: 'yes' is not true or false" in wrong.err
