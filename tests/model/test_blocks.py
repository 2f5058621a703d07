"""Blocks, names and `inputs` connections expand into layer calls (pure Python, no Keras)."""

from __future__ import annotations

from typing import Any

import pytest

from dlpipe.errors import ModelError
from dlpipe.model.blocks import INPUT, plan_model

CONV_BLOCK = {
    "params": ["channels"],
    "layers": [
        {"type": "Conv2D", "filters": "$channels", "kernel_size": 3, "padding": "same"},
        {"type": "BatchNormalization"},
        {"type": "Activation", "activation": "relu"},
    ],
}


def model(layers: list[Any], **blocks: Any) -> dict[str, Any]:
    return {"name": "m", "layers": layers, "blocks": blocks}


def test_a_block_used_twice_expands_with_each_value_and_its_own_names() -> None:
    plan = plan_model(
        model(
            [{"block": "conv", "channels": 32}, {"block": "conv", "channels": 64}],
            conv=CONV_BLOCK,
        )
    )
    assert [n.kind for n in plan.nodes] == ["Conv2D", "BatchNormalization", "Activation"] * 2
    assert [n.entry["filters"] for n in plan.nodes if n.kind == "Conv2D"] == [32, 64]
    assert isinstance(plan.nodes[0].entry["filters"], int)  # the type is kept, not "32"
    assert plan.nodes[0].entry["name"] == "conv_1_conv2d"
    assert plan.nodes[3].entry["name"] == "conv_2_conv2d"
    assert plan.nodes[3].inputs == (plan.nodes[2].key,)  # the second use follows the first
    assert plan.nodes[4].where == "model.layers[1] → model.blocks.conv.layers[1]"


def test_defaults_and_nested_values_are_substituted() -> None:
    block = {
        "params": {"channels": 8, "k": 3},
        "layers": [{"type": "Conv2D", "filters": "$channels", "kernel_size": ["$k", "$k"]}],
    }
    plan = plan_model(model([{"block": "b", "k": 5}], b=block))
    assert plan.nodes[0].entry["filters"] == 8
    assert plan.nodes[0].entry["kernel_size"] == [5, 5]


def test_residual_add_takes_the_block_input_and_a_named_layer() -> None:
    residual = {
        "params": ["channels"],
        "layers": [
            {"type": "Conv2D", "filters": "$channels", "kernel_size": 3, "name": "conv_b"},
            {"type": "Add", "inputs": ["input", "conv_b"]},
        ],
    }
    plan = plan_model(
        model(
            [{"type": "Dense", "units": 4, "name": "stem"}, {"block": "res", "channels": 4}],
            res=residual,
        )
    )
    _stem, conv_b, add = plan.nodes
    assert conv_b.entry["name"] == "res_1_conv_b"
    assert add.inputs == ("stem", "res_1_conv_b")
    assert plan.output == add.key


def test_concatenate_refers_to_block_uses_by_name() -> None:
    plan = plan_model(
        model(
            [
                {"block": "conv", "channels": 8, "name": "left"},
                {"block": "conv", "channels": 16, "name": "right", "inputs": "input"},
                {"type": "Concatenate", "inputs": ["left", "right"]},
            ],
            conv=CONV_BLOCK,
        )
    )
    concat = plan.nodes[-1]
    assert concat.inputs == ("left_activation", "right_activation")
    assert plan.nodes[3].inputs == (INPUT,)  # the right branch starts again from the input


def test_a_first_input_entry_is_kept_as_the_declared_shape() -> None:
    plan = plan_model(model([{"type": "Input", "shape": [28, 28, 1]}, {"type": "Flatten"}]))
    assert plan.input_shape == (28, 28, 1)
    assert [n.kind for n in plan.nodes] == ["Flatten"]
    assert plan.nodes[0].where == "model.layers[1]"


@pytest.mark.parametrize(
    ("layers", "blocks", "where", "message", "hint"),
    [
        (
            [{"block": "conv_blok", "channels": 8}],
            {"conv_block": CONV_BLOCK},
            "model.layers[0]",
            "unknown block 'conv_blok'",
            "did you mean 'conv_block'",
        ),
        (
            [{"block": "conv"}],
            {"conv": CONV_BLOCK},
            "model.layers[0]",
            "needs a value for 'channels'",
            "{block: conv, channels: ...}",
        ),
        (
            [{"block": "conv", "channels": 8, "chanels": 8}],
            {"conv": CONV_BLOCK},
            "model.layers[0].chanels",
            "has no parameter 'chanels'",
            "did you mean 'channels'",
        ),
        (
            [{"type": "Conv2D", "filters": "$channels", "kernel_size": 3}],
            {},
            "model.layers[0]",
            "not inside a block",
            "declare a block",
        ),
        (
            [{"block": "b"}],
            {"b": {"params": [], "layers": [{"type": "Dense", "units": "$unit"}]}},
            "model.layers[0] → model.blocks.b.layers[0]",
            "not a parameter of block 'b'",
            "model.blocks.b.params",
        ),
        (
            [{"block": "b", "units": 2}],
            {"b": {"params": ["units"], "layers": [{"type": "Dense", "units": "$unit"}]}},
            "model.layers[0] → model.blocks.b.layers[0]",
            "$unit is not a parameter",
            "did you mean 'units'",
        ),
        (
            [{"type": "Dense", "units": 2}, {"type": "Add", "inputs": ["input", "skip"]}],
            {},
            "model.layers[1].inputs",
            "unknown input 'skip'",
            "name a layer",
        ),
        (
            [
                {"type": "Dense", "units": 2, "name": "a"},
                {"type": "Dense", "units": 2, "name": "a"},
            ],
            {},
            "model.layers[1].name",
            "used twice",
            "unique",
        ),
        (
            [{"type": "Dense", "units": 2, "name": "output"}],
            {},
            "model.layers[0].name",
            "reserved",
            "pick another name",
        ),
        (
            [{"block": "b"}],
            {"b": {"layers": [{"block": "b"}]}},
            "model.layers[0] → model.blocks.b.layers[0]",
            "uses itself",
            None,
        ),
        ([{"units": 2}], {}, "model.layers[0]", "needs a 'type'", "{type: Dense"),
        (
            [{"type": "Dense", "units": 2}, {"type": "Input", "shape": [2]}],
            {},
            "model.layers[1]",
            "only be the first entry",
            "remove this entry",
        ),
    ],
)
def test_block_and_connection_mistakes_name_the_yaml_path(
    layers: list[Any], blocks: dict[str, Any], where: str, message: str, hint: str | None
) -> None:
    with pytest.raises(ModelError) as caught:
        plan_model(model(layers, **blocks))
    assert caught.value.where == where
    assert message in caught.value.message
    if hint:
        assert hint in (caught.value.hint or "")


def test_blocks_may_use_other_blocks() -> None:
    outer = {
        "params": ["c"],
        "layers": [{"block": "conv", "channels": "$c"}, {"type": "Dropout", "rate": 0.1}],
    }
    plan = plan_model(model([{"block": "outer", "c": 8}], conv=CONV_BLOCK, outer=outer))
    assert plan.nodes[0].entry == {
        "type": "Conv2D",
        "filters": 8,
        "kernel_size": 3,
        "padding": "same",
        "name": "outer_1_conv_1_conv2d",
    }
    assert plan.nodes[-1].entry["name"] == "outer_1_dropout"


def test_hydra_interpolation_still_works_next_to_block_parameters() -> None:
    from dlpipe.config import compose, validate

    cfg = validate(
        compose(["data=mnist", "model=cnn_blocks", "model.layers.0.channels=${data.num_classes}"])
    )
    plan = plan_model(cfg.model)
    assert plan.nodes[0].entry["filters"] == 10
