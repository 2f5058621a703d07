"""Paths in Hydra's subtree that the sweeper writes to stay in the working folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dlpipe.config.hydra_keys import check_study_storage
from dlpipe.errors import ConfigError


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def test_an_optuna_study_is_kept_in_a_new_file_or_its_own_file(here: Path) -> None:
    import optuna

    check_study_storage("sqlite:///optuna.db")  # new: Optuna creates it
    optuna.create_study(storage="sqlite:///optuna.db", study_name="dense")
    check_study_storage("sqlite:///optuna.db")  # already a study: kept between sweeps
    check_study_storage("sqlite:///:memory:")
    check_study_storage("postgresql://me@127.0.0.1/studies")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("sqlite:///mlflow.db", "is not an Optuna study"),
        ("sqlite:///notes.txt", "is not an Optuna study"),
        ("sqlite:///../elsewhere.db", "outside the working folder"),
        ("sqlite:////etc/passwd", "outside the working folder"),
        ("optuna.db", "not a database URL"),
    ],
)
def test_the_study_never_lands_in_another_file(here: Path, url: str, words: str) -> None:
    with sqlite3.connect(here / "mlflow.db") as db:  # a store with tables of its own
        db.execute("CREATE TABLE runs (id TEXT)")
    (here / "notes.txt").write_text("my notes")

    with pytest.raises(ConfigError) as caught:
        check_study_storage(url)

    assert caught.value.where == "hydra.sweeper.storage"
    assert words in str(caught.value)
    assert (here / "notes.txt").read_text() == "my notes"
    with sqlite3.connect(here / "mlflow.db") as db:
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["runs"]
