"""A model group written for another kind of data is adapted in the config itself (what
ran is what is recorded), or the message names the choice that fits."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import CliResult
from dlpipe.commands.check import check_config
from dlpipe.config import compose
from dlpipe.config.adapt import adapted_layers


def types(layers: list) -> list[str]:
    return [entry["type"] for entry in layers]


@pytest.mark.parametrize(
    ("source", "first", "added"),
    [
        ("text", "LSTM", ["Embedding"]),
        ("text", "Conv1D", ["Embedding"]),
        ("text", "Bidirectional", ["Embedding"]),
        ("text", "Dense", ["Embedding", "GlobalAveragePooling1D"]),
        ("series", "Dense", ["Flatten"]),
    ],
)
def test_what_the_data_need_is_put_in_front(source: str, first: str, added: list[str]) -> None:
    layers = [{"type": first, "units": 4}, {"type": "Dropout", "rate": 0.1}]
    adapted = adapted_layers(source, layers)
    assert adapted is not None
    assert types(adapted[0]) == [*added, first, "Dropout"]
    assert first in adapted[1] and "put before" in adapted[1]


@pytest.mark.parametrize(
    ("source", "layers"),
    [
        ("csv", [{"type": "Dense", "units": 4}]),  # fits as it is
        ("series", [{"type": "LSTM", "units": 4}]),
        ("text", [{"type": "Embedding", "input_dim": 9, "output_dim": 2}, {"type": "LSTM"}]),
        ("text", [{"type": "Conv2D", "filters": 2}]),  # nothing sensible: the build says so
        ("text", [{"name": "a", "type": "LSTM", "inputs": "input"}, {"block": "x"}][1:]),
        ("text", []),
    ],
)
def test_layers_that_fit_or_cannot_be_adapted_stay_as_they_are(source: str, layers: list) -> None:
    assert adapted_layers(source, layers) is None


def test_the_checked_config_holds_the_adapted_model() -> None:
    cfg = compose(["data=sentiment", "model=lstm"])
    checked = check_config(cfg)
    embedding = checked.model.layers[0]
    assert embedding["type"] == "Embedding"
    assert embedding["input_dim"] == checked.data.text.max_tokens  # the vocabulary cap
    assert types(checked.model.layers)[1:] == ["LSTM", "Dropout", "LSTM"]
    again = check_config(cfg)  # adapting twice adds nothing
    assert types(again.model.layers) == types(checked.model.layers)


def test_check_says_what_was_put_in_front(cli_here: Callable[..., CliResult]) -> None:
    result = cli_here("check", "data=sentiment")  # the text model group, adapted
    assert result.code == 0, result.text
    assert "model=lstm" in result.text and "an Embedding" in result.text
