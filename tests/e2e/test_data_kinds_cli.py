"""`python -m dlpipe` on each data kind: sentences, series windows, image folders, offline."""

from __future__ import annotations

import math
from pathlib import Path

from conftest import run_cli
from datafiles import noisy_sine, write_image_folder, write_sentences
from dlpipe.preprocess.persist import load_preprocessor

TINY = ["debug=fast", "callbacks.checkpoint=null", "hydra.run.dir=out"]


def run_metrics(tmp_path: Path) -> dict[str, float]:
    from mlflow.tracking import MlflowClient

    client = MlflowClient(f"sqlite:///{tmp_path / 'mlflow.db'}")
    experiment = client.get_experiment_by_name("dlpipe")
    (run,) = client.search_runs([experiment.experiment_id])
    assert run.info.status == "FINISHED"
    return run.data.metrics


def test_sentiment_run_saves_its_vocabulary(tmp_path: Path) -> None:
    path = write_sentences(tmp_path / "s_labelled.txt", n=80)
    layers = "model.layers=[{type:Embedding,input_dim:100,output_dim:8},{type:LSTM,units:4}]"
    result = run_cli("data=sentiment", f"data.path={path}", layers, *TINY, cwd=tmp_path)
    assert result.code == 0, result.text
    assert "vocabulary" in result.text and "pre-padded" in result.text
    assert math.isfinite(run_metrics(tmp_path)["test_accuracy"])  # two epochs: not a result
    prep = load_preprocessor(tmp_path / "out")
    assert type(prep).__name__ == "TextPreprocessor"
    assert prep.transform(prep.prepare(["great movie"])).shape == (1, 24)


def test_series_run_reports_error_against_the_naive_baseline(tmp_path: Path) -> None:
    path = tmp_path / "sine.csv"
    noisy_sine(300).to_csv(path, index=False)
    result = run_cli(
        "data=series",
        f"data.path={path}",
        "data.series.time_column=step",
        "data.series.window=12",
        "model.layers=[{type:LSTM,units:8}]",
        *TINY,
        cwd=tmp_path,
    )
    assert result.code == 0, result.text
    metrics = run_metrics(tmp_path)
    assert {"test_mae", "test_naive_mae", "test_mae_original", "test_naive_mae_original"} <= set(
        metrics
    )
    assert metrics["test_naive_mae_original"] > 0


def test_image_folder_run_with_augmentation(tmp_path: Path) -> None:
    root = write_image_folder(tmp_path / "imgs", per_class=8, size=10)
    result = run_cli(
        "data=image_folder",
        f"data.path={root}",
        "data.augment.flip=horizontal",
        "data.augment.noise=0.05",
        "model.layers=[{type:Conv2D,filters:4,kernel_size:3,activation:relu},{type:Flatten}]",
        *TINY,
        cwd=tmp_path,
    )
    assert result.code == 0, result.text
    assert "streamed in batches" in result.text
    assert math.isfinite(run_metrics(tmp_path)["test_accuracy"])  # two epochs: not a result
    import keras

    model = keras.models.load_model(tmp_path / "out" / "model.keras")
    assert [layer.name for layer in model.layers][1:3] == ["flip", "noise"]


def test_keras_dataset_offline_without_a_copy_exits_2_naming_the_file(tmp_path: Path) -> None:
    result = run_cli(
        "data=mnist",
        "data.download=false",
        *TINY,
        cwd=tmp_path,
        env={"KERAS_HOME": str(tmp_path / "kh")},
    )
    assert result.code == 2, result.text
    assert "no local copy of mnist" in result.text
    assert f"mnist.npz in {tmp_path / 'kh' / 'datasets'}/" in result.text
    assert "Traceback" not in result.text
