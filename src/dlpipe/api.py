"""dlpipe from Python (a notebook): the command line's path, without the shell.

``dlpipe.train("model=cnn", "data=mnist")`` is ``python -m dlpipe model=cnn data=mnist``:
the same composition (``./conf`` or ``config_dir=`` first), checks, run folder and
MLflow record. Keyword options are overrides too, for keys that are Python names
(``dlpipe.train(data="titanic", seed=7)``) or any key through a dict
(``**{"trainer.epochs": 5}``). A mistake raises dlpipe's own exception, whose text is
the message the CLI prints; nothing calls ``sys.exit``. A sweep returns a list of results. TensorFlow is imported by
``train`` and ``load(...).predict``, not by ``import dlpipe``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlpipe.config.schema import Config


@dataclass
class TrainResult:
    """What one run made: the trained Keras model, its history (one list per metric, an
    entry per epoch), the test metrics, the MLflow run's id (None with tracking off),
    the fitted preprocessor, the config that ran, and the run's folder."""

    model: Any
    history: dict[str, list[float]]
    metrics: dict[str, float]
    run_id: str | None
    preprocessor: Any
    config: Config
    output_dir: Path

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v:.4g}" for k, v in self.metrics.items())
        return f"TrainResult(run_id={self.run_id!r}, metrics={{{shown}}}, output_dir='{self.output_dir}')"


def compose(*overrides: str, config_dir: str | Path | None = None, **options: Any) -> Config:
    """The validated config a run with these overrides would use (as ``check`` composes
    it, the model group fitted to the data included); nothing is read or trained."""
    from dlpipe.commands.check import check_config
    from dlpipe.config import compose_all
    from dlpipe.config.adapt import fitted_to_data
    from dlpipe.config.folders import config_folders
    from dlpipe.errors import ConfigError

    folders, args = config_folders(_arguments(overrides, options, config_dir))
    if any(a.startswith("-") for a in args):
        raise ConfigError(
            f"compose takes overrides only, not {next(a for a in args if a.startswith('-'))!r}",
            where="compose",
            hint='e.g. dlpipe.compose("model=cnn", "data=mnist", seed=7)',
        )
    _, composed, _ = fitted_to_data(args, lambda o: compose_all(o, folders))
    if len(composed) > 1:
        raise ConfigError(
            f"these overrides make a sweep of {len(composed)} configs; compose gives one",
            where="compose",
            hint="give one value per key (a,b is a sweep)",
        )
    return check_config(composed[0])


def train(
    *overrides: str, config_dir: str | Path | None = None, **options: Any
) -> TrainResult | list[TrainResult]:
    """Train as ``python -m dlpipe <overrides>`` does; returns the run's results. A sweep
    (``"-m"`` with ``key=a,b``, ``hparams_search=``, or an experiment that sweeps) runs
    under one MLflow parent run, as on the command line, and returns one result per job."""
    from dlpipe.commands.train import train_here

    results = [
        _result(config, result)
        for config, result in train_here(_arguments(overrides, options, config_dir))
    ]
    sweeps = any(a in ("-m", "--multirun") or a.startswith("hparams_search=") for a in overrides)
    return results if sweeps or len(results) != 1 else results[0]


def _result(config: Config, result: dict[str, Any]) -> TrainResult:
    return TrainResult(
        model=result["model"],
        history=result["history"],
        metrics=dict(result["metrics"]),
        run_id=result["run_id"],
        preprocessor=result["preprocessor"],
        config=config,
        output_dir=Path(result["output_dir"]),
    )


@dataclass
class Trained:
    """A trained run, loaded: ``predict`` takes what the ``predict`` verb takes."""

    preprocessor: Any
    config: dict[str, Any]
    source: str
    _run: Any = field(repr=False)

    @property
    def model(self) -> Any:
        """The trained Keras model (loaded on first use)."""
        return self._run.model

    def predict(self, data: Any) -> Any:
        """Predictions for new raw data — a DataFrame (or dict of columns), a NumPy array
        (a table's feature columns in order, or images), or a path (a CSV, a text file,
        an image or a folder of them) — as the ``predict`` verb writes them: the input's
        columns, then the predicted ones."""
        import numpy as np
        import pandas as pd

        from dlpipe.commands.predict import read_input
        from dlpipe.preprocess.predictions import array_predictions, predictions_frame

        if isinstance(data, np.ndarray):
            self.preprocessor.array_input(data[:1])  # the shape: said before Keras loads
            return array_predictions(self.model, self.preprocessor, data)
        if isinstance(data, str | Path):
            raw = read_input(Path(data), self._run)
        elif isinstance(data, pd.DataFrame):
            raw = data
        elif isinstance(data, Mapping):
            raw = pd.DataFrame(dict(data))
        elif isinstance(data, Sequence) and data and all(isinstance(p, str | Path) for p in data):
            raw = pd.DataFrame({"path": [str(p) for p in data]})  # image files
        else:
            from dlpipe.errors import DataError

            raise DataError(
                f"cannot predict on a {type(data).__name__}",
                where="predict",
                hint="give a DataFrame, a NumPy array, or the path of a file or folder",
            )
        self.preprocessor.check_input(raw)  # a missing column: said before Keras loads
        predictions = predictions_frame(self.model, self.preprocessor, raw)
        return pd.concat([raw.reset_index(drop=True), predictions], axis=1)


def load(run: str | Path, tracking_uri: str | None = None) -> Trained:
    """A trained run, by its MLflow run id or its run folder (``outputs/<date>/<time>``)."""
    from dlpipe.commands.predict import load_run

    loaded = load_run(str(run), tracking_uri)
    if loaded.downloaded:  # keep the files while this object lives: the model loads late
        _ = loaded.model
    return Trained(loaded.preprocessor, loaded.config, loaded.source, loaded)


def _arguments(
    overrides: Sequence[str], options: Mapping[str, Any], config_dir: str | Path | None
) -> list[str]:
    """Command-line arguments: the overrides, each option as ``key=value``, the folder."""
    from dlpipe.errors import ConfigError

    args = []
    for item in overrides:
        if not isinstance(item, str):
            raise ConfigError(
                f"an override is text such as 'trainer.epochs=5', got {item!r}",
                where="overrides",
                hint='dlpipe.train("trainer.epochs=5") or dlpipe.train(**{"trainer.epochs": 5})',
            )
        args.append(item)
    args += [f"{key}={_value(value)}" for key, value in options.items()]
    if config_dir is not None:
        args += ["--config-dir", str(config_dir)]
    return args


def _value(value: Any) -> str:
    """A Python value as Hydra's override grammar reads it (True → true, None → null,
    lists and dicts in its brackets, text quoted unless it is a plain ASCII word)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{key}:{_value(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_value(item) for item in value) + "]"
    text = str(value)
    plain = text and all(c.isascii() and (c.isalnum() or c in "_-./") for c in text)
    return text if plain else json.dumps(text, ensure_ascii=False)
