"""`dlpipe compare plot=…`: the picture's path is checked before any run is read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult


@pytest.mark.parametrize(
    ("plot", "says"),
    [
        ("{tmp}", "is a folder"),
        ("{tmp}/runs.txt", "not a picture file name"),
        ("{tmp}/there.png", "already exists"),
    ],
)
def test_a_plot_path_that_is_a_folder_or_no_picture_is_refused_first(
    plot: str,
    says: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cli_here: Callable[..., CliResult],
) -> None:
    def no_store(*args: object) -> list[object]:
        raise AssertionError("the runs were read before the plot path was checked")

    (tmp_path / "there.png").write_bytes(b"someone's picture")
    monkeypatch.setattr("dlpipe.track.compare.load_runs", no_store)
    result = cli_here("compare", f"plot={plot.format(tmp=tmp_path)}")
    assert result.code == 2, result.text
    assert "plot: " in result.err and says in result.err and "hint:" in result.err


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


@pytest.mark.parametrize(
    ("csv", "says"),
    [
        ("{tmp}", "is a folder"),
        ("{tmp}/runs.txt", "not a CSV file name"),
        ("{tmp}/there.csv", "already exists"),
    ],
)
def test_a_csv_path_that_is_a_folder_or_no_csv_is_refused_first(
    csv: str,
    says: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cli_here: Callable[..., CliResult],
) -> None:
    def no_store(*args: object) -> list[object]:
        raise AssertionError("the runs were read before the csv path was checked")

    (tmp_path / "there.csv").write_text("someone's table\n")
    monkeypatch.setattr("dlpipe.track.compare.load_runs", no_store)
    result = cli_here("compare", f"csv={csv.format(tmp=tmp_path)}")
    assert result.code == 2, result.text
    assert "csv: " in result.err and says in result.err and "hint:" in result.err
    assert (tmp_path / "there.csv").read_text() == "someone's table\n"
