"""Labelled sentences: headerless TSV files, globs, quotes kept as text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult
from datafiles import write_sentences
from dlpipe.config import compose, validate
from dlpipe.data.text import read_sentences
from dlpipe.errors import ConfigError, DataError
from dlpipe.preprocess.prepare import prepare


def data_cfg(path: str, *overrides: str):
    return validate(compose(["data=sentiment", f"data.path={path}", *overrides])).data


def test_glob_of_headerless_tsv_files_is_read_whole(tmp_path: Path) -> None:
    write_sentences(tmp_path / "a_labelled.txt", n=10, seed=0)
    write_sentences(tmp_path / "b_labelled.txt", n=6, seed=1)
    (tmp_path / "readme.txt").write_text("not data\n")
    frame = read_sentences(data_cfg(f"{tmp_path}/*_labelled.txt"))
    assert list(frame.columns) == ["text", "label"]
    assert len(frame) == 16
    assert frame["text"].iloc[0].startswith('"')  # quotes inside a sentence stay text
    assert set(frame["label"]) == {0, 1}


def test_missing_file_and_wrong_text_column_are_clear(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no file matches"):
        read_sentences(data_cfg(f"{tmp_path}/*.tsv"))
    path = write_sentences(tmp_path / "s.tsv", n=4)
    with pytest.raises(DataError, match="column 'sentence' is not in the data"):
        read_sentences(data_cfg(str(path), "data.text.column=sentence"))


def test_embedding_smaller_than_the_vocabulary_is_caught_before_training(tmp_path: Path) -> None:
    path = write_sentences(tmp_path / "s.tsv", n=40)
    layers = (
        "model.layers=[{type:Embedding,input_dim:5,output_dim:4},{type:GlobalAveragePooling1D}]"
    )
    cfg = validate(compose(["data=sentiment", f"data.path={path}", layers]))
    with pytest.raises(ConfigError) as caught:
        prepare(cfg)
    assert caught.value.where == "model.layers[0] (Embedding)"
    assert "smaller than the vocabulary" in caught.value.message


def test_check_verb_catches_a_wrong_label_column_without_tensorflow(
    tmp_path: Path, cli_here: Callable[..., CliResult]
) -> None:
    path = write_sentences(tmp_path / "s.tsv", n=4)
    result = cli_here("check", "data=sentiment", f"data.path={path}", "data.target=labels")
    assert result.code == 2
    assert "data.target: column 'labels' is not in the data" in result.text
    assert "did you mean 'label'" in result.text


def test_sequences_too_long_for_the_memory_left_are_refused_naming_the_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dlpipe.data import memory

    path = write_sentences(tmp_path / "s_labelled.txt", n=40)
    monkeypatch.setattr(memory, "memory_available", lambda: 2**20)  # 1 MiB left
    cfg = validate(compose(["data=sentiment", f"data.path={path}", "data.text.length=100000"]))
    with pytest.raises(DataError) as caught:
        prepare(cfg)
    assert caught.value.where == "data.text.length"
    assert "40 sentences padded to 100,000 tokens" in caught.value.message
