"""The model's outputs without ``model.predict``: the same numbers, batch by batch."""

from __future__ import annotations

import numpy as np
import pytest

from dlpipe.training import fit as fit_module

pytestmark = pytest.mark.slow


def test_outputs_are_what_predict_gives_in_any_batching(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlpipe.training.runtime import import_keras

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
    per_sample = 36 + fit_module._floats_per_sample(model)
    monkeypatch.setattr(fit_module, "OUTPUT_BATCH_FLOATS", per_sample * 7)  # batches of 7
    got = fit_module.outputs(model, x)
    assert got.shape == (50, 3)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize(
    ("loss", "classes", "regularised"),
    [
        ("sparse_categorical_crossentropy", 3, False),
        ("categorical_crossentropy", 3, True),  # one-hot labels, plus an L2 penalty
        ("binary_crossentropy", 1, False),
        ("mse", 1, True),
    ],
)
def test_test_metrics_are_what_model_evaluate_gives(
    loss: str, classes: int, regularised: bool
) -> None:
    from dlpipe.training.runtime import import_keras

    import_keras()
    import keras

    keras.utils.set_random_seed(1)
    rng = np.random.default_rng(1)
    x = rng.random((90, 5)).astype("float32")
    labels = rng.integers(0, max(classes, 2), 90)
    if loss == "categorical_crossentropy":
        y = np.eye(classes, dtype="float32")[labels]
    elif loss == "mse":
        y = rng.random(90).astype("float32")
    else:
        y = labels
    head = "linear" if loss == "mse" else "sigmoid" if classes == 1 else "softmax"
    model = keras.Sequential(
        [
            keras.Input((5,)),
            keras.layers.Dense(
                8, activation="relu", kernel_regularizer="l2" if regularised else None
            ),
            keras.layers.Dense(classes, activation=head),
        ]
    )
    metrics = ["mae"] if loss == "mse" else ["accuracy"]
    model.compile("adam", loss, metrics=metrics, steps_per_execution=4)
    model.fit(x, y, epochs=2, batch_size=16, verbose=0)

    expected = model.evaluate(x, y, batch_size=32, verbose=0, return_dict=True)
    got, scores = fit_module.evaluate(model, x, y)

    assert list(got) == [f"test_{k}" for k in sorted(expected)]
    for name, value in expected.items():
        assert got[f"test_{name}"] == pytest.approx(value, rel=1e-5, abs=1e-6), name
    np.testing.assert_allclose(scores, model.predict(x, verbose=0), rtol=1e-6, atol=1e-7)
