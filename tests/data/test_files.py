"""Files dlpipe reads: local regular files only, archives that fit in memory."""

from __future__ import annotations

import gzip
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest

from dlpipe.data import memory
from dlpipe.data.files import check_archive, local_file
from dlpipe.errors import DataError


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("/dev/zero", "not a regular file"),
        ("https://example.com/data.csv", "web address"),
        ("{tmp}", "is a folder"),
        ("{tmp}/missing.csv", "does not exist"),
        ("{tmp}/pipe", "not a regular file"),
    ],
)
def test_only_a_local_regular_file_is_read(tmp_path: Path, name: str, says: str) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(DataError) as caught:
        local_file(name.format(tmp=tmp_path), "data.path", hint="h")
    assert says in caught.value.message and caught.value.where == "data.path"


def _bomb(path: Path, megabytes: int) -> Path:
    """A zip of a few kB that inflates to ``megabytes`` MB (zeros compress ~1000:1)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("model.weights.h5", b"\0" * (megabytes * 2**20))
    return path


def test_an_archive_inflating_past_the_memory_left_is_refused_before_inflating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = _bomb(tmp_path / "model.keras", 64)
    assert bomb.stat().st_size < 2**20
    monkeypatch.setattr(memory, "memory_available", lambda: 100 * 2**20)  # 100 MiB left
    with pytest.raises(DataError) as caught:
        check_archive(bomb, "run")
    assert "inflates to 64 MiB" in caught.value.message and caught.value.where == "run"
    check_archive(_bomb(tmp_path / "small.keras", 8), "run")  # 8 of 50 MiB: fine


def test_an_npz_data_set_is_checked_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dlpipe.data.keras_datasets import read_npz

    path = tmp_path / "mnist.npz"
    np.savez_compressed(path, x_train=np.zeros((4096, 4096), np.uint8))  # 16 MiB
    monkeypatch.setattr(memory, "memory_available", lambda: 8 * 2**20)
    with pytest.raises(DataError) as caught:
        read_npz(path, "data.path")
    assert "inflates to 16 MiB" in caught.value.message


def test_an_idx_file_is_never_unpacked_past_its_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dlpipe.data import keras_datasets

    path = tmp_path / "train-images-idx3-ubyte.gz"
    with gzip.open(path, "wb") as f:
        f.write(b"\0" * (3 * 2**20))
    monkeypatch.setattr(keras_datasets, "MAX_IDX_BYTES", 2**20)
    with pytest.raises(DataError) as caught:
        keras_datasets.read_idx(path)
    assert "more than 1 MiB once unpacked" in caught.value.message
