"""Same config + seed in two separate processes → bit-identical metrics and weights;
`reproduce <run id>` re-runs from MLflow alone and says so metric by metric."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from conftest import run_cli


def _runs(store: Path) -> list:
    from mlflow.tracking import MlflowClient

    client = MlflowClient(f"sqlite:///{store}")
    experiment = client.get_experiment_by_name("dlpipe")
    return client.search_runs([experiment.experiment_id], order_by=["attributes.start_time ASC"])


def test_rerun_in_another_process_is_bit_identical_and_reproduce_says_so(
    tmp_path: Path, penguins_csv: Path
) -> None:
    args = ["data=penguins", f"data.path={penguins_csv}", "debug=fast", "callbacks.checkpoint=null"]
    first = run_cli(*args, "hydra.run.dir=one", cwd=tmp_path)
    assert first.code == 0, first.text
    (a,) = _runs(tmp_path / "mlflow.db")
    assert a.data.tags["dlpipe.determinism"] == "seeded"
    assert a.data.tags["dlpipe.version.keras"]
    assert len(a.data.tags["dlpipe.data_sha256"]) == 64

    # A second process runs the same config and seed, rebuilt from MLflow alone.
    again = run_cli("reproduce", a.info.run_id, "hydra.run.dir=two", cwd=tmp_path)
    assert again.code == 0, again.text
    assert "Traceback" not in again.text
    assert "reproduced: all" in again.out
    assert "test_accuracy" in again.out and "weights sha256" in again.out
    assert "warning:" not in again.out  # same versions, same data

    a, b = _runs(tmp_path / "mlflow.db")
    assert b.data.tags["dlpipe.reproduces"] == a.info.run_id
    assert b.data.tags["dlpipe.overrides"] == a.data.tags["dlpipe.overrides"]
    assert a.data.metrics == b.data.metrics  # exact float equality, every metric
    assert {"test_loss", "test_accuracy", "loss", "val_loss"} <= set(a.data.metrics)
    assert a.data.tags["dlpipe.weights_sha256"] == b.data.tags["dlpipe.weights_sha256"]

    import keras

    weights = [
        keras.models.load_model(tmp_path / d / "model.keras", safe_mode=True).get_weights()
        for d in ("one", "two")
    ]
    assert len(weights[0]) == len(weights[1]) > 0
    for w1, w2 in zip(*weights, strict=True):
        assert w1.shape == w2.shape and w1.tobytes() == w2.tobytes()
    assert not all(np.all(w == 0) for w in weights[0])
