"""A time series with the model left at the default gets the recurrent model group, and
says so; a model chosen on the command line or by an experiment is kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import CliResult
from dlpipe.config import compose_all
from dlpipe.config.adapt import fitting_model


@pytest.mark.parametrize(
    ("overrides", "fitting"),
    [
        ([], None),  # the penguins table: the dense default fits
        (["data=sine"], "model=lstm"),
        (["data=series", "data.series.window=12"], "model=lstm"),
        (["data=sine", "model=dense"], None),  # chosen on the command line
        (["data=sine", "model.layers=[{type:LSTM,units:4}]"], None),
        (["experiment=series_lstm"], None),  # the experiment sets its own model
        (["data=sine", "trainer.batch_size=16,32"], "model=lstm"),  # every job of a sweep
        (["data=sine,penguins"], None),  # jobs that would need different models
    ],
)
def test_the_model_group_is_picked_only_when_nothing_chose_one(
    overrides: list[str], fitting: str | None
) -> None:
    assert fitting_model(compose_all(overrides), overrides) == fitting


def test_check_composes_a_series_with_the_lstm(cli_here: Callable[..., CliResult]) -> None:
    result = cli_here("check", "data=sine")
    assert result.code == 0, result.text
    assert "model=lstm" in result.text
