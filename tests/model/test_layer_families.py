"""Every layer family users name in YAML builds into one functional model (Keras' own classes)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from dlpipe.model.build import build_model
from dlpipe.model.head import OutputSpec

FAMILIES: dict[str, tuple[tuple[int, ...], list[dict[str, Any]]]] = {
    "tabular": (
        (6,),
        [
            {"type": "Input", "shape": [6]},
            {"type": "Dense", "units": 8, "activation": "relu", "use_bias": False},
            {"type": "BatchNormalization"},
            {"type": "Activation", "activation": "tanh"},
            {"type": "Dropout", "rate": 0.2},
            {"type": "Reshape", "target_shape": [2, 4]},
            {"type": "Flatten"},
        ],
    ),
    "images": (
        (16, 16, 1),
        [
            {"type": "RandomFlip", "mode": "horizontal"},
            {"type": "RandomRotation", "factor": 0.1},
            {"type": "RandomZoom", "height_factor": 0.1},
            {"type": "RandomTranslation", "height_factor": 0.1, "width_factor": 0.1},
            {"type": "GaussianNoise", "stddev": 0.1},
            {"type": "Conv2D", "filters": 4, "kernel_size": 3, "strides": 1, "padding": "same"},
            {"type": "AveragePooling2D", "pool_size": 2},
            {"type": "Conv2D", "filters": 4, "kernel_size": 3, "name": "branch"},
            {"type": "GlobalMaxPooling2D", "name": "max"},
            {"type": "GlobalAveragePooling2D", "inputs": "branch", "name": "avg"},
            {"type": "Concatenate", "inputs": ["max", "avg"]},
        ],
    ),
    "text": (
        (10,),
        [
            {"type": "Embedding", "input_dim": 50, "output_dim": 8},
            {"type": "Conv1D", "filters": 8, "kernel_size": 3, "padding": "same"},
            {"type": "MaxPooling1D", "pool_size": 2},
            {"type": "SimpleRNN", "units": 6, "return_sequences": True},
            {"type": "LSTM", "units": 6, "return_sequences": True},
            {
                "type": "Bidirectional",
                "layer": {"type": "GRU", "units": 4, "return_sequences": True},
            },
            {"type": "AveragePooling1D", "pool_size": 2},
            {"type": "GlobalAveragePooling1D"},
        ],
    ),
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_layer_family_builds_and_random_augmentation_is_off_at_inference(family: str) -> None:
    import keras

    shape, layers = FAMILIES[family]
    model = build_model({"name": family, "layers": layers}, shape, OutputSpec("multiclass", 3))
    assert isinstance(model, keras.Model)
    classes = [type(layer).__name__ for layer in model.layers[1:-1]]
    expected = [e["type"] for e in layers if e["type"] != "Input"]
    assert sorted(classes) == sorted(expected)
    x = np.random.default_rng(0).integers(0, 50, (3, *shape)).astype("float32")
    first, second = model.predict(x, verbose=0), model.predict(x, verbose=0)
    np.testing.assert_allclose(first, second)  # augmentation/noise only act while training
    np.testing.assert_allclose(first.sum(axis=1), 1.0, rtol=1e-5)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_summary_explain_works_out_every_family_as_keras_counts(family: str) -> None:
    from dlpipe.model.explain import explain_model, shape_of

    shape, layers = FAMILIES[family]
    model = build_model({"name": family, "layers": layers}, shape, OutputSpec("multiclass", 3))
    lines = explain_model(model)
    assert [line.layer for line in lines if not line.by_formula] == []
    assert [(line.worked.params, line.worked.shape) for line in lines] == [
        (layer.count_params(), shape_of(layer.output)) for layer in model.layers
    ]
