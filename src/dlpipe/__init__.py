"""dlpipe: a declarative Keras training pipeline (Hydra configs in, MLflow runs out).

From Python (a notebook)::

    import dlpipe
    result = dlpipe.train("data=titanic", "data.path=train.csv", seed=7)
    result.metrics, result.history["val_loss"], result.run_id
    dlpipe.load(result.run_id).predict(new_rows)     # a DataFrame, an array or a path
    dlpipe.compose("model=cnn", "data=mnist")        # the validated config, nothing run

The names load when first used: ``import dlpipe`` imports neither TensorFlow nor Hydra.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "train": "dlpipe.api",
    "load": "dlpipe.api",
    "compose": "dlpipe.api",
    "TrainResult": "dlpipe.api",
    "Trained": "dlpipe.api",
    "DlpipeError": "dlpipe.errors",
    "ConfigError": "dlpipe.errors",
    "DataError": "dlpipe.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'dlpipe' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
