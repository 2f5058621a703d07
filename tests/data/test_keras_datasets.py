"""Keras data sets offline: data.path (.npz or IDX folder), Keras' cache, the clear error."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from datafiles import mnist_arrays, write_idx_folder, write_npz
from dlpipe.config import compose, validate
from dlpipe.data.keras_datasets import load_keras_dataset, read_idx
from dlpipe.errors import DataError
from dlpipe.preprocess.prepare import prepare


def config(*overrides: str):
    return validate(compose(["data=mnist", *overrides]))


def test_npz_path_gives_scaled_images_with_a_channel_axis(tmp_path: Path) -> None:
    npz = write_npz(tmp_path / "mnist.npz", mnist_arrays(60, 20))
    prepared = prepare(config(f"data.path={npz}"))
    assert prepared.x["train"].shape[1:] == (28, 28, 1)
    assert prepared.x["train"].dtype == np.float32
    assert float(prepared.x["train"].max()) == pytest.approx(250 / 255)
    assert len(prepared.x["train"]) + len(prepared.x["val"]) == 60  # 0.9 : 0.1 of train
    assert len(prepared.x["val"]) == 6
    assert len(prepared.x["test"]) == 20  # the data set's own test part
    assert prepared.y["train"].dtype == np.int64
    assert (prepared.preprocessor.task, prepared.preprocessor.target_onehot) == (
        "multiclass",
        False,
    )
    assert prepared.preprocessor.decode([3]) == [3]


def test_idx_folder_and_onehot_labels_when_the_loss_asks(tmp_path: Path) -> None:
    folder = write_idx_folder(tmp_path / "fashion", mnist_arrays(40, 10))
    cfg = config(
        "data.builtin=fashion_mnist", f"data.path={folder}", "model.loss=categorical_crossentropy"
    )
    prepared = prepare(cfg)
    assert prepared.y["train"].shape[1:] == (10,)
    assert prepared.y["test"].sum(axis=1).tolist() == [1.0] * 10
    assert prepared.preprocessor.decode(np.eye(10)[[0, 9]]) == ["T-shirt/top", "Ankle boot"]


def test_idx_reader_round_trips(tmp_path: Path) -> None:
    arrays = mnist_arrays(5, 5)
    folder = write_idx_folder(tmp_path / "idx", arrays)
    assert np.array_equal(read_idx(folder / "train-images-idx3-ubyte.gz"), arrays["x_train"])
    assert np.array_equal(read_idx(folder / "t10k-labels-idx1-ubyte.gz"), arrays["y_test"])


def test_keras_cache_is_used_without_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    write_npz(tmp_path / "datasets" / "mnist.npz", mnist_arrays(30, 10))
    (x_train, _, x_test, _), _ = load_keras_dataset(config("data.download=false").data)
    assert (len(x_train), len(x_test)) == (30, 10)


def test_offline_without_a_copy_names_the_file_and_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.raises(DataError) as caught:
        load_keras_dataset(config("data.download=false").data)
    text = str(caught.value)
    assert "no local copy of mnist" in text
    assert f"mnist.npz in {tmp_path / 'datasets'}/" in text
    assert "data.path" in text


def test_a_folder_without_idx_files_says_which_are_needed(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"train-images-idx3-ubyte\.gz"):
        load_keras_dataset(config(f"data.path={tmp_path}").data)


def test_limit_keeps_the_first_images(tmp_path: Path) -> None:
    npz = write_npz(tmp_path / "mnist.npz", mnist_arrays(60, 20))
    prepared = prepare(config(f"data.path={npz}", "data.limit=30"))
    assert len(prepared.x["train"]) + len(prepared.x["val"]) == 30
    assert len(prepared.x["test"]) == 20


def test_cifar_batches_folder_gives_colour_images(tmp_path: Path) -> None:
    import pickle

    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for name in [*(f"data_batch_{i}" for i in range(1, 6)), "test_batch"]:
        batch = {b"data": rng.integers(0, 256, (4, 3072), dtype=np.uint8), b"labels": [0, 1, 2, 3]}
        (folder / name).write_bytes(pickle.dumps(batch))
    (x_train, y_train, x_test, _), kset = load_keras_dataset(
        validate(compose(["data=cifar10", f"data.path={tmp_path}"])).data
    )
    assert x_train.shape == (20, 32, 32, 3) and x_test.shape == (4, 32, 32, 3)
    assert y_train.tolist()[:4] == [0, 1, 2, 3]
    assert kset.classes[3] == "cat"


class _Planted:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.marker,))


def test_a_planted_pickle_in_a_cifar_folder_is_refused_and_never_runs(tmp_path: Path) -> None:
    import pickle

    from dlpipe.data.keras_datasets import load_cifar_batch

    batch = tmp_path / "data_batch_1"
    batch.write_bytes(pickle.dumps({b"data": _Planted(tmp_path / "pwned"), b"labels": [0]}))
    with pytest.raises(DataError, match="is not a CIFAR-10 batch"):
        load_cifar_batch(batch)
    assert not (tmp_path / "pwned").exists()
