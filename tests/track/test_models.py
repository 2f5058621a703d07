"""The run's two logged models, written into a real sqlite store from the files a training
saved: READY, the run's outputs, loadable by MLflow, with the run's final metrics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from mlflow.entities import LoggedModelStatus
from mlflow.tracking import MlflowClient

from dlpipe.preprocess.persist import save_preprocessor
from dlpipe.preprocess.tabular import fit_tabular
from dlpipe.track.models import ModelRecord, log_models

pytestmark = pytest.mark.slow

FINAL = {"test_loss": 0.25, "test_accuracy": 0.75}
AT_MS = 1_700_000_000_000


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> ModelRecord:
    from dlpipe.training.runtime import import_keras

    import_keras()
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="softmax")])
    folder = tmp_path_factory.mktemp("run")
    model.save(folder / "model.keras")
    rows = pd.DataFrame({"a": [0.0, 1.0], "b": [1.0, 0.0], "y": ["no", "yes"]})
    save_preprocessor(fit_tabular({}, rows, "y", "binary", False), folder)
    x = np.ones((3, 2), dtype="float32")
    return ModelRecord(
        folder=folder,
        x_sample=x,
        scores=model.predict(x, verbose=0),
        keras_version=keras.__version__,
        keras_backend=keras.backend.backend(),
        raw_columns=[("double", "a", True), ("string", "b", False)],
        decoded=pd.DataFrame({"prediction": ["x", "y", "x"]}),
        metrics=FINAL,
        metrics_at_ms=AT_MS,
    )


def open_run(tmp_path: Path) -> tuple[MlflowClient, str, str]:
    from dlpipe.track.recorder import start_run

    recorder, first_writes = start_run(f"sqlite:///{tmp_path}/m.db", "e", {}, {})
    first_writes()
    recorder.log_metrics({"loss": 0.9}, step=0)  # the first epoch: not the model's metrics
    recorder.log_metrics(FINAL, at_ms=AT_MS)
    return recorder.client, recorder.run_id, recorder.experiment_id


def test_both_models_are_ready_outputs_of_the_run_with_its_final_metrics(
    saved: ModelRecord, tmp_path: Path
) -> None:
    import mlflow.pyfunc

    client, run_id, experiment_id = open_run(tmp_path)
    uris = log_models(client, run_id, experiment_id, saved)

    models = {m.name: m for m in client.search_logged_models([experiment_id])}
    assert set(models) == set(uris) == {"keras", "pipeline"}
    for name, model in models.items():
        assert uris[name] == f"models:/{model.model_id}"
        assert model.status == LoggedModelStatus.READY and model.source_run_id == run_id
        assert {m.key: m.value for m in model.metrics} == FINAL
    outputs = client.get_run(run_id).outputs.model_outputs
    assert {o.model_id for o in outputs} == {m.model_id for m in models.values()}
    for key in FINAL:  # the run keeps one copy of each
        assert len(client.get_metric_history(run_id, key)) == 1

    mlflow.set_tracking_uri(f"sqlite:///{tmp_path}/m.db")
    keras_model = mlflow.pyfunc.load_model(f"runs:/{run_id}/keras")
    np.testing.assert_allclose(keras_model.predict(saved.x_sample), saved.scores, rtol=1e-6)
    pipeline = mlflow.pyfunc.load_model(uris["pipeline"]).metadata
    assert [c.name for c in pipeline.signature.inputs.inputs] == ["a", "b"]
    assert pipeline.flavors["python_function"]["loader_module"] == "dlpipe.track.pyfunc"


def test_models_reserved_ahead_are_the_ones_logged(saved: ModelRecord, tmp_path: Path) -> None:
    from dataclasses import replace

    from dlpipe.track.models import model_names, reserve_models

    client, run_id, experiment_id = open_run(tmp_path)
    names = model_names(pd.DataFrame({"a": [1.0]}), saved_preprocessor())
    assert names == ["keras", "pipeline"]
    reserved = reserve_models(client, run_id, experiment_id, names)
    assert {m.status for m in reserved.values()} == {LoggedModelStatus.PENDING}
    # an image run logs the Keras model only: the pipeline one reserved is deleted
    uris = log_models(client, run_id, experiment_id, replace(saved, raw_columns=None), reserved)
    assert uris == {"keras": f"models:/{reserved['keras'].model_id}"}
    (model,) = client.search_logged_models([experiment_id])
    assert model.model_id == reserved["keras"].model_id
    assert model.status == LoggedModelStatus.READY
    assert model_names(None, None) == ["keras"]


def saved_preprocessor() -> object:
    """A table's fitted preprocessing."""
    rows = pd.DataFrame({"a": [0.0, 1.0], "y": ["no", "yes"]})
    return fit_tabular({}, rows, "y", "binary", False)


def test_a_model_that_cannot_be_written_ends_failed(saved: ModelRecord, tmp_path: Path) -> None:
    from dataclasses import replace

    client, run_id, experiment_id = open_run(tmp_path)
    with pytest.raises(FileNotFoundError):
        log_models(client, run_id, experiment_id, replace(saved, folder=tmp_path / "nowhere"))
    (model,) = client.search_logged_models([experiment_id])
    assert model.name == "keras" and model.status == LoggedModelStatus.FAILED
