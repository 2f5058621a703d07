"""The model's outputs without ``model.predict``: the same numbers, batch by batch."""

from __future__ import annotations

import numpy as np
import pytest

from dlpipe.train import fit as fit_module

pytestmark = pytest.mark.slow


def test_outputs_are_what_predict_gives_in_any_batching(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlpipe.train.runtime import import_keras

    import_keras()
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((6, 6, 1)),
            keras.layers.Conv2D(4, 3, activation="relu"),
            keras.layers.Dropout(0.5),  # inference mode: no units dropped
            keras.layers.Flatten(),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    x = np.random.default_rng(0).random((50, 6, 6, 1)).astype("float32")
    expected = model.predict(x, verbose=0)

    np.testing.assert_allclose(fit_module.outputs(model, x), expected, rtol=1e-6, atol=1e-7)
    monkeypatch.setattr(fit_module, "OUTPUT_BATCH_FLOATS", 36 * 7)  # batches of 7 samples
    got = fit_module.outputs(model, x)
    assert got.shape == (50, 3)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)
