"""The run's logged model (the pipeline for a table, else the Keras one), written into a
real sqlite store from the files a training saved: READY, the run's output, loadable by
MLflow, with the run's final metrics and an input example."""

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
        raw_columns=[("any", "a", True), ("any", "b", False)],
        decoded=pd.DataFrame({"prediction": ["x", "y", "x"]}),
        example=rows.drop(columns=["y"]),
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


def test_a_tables_model_is_one_ready_output_of_the_run_with_its_final_metrics(
    saved: ModelRecord, tmp_path: Path
) -> None:
    import mlflow.pyfunc

    client, run_id, experiment_id = open_run(tmp_path)
    uris = log_models(client, run_id, experiment_id, saved)

    (model,) = client.search_logged_models([experiment_id])
    assert uris == {"pipeline": f"models:/{model.model_id}"}
    assert model.status == LoggedModelStatus.READY and model.source_run_id == run_id
    assert {m.key: m.value for m in model.metrics} == FINAL
    outputs = client.get_run(run_id).outputs.model_outputs
    assert [o.model_id for o in outputs] == [model.model_id]
    for key in FINAL:  # the run keeps one copy of each
        assert len(client.get_metric_history(run_id, key)) == 1

    mlflow.set_tracking_uri(f"sqlite:///{tmp_path}/m.db")
    pipeline = mlflow.pyfunc.load_model(uris["pipeline"])
    inputs = pipeline.metadata.signature.inputs.inputs
    assert [(c.name, str(c.type), c.required) for c in inputs] == [
        ("a", "Any", True),
        ("b", "Any", False),
    ]
    assert pipeline.metadata.flavors["python_function"]["loader_module"] == "dlpipe.track.pyfunc"
    example = pipeline.input_example
    assert list(example.columns) == ["a", "b"] and len(example) == 2
    # whole numbers, as pandas reads a CSV of them (MLflow's double refused int64)
    predicted = pipeline.predict(pd.DataFrame({"a": [0, 1], "b": [1, 0]}))
    assert predicted["prediction"].isin(["no", "yes"]).all()


def test_another_runs_model_is_the_keras_one_with_an_input_example(
    saved: ModelRecord, tmp_path: Path
) -> None:
    from dataclasses import replace

    import mlflow.pyfunc

    client, run_id, experiment_id = open_run(tmp_path)
    uris = log_models(client, run_id, experiment_id, replace(saved, raw_columns=None))
    assert list(uris) == ["keras"]
    mlflow.set_tracking_uri(f"sqlite:///{tmp_path}/m.db")
    keras_model = mlflow.pyfunc.load_model(f"runs:/{run_id}/keras")
    np.testing.assert_allclose(keras_model.predict(saved.x_sample), saved.scores, rtol=1e-6)
    np.testing.assert_array_equal(keras_model.input_example, saved.x_sample[:2])


def test_models_reserved_ahead_are_the_ones_logged(saved: ModelRecord, tmp_path: Path) -> None:

    from dlpipe.track.models import model_names, reserve_models

    client, run_id, experiment_id = open_run(tmp_path)
    names = model_names(pd.DataFrame({"a": [1.0]}), saved_preprocessor())
    assert names == ["pipeline"]
    reserved = reserve_models(client, run_id, experiment_id, [*names, "keras"])
    assert {m.status for m in reserved.values()} == {LoggedModelStatus.PENDING}
    # a model reserved and not logged is deleted
    uris = log_models(client, run_id, experiment_id, saved, reserved)
    assert uris == {"pipeline": f"models:/{reserved['pipeline'].model_id}"}
    (model,) = client.search_logged_models([experiment_id])
    assert model.model_id == reserved["pipeline"].model_id
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
    assert model.name == "pipeline" and model.status == LoggedModelStatus.FAILED


def test_each_registered_run_is_a_new_version_and_the_alias_follows_it(
    saved: ModelRecord, tmp_path: Path
) -> None:
    from dlpipe.track.models import register_model

    versions = []
    for _ in range(2):
        client, run_id, experiment_id = open_run(tmp_path)
        (uri,) = log_models(client, run_id, experiment_id, saved).values()
        model_id = uri.removeprefix("models:/")
        versions.append(register_model(client, run_id, model_id, "penguins", "candidate"))
    assert versions == ["1", "2"]
    latest = client.get_model_version_by_alias("penguins", "candidate")
    assert (str(latest.version), latest.run_id) == ("2", run_id)
    # (sqlite's registry keeps no model id: the logged model names its version instead)
    tagged = client.get_logged_model(model_id).tags["mlflow.modelVersions"]
    assert tagged == '[{"name": "penguins", "version": 2}]'  # as mlflow.register_model writes it
