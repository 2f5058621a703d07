"""`python -m dlpipe` end to end: a tiny CSV in, a complete MLflow run out."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult, penguin_like_frame, run_cli


def test_train_records_a_complete_mlflow_run(tmp_path: Path) -> None:
    gzipped = tmp_path / "penguins.csv.gz"  # compressed tables train as pandas reads them
    penguin_like_frame().to_csv(gzipped, index=False)
    result = run_cli(
        "data=penguins",
        f"data.path={gzipped}",
        "debug=fast",
        "hydra.run.dir=out",
        cwd=tmp_path,
    )
    assert result.code == 0, result.text
    assert "test_accuracy=" in result.text
    assert "MLflow run" in result.text

    from mlflow.tracking import MlflowClient

    client = MlflowClient(f"sqlite:///{tmp_path / 'mlflow.db'}")
    experiment = client.get_experiment_by_name("dlpipe")
    (run,) = client.search_runs([experiment.experiment_id])
    assert run.info.status == "FINISHED"
    assert re.fullmatch(r"dense-penguins-[0-9a-f]{4}", run.info.run_name)  # not random words
    assert run.data.params["trainer.epochs"] == "2"
    assert run.data.params["data.name"] == "penguins"
    assert run.data.tags["dlpipe.choice.model"] == "dense"
    assert "debug=fast" in run.data.tags["dlpipe.overrides"]
    assert run.data.tags["dlpipe.choice.debug"] == "fast"
    # two epochs: a number, not yet a result (learning: tests/config/test_debug_presets.py)
    assert math.isfinite(run.data.metrics["test_accuracy"])
    assert "test_loss" in run.data.metrics
    history = client.get_metric_history(run.info.run_id, "loss")
    assert [m.step for m in history] == [0, 1]
    assert len(client.get_metric_history(run.info.run_id, "val_accuracy")) == 2

    artifacts = {a.path for a in client.list_artifacts(run.info.run_id)}
    assert {"config.yaml", "model_summary.txt", "model", "preprocess"} <= artifacts
    assert [a.path for a in client.list_artifacts(run.info.run_id, "model")] == [
        "model/model.keras"
    ]
    assert [a.path for a in client.list_artifacts(run.info.run_id, "preprocess")] == [
        "preprocess/columns.csv",  # each column's kind and use, for people
        "preprocess/preprocessor.pkl",
    ]
    assert (tmp_path / "out" / "model.keras").is_file()
    assert "MLflow run" in (tmp_path / "out" / "dlpipe.log").read_text()  # flushed at exit


def test_a_model_mistake_ends_its_run_failed_with_the_message(
    tmp_path: Path, penguins_csv: Path
) -> None:
    """The run opens while TensorFlow is imported and the model built: a model that cannot
    be built for the data ends it FAILED, with the message, and leaves no logged models."""
    result = run_cli(
        "data=penguins",
        f"data.path={penguins_csv}",
        "model.head=none",
        "model.layers=[{type:Dense,units:2,activation:softmax}]",  # 3 species
        "debug=fast",
        "hydra.run.dir=out",
        cwd=tmp_path,
    )
    assert result.code == 2, result.text
    assert "Traceback" not in result.text
    assert "model.layers[0] (Dense)" in result.err

    from mlflow.tracking import MlflowClient

    client = MlflowClient(f"sqlite:///{tmp_path / 'mlflow.db'}")
    experiment = client.get_experiment_by_name("dlpipe")
    (run,) = client.search_runs([experiment.experiment_id])
    assert run.info.status == "FAILED"
    assert "model.layers[0] (Dense)" in run.data.tags["dlpipe.error"]
    assert run.info.run_id in result.err  # where the failure was recorded
    assert client.search_logged_models([experiment.experiment_id]) == []


def test_your_own_csv_with_korean_columns_and_classes(
    tmp_path: Path, cli_here: Callable[..., CliResult], caplog: pytest.LogCaptureFixture
) -> None:
    """data=csv on a stranger's table, named in Korean, with no step written: each
    column's kind is inferred (IDs and free text left out, dates split, gaps filled, rows
    without a target dropped), recorded with the run, and applied again by predict to a
    CSV written by hand; the hints quote what Hydra needs quoted."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "이름": [f"p{i}" for i in range(60)],
            "나이": rng.integers(1, 80, 60).astype(float),
            "섬": rng.choice(["가", "나", "다"], 60),
            "동네": [f"동네{i % 25}" for i in range(60)],
            "가입일": pd.date_range("2024-01-01", periods=60, freq="D").strftime("%Y-%m-%d"),
            "메모": [f"좋은 손님 {i} 번" for i in range(60)],
            "생존": rng.choice(["생존", "사망"], 60),
        }
    )
    frame.loc[[3, 8], "나이"] = np.nan
    frame.loc[[5, 9], "생존"] = np.nan
    frame.to_csv(tmp_path / "명단.csv", index=False)
    # Korean text on the command line is quoted for Hydra (no shell here: no outer quotes).
    own = ["data=csv", f'data.path="{tmp_path / "명단.csv"}"', 'data.target="생존"']

    result = cli_here(*own, "debug=fast", "hydra.run.dir=out")
    assert result.code == 0, result.text
    assert "2 rows have no '생존' value: left out" in result.text
    assert "'이름' left out (a different value in 58 of 58 rows)" in result.text
    assert """'data.preprocess.onehot=["동네"]'""" in result.text  # pasteable as it is
    out = tmp_path / "out"
    columns = pd.read_csv(out / "columns.csv").set_index("name")
    assert columns["kind"].to_dict() == {
        "이름": "id",
        "나이": "number",
        "섬": "category",
        "동네": "many",
        "가입일": "datetime",
        "메모": "text",
    }
    assert columns.loc["나이", "missing"] == 2
    report = (out / "plots" / "classification_report.txt").read_text("utf-8")
    assert "사망" in report and "생존" in report

    # new rows, typed by hand: no left-out column, a gap, an island training never saw
    (tmp_path / "새.csv").write_text("나이,섬,가입일\n30,가,2024-03-01\n,라,2024-12-25\n", "utf-8")
    predicted = cli_here("predict", f"run={out}", "input=새.csv", "output=답.csv", cwd=tmp_path)
    assert predicted.code == 0, predicted.text
    answers = pd.read_csv(tmp_path / "답.csv")
    assert answers["prediction"].isin(["생존", "사망"]).all() and len(answers) == 2
    assert "values training never saw: '라'" in caplog.text


def test_a_shipped_tables_steps_on_another_file_point_to_data_csv(tmp_path: Path) -> None:
    (tmp_path / "mine.csv").write_text("a,b,label\n1,2,x\n3,4,y\n")
    result = run_cli("check", f"data.path={tmp_path / 'mine.csv'}", cwd=tmp_path)
    assert result.code == 2, result.text
    assert "penguins.yaml" in result.err and "data=csv data.path=<file>" in result.err


def test_mlflows_experiment_variable_and_the_experiment_files_comment_name_and_describe_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_here: Callable[..., CliResult]
) -> None:
    from mlflow.tracking import MlflowClient

    monkeypatch.setenv("MLFLOW_EXPERIMENT_NAME", "birds")
    (tmp_path / "conf" / "experiment").mkdir(parents=True)  # a file of the user's own
    (tmp_path / "conf" / "experiment" / "mine.yaml").write_text(
        "# @package _global_\n# My XOR try:\n#   more units\n\ndefaults:\n  - xor_dense\n"
    )
    assert cli_here("experiment=mine", "debug=fast").code == 0
    described = cli_here("experiment=xor_dense", "debug=fast", "tracking.description=by hand")
    assert described.code == 0, described.text
    assert "in experiment 'birds'" in described.text
    client = MlflowClient(f"sqlite:///{tmp_path / 'mlflow.db'}")
    runs = client.search_runs([client.get_experiment_by_name("birds").experiment_id])
    notes = sorted(r.data.tags["mlflow.note.content"] for r in runs)
    assert notes == ["My XOR try:\n  more units", "by hand"]
    config = client.download_artifacts(runs[0].info.run_id, "config.yaml", str(tmp_path))
    assert "experiment: birds" in Path(config).read_text()  # the name used, recorded
