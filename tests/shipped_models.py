"""Every shipped model config, built on declared shapes (no data read) for the model tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlpipe.config import compose, validate
from dlpipe.config.schema import Config

CONF_MODEL = Path(__file__).resolve().parents[1] / "conf" / "model"

# model → (input shape, task, extra overrides); the tasks cover every output rule.
CASES = {
    "dense": ([8], "regression", []),
    "cnn": ([28, 28, 1], "multiclass", []),
    "cnn1d": ([12, 3], "binary", []),
    "rnn": ([12, 3], "regression", []),
    "lstm": ([12, 3], "binary", []),
    "gru": ([12, 3], "multiclass", []),
    "cnn_blocks": ([16, 16, 3], "multiclass", []),
    # offline: random weights instead of the ImageNet download (tested in test_transfer)
    "transfer": ([32, 32, 3], "binary", ["model.layers.1.weights=null"]),
}


def shipped_config(name: str) -> Config:
    """The validated config of ``model=<name>`` with its case's declared input and task."""
    shape, task, extra = CASES[name]
    classes = {"binary": 2, "multiclass": 3, "regression": 0}[task]
    return validate(
        compose(
            [
                f"model={name}",
                "data=mnist",
                f"data.input_shape=[{','.join(map(str, shape))}]",
                f"data.num_classes={classes}",
                f"data.task={task}",
                *extra,
            ]
        )
    )


def build_shipped(name: str) -> Any:
    """The Keras model ``model=<name>`` builds for its case."""
    from dlpipe.model import declared_spec
    from dlpipe.model.build import build_model

    cfg = shipped_config(name)
    input_shape, spec = declared_spec(cfg)
    return build_model(cfg.model, input_shape, spec)
