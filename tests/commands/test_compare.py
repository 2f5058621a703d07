"""`dlpipe compare plot=…`: the picture's path is checked before any run is read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult


@pytest.mark.parametrize(
    ("arg", "path", "says"),
    [
        ("plot", "{tmp}", "is a folder"),
        ("plot", "{tmp}/runs.txt", "not a picture file name"),
        ("plot", "{tmp}/there.png", "already exists"),
        ("csv", "{tmp}", "is a folder"),
        ("csv", "{tmp}/runs.txt", "not a CSV file name"),
        ("csv", "{tmp}/there.csv", "already exists"),
    ],
)
def test_a_plot_or_csv_path_that_is_a_folder_or_of_another_kind_is_refused_first(
    arg: str,
    path: str,
    says: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cli_here: Callable[..., CliResult],
) -> None:
    def no_store(*args: object) -> list[object]:
        raise AssertionError(f"the runs were read before the {arg} path was checked")

    for there in ("there.png", "there.csv"):
        (tmp_path / there).write_text("someone's file\n")
    monkeypatch.setattr("dlpipe.track.compare.load_runs", no_store)
    result = cli_here("compare", f"{arg}={path.format(tmp=tmp_path)}")
    assert result.code == 2, result.text
    assert f"{arg}: " in result.err and says in result.err and "hint:" in result.err
    for there in ("there.png", "there.csv"):
        assert (tmp_path / there).read_text() == "someone's file\n"


def test_a_plot_that_cannot_be_written_is_one_message(tmp_path: Path) -> None:
    import pandas as pd

    from dlpipe.errors import ConfigError
    from dlpipe.track.compare import comparison_plot

    blocked = tmp_path / "file"
    blocked.write_text("a file where a folder would go")
    table = pd.DataFrame({"run": ["a"], "id": ["0123abcd"], "test_loss": [0.2]})
    with pytest.raises(ConfigError) as caught:
        comparison_plot(table, "test_loss", blocked / "compare.png")
    assert caught.value.where == "plot" and "cannot write" in caught.value.message
