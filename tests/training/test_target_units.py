"""A regression target standardised on the training split, reported in its own units:
the model ends in a Rescaling layer, so its outputs, its metrics and a prediction from the
saved file are in the target's units, and the loss is the standardised one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dlpipe.config import compose, validate

pytestmark = pytest.mark.slow


def test_a_price_in_thousands_trains_on_its_standardised_value_and_answers_in_its_units(
    tmp_path: Path,
) -> None:
    from dlpipe.commands.train import build
    from dlpipe.preprocess.prepare import prepare
    from dlpipe.training.runtime import import_keras

    rng = np.random.default_rng(0)
    size = rng.uniform(20, 200, 300)
    rooms = rng.integers(1, 6, 300)
    table = pd.DataFrame({"size": size, "rooms": rooms, "price": 3000 + 40 * size + 500 * rooms})
    table.to_csv(tmp_path / "homes.csv", index=False)
    cfg = validate(
        compose(["data=csv", f"data.path={tmp_path / 'homes.csv'}", "data.target=price"])
    )
    prepared = prepare(cfg)
    prep = prepared.preprocessor
    train_prices = prepared.y["train"]
    assert prep.target_mean == pytest.approx(train_prices.mean(), rel=1e-5)
    assert prep.target_scale == pytest.approx(train_prices.std(), rel=1e-5)
    assert train_prices.min() > 3000  # the labels stay in the target's units

    import_keras()
    import keras

    keras.utils.set_random_seed(0)
    model = build(cfg, prepared)
    assert model.layers[-1].name == "target_units"
    history = model.fit(
        prepared.x["train"], prepared.y["train"], epochs=12, batch_size=16, verbose=0
    ).history
    assert history["loss"][-1] < 0.5  # the standardised loss: below the mean's 1.0
    scores = model.predict(prepared.x["test"], verbose=0)
    error = float(np.mean(np.abs(scores.reshape(-1) - prepared.y["test"])))
    assert error == pytest.approx(history["mae"][-1], rel=0.5)  # mae in the target's units
    naive = float(np.mean(np.abs(prepared.y["test"] - train_prices.mean())))
    assert error < naive / 2
    model.save(tmp_path / "model.keras")
    again = keras.models.load_model(tmp_path / "model.keras", compile=False)
    np.testing.assert_allclose(
        again.predict(prepared.x["test"][:3], verbose=0), scores[:3], rtol=1e-5
    )
    decoded = prep.decode_scores(scores)
    assert decoded["prediction"].between(3000, 20000).all()
