"""Image preprocessing: scale, channel axis, files at predict time, class names."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from datafiles import digit_like, write_image_folder
from dlpipe.errors import DataError
from dlpipe.preprocess.images import fit_images
from dlpipe.preprocess.persist import load_preprocessor, save_preprocessor


def test_grey_batches_get_a_channel_axis_and_1_over_255() -> None:
    images, labels = digit_like(6)
    prep = fit_images(images, list(range(10)), "multiclass", onehot=True, rescale=None)
    x = prep.transform(images)
    assert x.shape == (6, 28, 28, 1) and x.dtype == np.float32
    assert x.max() == pytest.approx(250 / 255)
    assert prep.encode_target(labels).shape == (6, 10)
    with pytest.raises(DataError, match="labels outside"):
        prep.encode_target([10])


def test_prepare_reads_files_resized_to_the_training_shape(tmp_path: Path) -> None:
    root = write_image_folder(tmp_path / "imgs", per_class=1, size=16, mode="RGB")
    prep = fit_images(np.zeros((1, 8, 8)), ["bright", "dark", "striped"], "multiclass", False, None)
    save_preprocessor(prep, tmp_path)
    loaded = load_preprocessor(tmp_path)
    x = loaded.transform(loaded.prepare(root))  # a folder: every image in it, sorted
    assert x.shape == (3, 8, 8, 1)  # colour files → the run's grey 8×8
    assert x[0].mean() > 0.7 and x[1].mean() < 0.2  # bright, then dark
    assert loaded.decode(np.eye(3)[[2, 0]]) == ["striped", "bright"]
    with pytest.raises(DataError, match="do not fit"):
        loaded.transform(np.zeros((1, 9, 9, 1)))
