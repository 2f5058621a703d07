"""The data folder (``paths.data_dir``): a relative ``data.path`` is looked up where you
run, then there; a Keras data set put there is read without a download."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult, penguin_like_frame
from datafiles import mnist_arrays, write_npz
from dlpipe.commands.check import check_config
from dlpipe.config import compose
from dlpipe.data.keras_datasets import load_keras_dataset


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    return tmp_path


def test_a_relative_path_is_read_from_where_you_run_first(here: Path) -> None:
    penguin_like_frame().to_csv(here / "birds.csv", index=False)
    penguin_like_frame().to_csv(here / "data" / "birds.csv", index=False)

    cfg = check_config(compose(["data=penguins", "data.path=birds.csv"]))

    assert cfg.data.path == "birds.csv"


def test_then_from_the_data_folder_and_the_config_names_the_file_read(here: Path) -> None:
    penguin_like_frame().to_csv(here / "data" / "birds.csv", index=False)
    (here / "data" / "texts").mkdir()
    (here / "data" / "texts" / "a_labelled.txt").write_text("good\t1\n")

    table = check_config(compose(["data=penguins", "data.path=birds.csv"]))
    texts = check_config(compose(["data=sentiment", "data.path=texts/*_labelled.txt"]))
    elsewhere = check_config(
        compose(["data=penguins", "data.path=birds.csv", f"paths.data_dir={here / 'none'}"])
    )

    assert table.data.path == "data/birds.csv"
    assert texts.data.path == "data/texts/*_labelled.txt"
    assert elsewhere.data.path == "birds.csv"  # found nowhere: the reader says so


def test_a_keras_data_set_put_in_the_data_folder_needs_no_download(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KERAS_HOME", str(here / "empty"))  # nothing in Keras' cache
    write_npz(here / "data" / "mnist.npz", mnist_arrays(30, 10))

    cfg = check_config(compose(["data=mnist", "data.download=false"]))
    (x_train, _, x_test, _), _ = load_keras_dataset(cfg.data)

    assert cfg.data.path == "data/mnist.npz"
    assert (len(x_train), len(x_test)) == (30, 10)


def test_check_reads_a_table_from_the_data_folder(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    (tmp_path / "data").mkdir()
    penguin_like_frame().to_csv(tmp_path / "data" / "birds.csv", index=False)

    result = cli_here("check", "data.path=birds.csv")

    assert result.code == 0, result.text
    assert "bill_length_mm" in result.out
