"""A run's params: the parts of the config the run uses, readable in MLflow's compare view."""

from __future__ import annotations

import pytest

from dlpipe.config import compose, validate
from dlpipe.config.plain import to_dict
from dlpipe.track.params import readable, record_params


def params_of(*overrides: str) -> dict[str, str]:
    """The params of a run of ``overrides`` (its folders set: they come from Hydra's run)."""
    folders = ["paths.root_dir=/here", "paths.output_dir=/here/outputs/1"]
    return record_params(to_dict(validate(compose([*overrides, *folders])), resolve=True))


def test_the_default_run_records_sixty_params_or_fewer_all_of_them_its_own() -> None:
    params = params_of()
    assert len(params) <= 60, sorted(params)
    for unused in ("data.image.", "data.augment.", "data.text.", "data.series.", "paths."):
        assert not [k for k in params if k.startswith(unused)], unused
    assert not [k for k in params if k.startswith("tracking.")]
    assert params["trainer.epochs"] == "200"
    assert params["data.preprocess.onehot"] == "[island]"
    assert params["data.preprocess.replace.sex.male"] == "1"
    assert "None" not in params.values() and "[]" not in params.values()


def test_layers_read_as_keras_calls() -> None:
    assert params_of()["model.layers"].startswith("Dense(units=32, activation=relu), Dropout(")


@pytest.mark.parametrize(
    ("overrides", "kept", "left_out"),
    [
        (
            ["data=mnist", "model=cnn"],
            ["data.image.color_mode"],
            ["data.preprocess.", "data.text."],
        ),
        (["data=mnist", "model=cnn", "data.augment.flip=horizontal"], ["data.augment.flip"], []),
        (["data=sentiment", "model=lstm"], ["data.text.length"], ["data.image.", "data.series."]),
        (["data=sine", "model=lstm"], ["data.series.horizon"], ["data.preprocess.", "data.text."]),
        (["+data.preprocess.kinds.island=text"], ["data.text.length"], ["data.series."]),
    ],
)
def test_each_data_kind_keeps_its_own_settings(
    overrides: list[str], kept: list[str], left_out: list[str]
) -> None:
    params = params_of(*overrides)
    for key in kept:
        assert key in params, key
    for prefix in left_out:
        assert not [k for k in params if k.startswith(prefix)], prefix


def test_a_value_set_on_the_command_line_is_a_param_and_unset_ones_are_not() -> None:
    assert "data.limit" not in params_of()
    assert params_of("data.limit=50")["data.limit"] == "50"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ([{"type": "Dense", "units": 8}, {"type": "Flatten"}], "Dense(units=8), Flatten()"),
        ([1, 2], "[1, 2]"),
        ({"a": [1], "b": "x"}, "{a: [1], b: x}"),
        (" ", '" "'),
        ("", '""'),
        ("사과", "사과"),
        (0.001, "0.001"),
    ],
)
def test_readable_values(value: object, text: str) -> None:
    assert readable(value) == text
    assert readable(readable(value)) == readable(value)  # a recorded value stays as it is
