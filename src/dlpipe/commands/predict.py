"""`dlpipe predict`: a trained run's preprocessing + model applied to new raw data.

The same :func:`~dlpipe.preprocess.predictions.predictions_frame` serves the CLI and the
MLflow ``pyfunc`` model, so a CSV written by ``dlpipe predict`` and an answer of
``mlflow models serve`` agree.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from dlpipe.commands.terminal import say, table_text
from dlpipe.config.args import parse_args, switch
from dlpipe.errors import ConfigError, DataError
from dlpipe.preprocess.persist import load_preprocessor
from dlpipe.preprocess.predictions import predictions_frame
from dlpipe.track.run_files import MODEL_FILE
from dlpipe.track.runs import download_run_files

log = logging.getLogger("dlpipe")


@dataclass
class LoadedRun:
    """A trained run, ready to predict; the Keras model loads on first use (after the
    input has been checked, so a wrong input fails fast, before TensorFlow starts)."""

    folder: Path
    preprocessor: Any
    config: dict[str, Any]
    source: str
    downloaded: bool = False  # a temporary copy of the run's files, removed after use

    def close(self) -> None:
        """Remove the files downloaded for a run given by id (a run folder stays)."""
        if self.downloaded:
            import shutil

            shutil.rmtree(self.folder, ignore_errors=True)

    @cached_property
    def model(self) -> Any:
        """The trained Keras model."""
        from dlpipe.training.saved import load_saved_model

        return load_saved_model(self.folder / MODEL_FILE, "run")


def load_run(run: str, tracking_uri: str | None = None, trust_pickle: bool = False) -> LoadedRun:
    """A run from its Hydra output folder, or from MLflow by run id (``trust_pickle``:
    read an older run's pickled preprocessor)."""
    folder = Path(run)
    downloaded = not folder.is_dir()
    if downloaded:
        folder = download_run_files(run, tracking_uri)
    try:
        if not (folder / MODEL_FILE).is_file():
            raise DataError(
                f"{folder / MODEL_FILE} does not exist",
                where="run",
                hint="give a run folder written by training (e.g. outputs/<date>/<time>)"
                " or a run id",
            )
        config = _read_config(folder)  # (a bad config is said before the preprocessor)
        return LoadedRun(
            folder=folder,
            preprocessor=load_preprocessor(folder, trust_pickle=trust_pickle),
            config=config,
            source=f"run {run}" if downloaded else str(folder),
            downloaded=downloaded,
        )
    except BaseException:
        if downloaded:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
        raise


def _read_config(folder: Path) -> dict[str, Any]:
    from omegaconf import OmegaConf

    from dlpipe.config.yaml_bounds import load_config

    for candidate in (folder / ".hydra" / "config.yaml", folder / "config.yaml"):
        if candidate.is_file():  # a run folder may come from anyone: bounded, plain values
            stored = OmegaConf.to_container(load_config(candidate, str(candidate)), resolve=False)
            if not isinstance(stored, dict):
                raise DataError(
                    f"{candidate} is not a config (a YAML mapping)",
                    where="run",
                    hint="give a run folder written by training (e.g. outputs/<date>/<time>)",
                )
            return {str(k): v for k, v in stored.items()}
    return {}


def read_input(path: Path, loaded: LoadedRun) -> pd.DataFrame:
    """The raw rows to predict, read the way the run's kind of data is read (a CSV for
    tables and series; also text files, images and folders of them)."""
    if not path.is_dir():  # (image runs also read a folder of images)
        from dlpipe.data.files import local_file

        local_file(str(path), "input", hint="give a CSV file (image runs: images or a folder)")
    return loaded.preprocessor.read_input(path, loaded.config.get("data") or {})


def output_path(output: Path, input_path: Path, overwrite: str) -> Path:
    """Where the predictions go, checked before anything loads: never the input itself,
    never a folder, and an existing file only with ``overwrite=true``."""
    from dlpipe.commands.run_folder import writable_file

    if output.is_file() and input_path.exists() and output.resolve() == input_path.resolve():
        raise ConfigError(
            f"{output} is the input: predicting would overwrite the data it reads",
            where="output",
            hint="give another file name, e.g. output=predictions.csv",
        )
    return writable_file(output, "output", overwrite, "predictions.csv")


def predict_command(args: list[str]) -> int:
    """`dlpipe predict run=<run id or dir> input=<file> [output=<file>] [overwrite=true]
    [trust_pickle=true] [tracking.uri=...]`."""
    options = parse_args(
        args, ("run", "input", "output", "overwrite", "trust_pickle", "tracking.uri")
    )
    for key in ("run", "input"):
        if not options.get(key):
            raise ConfigError(
                "required", where=key, hint="e.g. dlpipe predict run=<run id> input=new.csv"
            )
    output = output_path(
        Path(options.get("output") or "predictions.csv"),
        Path(options["input"]),
        options.get("overwrite", "false").strip().lower(),
    )
    trust = switch(
        options.get("trust_pickle", "false").strip().lower(),
        "trust_pickle",
        "trust_pickle=true reads a run saved by an older dlpipe (a pickle)",
    )
    loaded = load_run(options["run"], options.get("tracking.uri"), trust_pickle=trust)
    try:
        raw = read_input(Path(options["input"]), loaded)
        loaded.preprocessor.check_input(raw)  # a missing column fails before Keras loads
        predictions = predictions_frame(loaded.model, loaded.preprocessor, raw)
    finally:
        loaded.close()
    result = pd.concat([raw.reset_index(drop=True), predictions], axis=1)
    from dlpipe.commands.run_folder import write_csv

    write_csv(result, output, "output", "predictions.csv")
    print(table_text(predictions.head(10), index=False))
    done = int(predictions.notna().all(axis=1).sum())
    skipped = f" ({len(predictions) - done} rows without one)" if done < len(predictions) else ""
    say(f"predicted {done} rows{skipped} with {loaded.source} → {output}")
    return 0
