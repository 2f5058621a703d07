"""`dlpipe check` finds what training would find in a table: it reads the table (pandas
only) whenever the command line chooses data or changes a step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult, penguin_like_frame
from dlpipe.commands.check import reads_table


@pytest.mark.parametrize(
    ("args", "reads"),
    [
        ([], False),
        (["trainer.epochs=3", "model=dense"], False),
        (["data.limit=40"], True),
        (["+data.preprocess.kinds.island=category"], True),
        (["data=titanic", "data.path=t.csv"], True),
        (["experiment=titanic_dense"], True),
    ],
)
def test_check_reads_the_table_when_the_data_or_its_steps_change(
    args: list[str], reads: bool
) -> None:
    assert reads_table(args) is reads


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (["data.limit=3"], "only 3 rows are left after preprocessing"),
        (["data.preprocess.infer=false", "data.preprocess.onehot=[]"], "'island' still holds text"),
        (["+data.preprocess.kinds.island=datetime"], "'island' is declared datetime"),
        (
            ["data.target=island", "data.preprocess.onehot=[]", "data.task=regression"],
            "the target 'island' holds text",
        ),
    ],
)
def test_check_finds_what_training_would_find_in_the_table(
    tmp_path: Path, cli_here: Callable[..., CliResult], change: list[str], says: str
) -> None:
    penguin_like_frame().to_csv(tmp_path / "p.csv", index=False)
    result = cli_here("check", "data.path=p.csv", *change)
    assert result.code == 2, result.text
    assert says in result.err
    assert "Traceback" not in result.text
