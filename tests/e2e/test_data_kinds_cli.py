"""`python -m dlpipe` on each data kind: sentences, series windows, image folders, offline."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from datafiles import monthly_passengers, reviews_table, write_image_folder, write_sentences
from dlpipe.preprocess.persist import load_preprocessor

TINY = ["debug=fast", "callbacks.checkpoint=null", "hydra.run.dir=out"]


def run_metrics(tmp_path: Path) -> dict[str, float]:
    from mlflow.tracking import MlflowClient

    client = MlflowClient(f"sqlite:///{tmp_path / 'mlflow.db'}")
    experiment = client.get_experiment_by_name("dlpipe")
    (run,) = client.search_runs([experiment.experiment_id])
    assert run.info.status == "FINISHED"
    return run.data.metrics


def test_sentiment_run_saves_its_vocabulary(tmp_path: Path, cli_here) -> None:
    path = write_sentences(tmp_path / "s_labelled.txt", n=80)
    # no model chosen: the recurrent group, with an Embedding put in front for token ids
    small = "data.text.max_tokens=100"
    result = cli_here("data=sentiment", f"data.path={path}", small, *TINY)
    assert result.code == 0, result.text
    assert "model: lstm, the model group for this kind of data" in result.text
    assert "an Embedding (data.text.max_tokens → 32) put before the LSTM" in result.text
    assert "vocabulary" in result.text and "pre-padded" in result.text
    import keras

    model = keras.models.load_model(tmp_path / "out" / "model.keras")
    assert [type(layer).__name__ for layer in model.layers[1:3]] == ["Embedding", "LSTM"]
    assert math.isfinite(run_metrics(tmp_path)["test_accuracy"])  # two epochs: not a result
    prep = load_preprocessor(tmp_path / "out")
    assert type(prep).__name__ == "TextPreprocessor"
    assert prep.transform(prep.prepare(["great movie"])).shape == (1, 24)


def test_a_trending_seasonal_monthly_series_beats_the_naive_forecast_with_the_defaults(
    tmp_path: Path, cli_here
) -> None:
    monthly_passengers(144).to_csv(tmp_path / "air.csv", index=False)
    data = ["data=series", "data.path=air.csv", "data.target=passengers"]
    where = ["data.series.time_column=month", "hydra.run.dir=out", "tracking.enabled=false"]
    result = cli_here(*data, *where)
    assert result.code == 0, result.text
    assert "model: lstm, the model group for this kind of data" in result.text
    assert "windows of 20 × 1 features (derived" in result.text  # 101 training rows / 5
    figures = re.search(r"test_mae_original=([0-9.]+) \(naive ([0-9.]+)\)", result.text)
    assert figures is not None, result.text
    assert float(figures.group(1)) < float(figures.group(2))  # beats the last value

    # the next months, beside the month each one predicts
    monthly_passengers(150).iloc[120:].to_csv(tmp_path / "new.csv", index=False)
    predicted = cli_here("predict", "run=out", "input=new.csv", cwd=tmp_path)
    assert predicted.code == 0, predicted.text
    out = pd.read_csv(tmp_path / "predictions.csv")
    assert len(out) == 31  # 30 months given; the last window predicts the month after
    assert out["predicted_step"].iloc[-1] == "1961-07" and pd.isna(out["month"].iloc[-1])
    has = out["prediction"].notna()
    assert has.sum() == 30 - 21 + 1  # a window of 20 changes needs 21 months before
    known = out[has & out["month"].notna()]
    assert (known["predicted_step"] == known["month"]).all()


def test_image_folder_run_with_augmentation(tmp_path: Path, cli_here) -> None:
    root = write_image_folder(tmp_path / "imgs", per_class=8, size=10)
    result = cli_here(
        "data=image_folder",
        f"data.path={root}",
        "data.augment.flip=horizontal",
        "data.augment.noise=0.05",
        "model.layers=[{type:Conv2D,filters:4,kernel_size:3,activation:relu},{type:Flatten}]",
        *TINY,
    )
    assert result.code == 0, result.text
    assert "streamed in batches" in result.text
    assert math.isfinite(run_metrics(tmp_path)["test_accuracy"])  # two epochs: not a result
    import keras

    model = keras.models.load_model(tmp_path / "out" / "model.keras")
    assert [layer.name for layer in model.layers][1:3] == ["flip", "noise"]


def test_keras_dataset_offline_without_a_copy_exits_2_naming_the_file(
    tmp_path: Path, cli_here, monkeypatch
) -> None:
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    result = cli_here("data=mnist", "data.download=false", *TINY)
    assert result.code == 2, result.text
    assert "no local copy of mnist" in result.text
    assert f"mnist.npz in {tmp_path / 'kh' / 'datasets'}/" in result.text
    assert "Traceback" not in result.text


def test_a_review_column_beside_a_price_and_a_brand_is_read_as_words(
    tmp_path: Path, cli_here
) -> None:
    reviews_table().to_csv(tmp_path / "shop.csv", index=False)
    data = ["data=csv", "data.path=shop.csv", "data.target=liked"]
    checked = cli_here("check", *data)  # the review is left out, and check says how to use it
    assert checked.code == 0, checked.text
    (hint,) = [line for line in checked.text.splitlines() if "'review' left out" in line]
    override = hint.rsplit(": ", 1)[1]
    result = cli_here(*data, override, "hydra.run.dir=out")  # pasted as printed
    assert result.code == 0, result.text
    assert "words embedded" in result.text
    metrics = run_metrics(tmp_path)
    assert metrics["test_accuracy"] > metrics["test_naive_accuracy"] + 0.3  # the words tell

    import mlflow
    from mlflow.tracking import MlflowClient

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    mlflow.set_tracking_uri(uri)
    (run,) = MlflowClient(uri).search_runs(["1"])
    model = mlflow.pyfunc.load_model(f"runs:/{run.info.run_id}/pipeline")
    rows = pd.DataFrame(  # written by hand, not taken from the training table
        {
            "review": ["great item love it", "broken and awful, returned it"],
            "price": [48.0, 52.5],
            "brand": ["acme", "globex"],
        }
    )
    assert model.predict(rows)["prediction"].tolist() == ["yes", "no"]
