"""The embedded 8×8 digits: images for the CNN path with no files at all."""

from __future__ import annotations

import numpy as np

from dlpipe.config import compose, validate
from dlpipe.preprocess.prepare import prepare


def test_digits_are_scaled_to_0_1_and_split_6_2_2() -> None:
    prepared = prepare(validate(compose(["data=digits"])))
    assert prepared.input_shape == (8, 8, 1)
    assert float(prepared.x["train"].max()) == 1.0  # 16 / 16
    sizes = [len(prepared.x[k]) for k in ("train", "val", "test")]
    assert sum(sizes) == 1797
    assert sizes[1] == sizes[2] == 360
    # stratified: every class in every split
    assert all(len(np.unique(prepared.y[k])) == 10 for k in ("train", "val", "test"))
