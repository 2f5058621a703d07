"""Every shipped model config validates, builds, and trains one step on tiny random data."""

from __future__ import annotations

import numpy as np
import pytest

from dlpipe.model import declared_spec, resolve_loss, resolve_metrics
from dlpipe.model.build import build_model
from dlpipe.training.compile import compile_model
from shipped_models import CASES, CONF_MODEL, shipped_config

HEADS = {
    "binary": (1, "sigmoid", "binary_crossentropy"),
    "multiclass": (3, "softmax", "sparse_categorical_crossentropy"),
    "regression": (1, "linear", "mse"),
}


def test_every_shipped_model_config_is_covered() -> None:
    assert sorted(p.stem for p in CONF_MODEL.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_shipped_model_builds_and_trains_one_step(name: str) -> None:
    shape, task, _ = CASES[name]
    cfg = shipped_config(name)
    input_shape, spec = declared_spec(cfg)
    loss = resolve_loss(cfg.model.loss, spec)
    model = build_model(cfg.model, input_shape, spec)
    units, activation, expected_loss = HEADS[task]
    head = model.layers[-1]
    assert head.units == units and head.activation.__name__ == activation
    assert loss == expected_loss

    compile_model(
        model, cfg.optimizer, loss, resolve_metrics(list(cfg.model.metrics), spec), cfg.trainer
    )
    rng = np.random.default_rng(0)
    x = rng.random((4, *shape), dtype=np.float32)
    y = rng.integers(0, 2, 4) if task != "regression" else rng.random(4, dtype=np.float32)
    before = [w.copy() for w in head.get_weights()]
    history = model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    assert any(not np.allclose(a, b) for a, b in zip(before, head.get_weights(), strict=True))
    assert model.predict(x, verbose=0).shape == (4, units)
