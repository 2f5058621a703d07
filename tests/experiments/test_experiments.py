"""Every shipped experiment runs: one epoch on tiny (or embedded) data, so none can rot.

Each one is composed exactly as `python -m dlpipe experiment=<name>` would compose it,
then trained in this process (one TensorFlow import for all of them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, penguin_like_frame, run_cli, titanic_frame
from datafiles import mnist_arrays, write_npz, write_sentences
from dlpipe.commands.check import check_config
from dlpipe.commands.context import RunContext
from dlpipe.commands.train import train
from dlpipe.config import compose

EXPERIMENTS = sorted(p.stem for p in (REPO / "experiments").glob("*.yaml"))
SWEEPS = {"sweep_lr_batch"}


def tiny_data(name: str, folder: Path) -> list[str]:
    """Overrides pointing an experiment at tiny files made here (none for embedded data)."""
    if name.startswith("titanic"):
        path = folder / "train.csv"
        titanic_frame().to_csv(path, index=False)
        return [f"data.path={path}"]
    if name.startswith("mnist"):
        return [f"data.path={write_npz(folder / 'mnist.npz', mnist_arrays())}"]
    if name.startswith("sentiment"):
        return [f"data.path={write_sentences(folder / 'sentences.txt')}"]
    if name.startswith("sweep"):
        path = folder / "penguins.csv"
        penguin_like_frame().to_csv(path, index=False)
        return [f"data.path={path}"]
    return []


def test_every_experiment_is_covered() -> None:
    assert {
        "titanic_dense",
        "mnist_cnn",
        "digits_cnn",
        "sentiment_lstm",
        "sentiment_cnn1d",
        "series_lstm",
        "xor_dense",
        "sweep_lr_batch",
    } <= set(EXPERIMENTS)


@pytest.mark.parametrize("name", [e for e in EXPERIMENTS if e not in SWEEPS])
def test_experiment_trains_one_epoch(name: str, tmp_path: Path) -> None:
    overrides = [
        f"experiment={name}",
        *tiny_data(name, tmp_path),
        "trainer.epochs=1",
        f"tracking.uri=sqlite:///{tmp_path}/mlflow.db",
        f"paths.root_dir={tmp_path}",  # outside a Hydra app, ${hydra:...} cannot resolve
        f"paths.output_dir={tmp_path}/out",
    ]
    cfg = check_config(compose(overrides))
    result = train(cfg, RunContext(output_dir=tmp_path / "out", overrides=overrides))
    assert result["epochs"] == 1
    assert result["run_id"]
    assert all(v == v for v in result["metrics"].values())  # no NaN


def test_the_sweep_experiment_runs_every_combination(tmp_path: Path) -> None:
    result = run_cli(
        "experiment=sweep_lr_batch", *tiny_data("sweep", tmp_path), "trainer.epochs=1", cwd=tmp_path
    )
    assert result.code == 0, result.text
    from mlflow.tracking import MlflowClient

    client = MlflowClient(f"sqlite:///{tmp_path / 'mlflow.db'}")
    runs = client.search_runs([client.get_experiment_by_name("sweep_lr_batch").experiment_id])
    children = [r for r in runs if "mlflow.parentRunId" in r.data.tags]
    combos = {
        (r.data.params["optimizer.learning_rate"], r.data.params["trainer.batch_size"])
        for r in children
    }
    assert len(combos) == 4
    assert all(r.info.status == "FINISHED" for r in runs)
