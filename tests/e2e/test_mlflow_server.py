"""The same pipeline logging to a real `mlflow server` on 127.0.0.1, read back over HTTP."""

from __future__ import annotations

from pathlib import Path

from conftest import free_port, mlflow_server, run_cli


def test_training_logs_to_a_real_mlflow_server(tmp_path: Path, penguins_csv: Path) -> None:
    with mlflow_server(tmp_path, free_port()) as url:
        result = run_cli(
            f"data.path={penguins_csv}",
            "debug=fast",
            f"tracking.uri={url}",
            "tracking.experiment=served",
            "hydra.run.dir=out",
            cwd=tmp_path,
        )
        assert result.code == 0, result.text
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
        models = client.search_logged_models([experiment.experiment_id])
        assert {m.name for m in models} == {"keras", "pipeline"}
        # the artifacts went through the server into its own artifact folder
        assert any((tmp_path / "server-artifacts").rglob("model.keras"))


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
