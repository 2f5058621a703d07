"""Image folders: classes from sub-folders, resize, colour, split, streamed batches."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from datafiles import write_image_folder, write_png_header
from dlpipe.config import compose, validate
from dlpipe.errors import DataError
from dlpipe.preprocess.prepare import prepare


def config(path: Path, *overrides: str):
    return validate(
        compose(["data=image_folder", f"data.path={path}", "trainer.batch_size=8", *overrides])
    )


def batches(dataset) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = zip(*[(x.numpy(), y.numpy()) for x, y in dataset], strict=True)
    return np.concatenate(xs), np.concatenate(ys)


def test_folder_streams_scaled_batches_split_by_fractions(tmp_path: Path) -> None:
    root = write_image_folder(tmp_path / "shapes", per_class=10, size=12)
    prepared = prepare(config(root, "data.image.size=[10,10]", "data.image.cache=true"))
    prep = prepared.preprocessor
    assert prep.classes == ["bright", "dark", "striped"]
    assert prepared.input_shape == (10, 10, 1)  # grey PNGs → one channel (auto)
    assert prepared.y["train"] is None  # a tf.data stream carries its labels
    x_train, y_train = batches(prepared.x["train"])
    x_val, _ = batches(prepared.x["val"])
    x_test, _ = batches(prepared.x["test"])
    assert len(x_train) + len(x_val) + len(x_test) == 30
    assert (len(x_val), len(x_test)) == (4, 5)  # int(0.3 * 30) = 9 held out, cut 0.15 : 0.15
    assert x_train.shape[1:] == (10, 10, 1)
    assert x_train.min() >= 0.0 and x_train.max() <= 1.0
    assert set(y_train.tolist()) <= {0, 1, 2}
    # the same held-out images every time (val/test never mix)
    again, _ = batches(prepared.x["val"])
    assert np.array_equal(again, x_val)
    # streamed without tf.data's autotuning thread (trainer.tf_data_autotune=false)
    assert all(ds.options().autotune.enabled is False for ds in prepared.x.values())


def test_presplit_train_test_folders_and_rgb(tmp_path: Path) -> None:
    write_image_folder(tmp_path / "d" / "train", per_class=6, size=8, mode="RGB")
    write_image_folder(tmp_path / "d" / "test", per_class=2, size=8, mode="RGB")
    prepared = prepare(config(tmp_path / "d"))
    assert set(prepared.x) == {"train", "test"}
    assert prepared.input_shape == (8, 8, 3)
    x_test, y_test = batches(prepared.x["test"])
    assert len(x_test) == 6
    assert sorted(y_test.tolist()) == [0, 0, 1, 1, 2, 2]


def test_a_folder_without_class_subfolders_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "flat").mkdir()
    with pytest.raises(DataError, match="class folder"):
        prepare(config(tmp_path / "flat"))


@pytest.mark.parametrize(
    ("width", "height", "says"),
    [(10_000, 10_000, "declares 10,000 × 10,000 pixels"), (30_000, 30_000, "more than")],
    ids=["past the limit", "past twice the limit"],
)
def test_an_image_that_declares_too_many_pixels_is_refused_from_its_header(
    tmp_path: Path, width: int, height: int, says: str
) -> None:
    from dlpipe.data.image_folder import check_images

    root = write_image_folder(tmp_path / "imgs", per_class=2, size=8)
    bomb = write_png_header(
        root / sorted(p.name for p in root.iterdir())[0] / "x.png", width, height
    )
    assert bomb.stat().st_size < 20_000
    with pytest.raises(DataError) as caught:
        check_images(root)
    assert says in caught.value.message and "x.png" in caught.value.message
    assert caught.value.where == "data.path"


def test_predict_refuses_such_an_image_too(tmp_path: Path) -> None:
    from dlpipe.preprocess.images import ImagePreprocessor

    bomb = write_png_header(tmp_path / "x.png", 10_000, 10_000)
    with pytest.raises(DataError) as caught:
        ImagePreprocessor((8, 8, 1), 255.0, ["a", "b"], "binary").load_image(bomb)
    assert "declares 10,000 × 10,000 pixels" in caught.value.message
    assert caught.value.where == "input"
