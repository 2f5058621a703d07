"""The same pipeline logging to a real `mlflow server` on 127.0.0.1, read back over HTTP."""

from __future__ import annotations

from pathlib import Path

from conftest import backed_up_epochs, free_port, mlflow_server, run_cli, start_cli, wait_for_epochs

# MLflow's HTTP retries, made short: the same path, without minutes of back-off.
QUICK_RETRIES = {
    "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "1",
    "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "0",
    "MLFLOW_HTTP_REQUEST_TIMEOUT": "5",
}


def test_training_logs_to_a_real_mlflow_server_and_survives_its_stop(
    tmp_path: Path, penguins_csv: Path
) -> None:
    """A complete record through the server; then a run during which the server stops:
    the training goes on to its end and keeps its files, the command ends with one message
    naming the command that completes the record, and once a server is back, that command
    does (hours of training must not die because the tracking server went away)."""
    port = free_port()
    with mlflow_server(tmp_path, port) as url:
        result = run_cli(
            f"data.path={penguins_csv}",
            "debug=fast",
            f"tracking.uri={url}",
            "tracking.experiment=served",
            "tracking.register=penguins",
            "hydra.run.dir=out",
            cwd=tmp_path,
        )
        assert result.code == 0, result.text
        assert "load it with models:/penguins@candidate" in result.text
        assert not (tmp_path / "mlflow.db").exists()  # nothing went to the local default

        from mlflow.tracking import MlflowClient

        client = MlflowClient(url)
        experiment = client.get_experiment_by_name("served")
        (run,) = client.search_runs([experiment.experiment_id])
        assert run.info.status == "FINISHED"
        assert run.data.params["trainer.epochs"] == "2"
        assert [m.step for m in client.get_metric_history(run.info.run_id, "val_loss")] == [0, 1]
        names = {a.path for a in client.list_artifacts(run.info.run_id, "plots")}
        assert "plots/confusion_matrix.png" in names
        (model,) = client.search_logged_models([experiment.experiment_id])
        assert model.name == "pipeline"
        version = client.get_model_version_by_alias("penguins", "candidate")
        assert (str(version.version), version.run_id) == ("1", run.info.run_id)
        assert version.source == model.artifact_location
        assert run.data.tags["dlpipe.registered"] == "models:/penguins/1 (alias candidate)"
        # the artifacts went through the server into its own artifact folder
        assert any((tmp_path / "server-artifacts").rglob("model.keras"))

        # A second run; the server stops once it has trained a few epochs.
        epochs, backup = 60, tmp_path / "out2" / "backup"
        args = [f"data.path={penguins_csv}", f"trainer.epochs={epochs}", "callbacks=none"]
        where = [f"tracking.uri={url}", "hydra.run.dir=out2"]
        proc = start_cli(*args, *where, cwd=tmp_path, env=QUICK_RETRIES)
        wait_for_epochs(proc, backup, 3)
        experiment = client.get_experiment_by_name("dlpipe")
        (running,) = client.search_runs([experiment.experiment_id])
        run_id = running.info.run_id
    # the server is gone (stopped on leaving the block), the training goes on
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 2, out + err
    assert "Traceback" not in out + err
    (message,) = [line for line in err.splitlines() if line.startswith("dlpipe: error")]
    assert f"MLflow run {run_id} is incomplete" in message
    assert f"python -m dlpipe trainer.resume={run_id}" in err  # the hint: what to do
    assert "test: test_accuracy=" in out + err  # the results were shown all the same
    assert (tmp_path / "out2" / "model.keras").is_file()
    assert backed_up_epochs(backup) == epochs  # trained to the end

    with mlflow_server(tmp_path, port) as url:  # the server is back, with the same store
        result = run_cli(f"trainer.resume={run_id}", f"tracking.uri={url}", cwd=tmp_path)
        assert result.code == 0, result.text
        client = MlflowClient(url)
        run = client.get_run(run_id)
        assert run.info.status == "FINISHED"
        assert "test_accuracy" in run.data.metrics
        steps = [m.step for m in client.get_metric_history(run_id, "val_loss")]
        assert sorted(steps) == list(range(epochs))  # every epoch, once
    assert not backup.exists()


def test_a_server_not_started_is_said_at_once_for_training_and_compare(
    tmp_path: Path, penguins_csv: Path
) -> None:
    """No server on the port: one clear message naming tracking.uri, not MLflow's
    minutes of retries, and no traceback."""
    url = f"http://127.0.0.1:{free_port()}"
    for args in (
        [f"data.path={penguins_csv}", "debug=fast", f"tracking.uri={url}"],
        ["compare", f"tracking.uri={url}"],
    ):
        result = run_cli(*args, cwd=tmp_path, timeout=120)
        assert result.code == 2, result.text
        assert "Traceback" not in result.text
        assert f"tracking.uri: no tracking server answers at {url}" in result.err
        assert "mlflow server --host 127.0.0.1" in result.err  # the hint: how to start one
    assert not (tmp_path / "mlflow.db").exists()  # nothing was recorded anywhere else
