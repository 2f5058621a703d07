"""Sliding windows: geometry, chronological split, scalers fitted on the training part."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from datafiles import noisy_sine
from dlpipe.config import compose, validate
from dlpipe.preprocess.persist import load_preprocessor, save_preprocessor
from dlpipe.preprocess.prepare import prepare
from dlpipe.preprocess.series import fit_series


def series_cfg(path: Path, *overrides: str):
    return validate(
        compose(["data=series", f"data.path={path}", "data.series.time_column=step", *overrides])
    )


def test_windows_targets_and_baseline_line_up() -> None:
    frame = pd.DataFrame({"value": np.arange(10.0)})
    settings = {"window": 3, "horizon": 2, "stride": 2, "scale": "none", "difference": "none"}
    prep = fit_series(settings, frame, "value")
    assert prep.transform(frame)[:, :, 0].tolist() == [[0, 1, 2], [2, 3, 4], [4, 5, 6], [6, 7, 8]]
    ends = prep.ends(len(frame), with_target=True)
    assert prep.scaled_targets(frame, ends).tolist() == [4, 6, 8]  # 2 steps after each end
    assert prep.naive(frame, ends).tolist() == [2, 4, 6]  # each window's last value


def test_first_differences_predict_the_change_from_the_last_value() -> None:
    frame = pd.DataFrame({"value": [1.0, 2, 4, 7, 11, 16, 22]})
    prep = fit_series({"window": 2, "horizon": 1, "scale": "none"}, frame, "value")
    assert prep.difference == "first"  # the default
    # inputs are changes from the step before: the first row has none
    assert prep.transform(frame)[:, :, 0].tolist() == [[1, 2], [2, 3], [3, 4], [4, 5], [5, 6]]
    ends = prep.ends(len(frame), with_target=True)
    assert ends.tolist() == [2, 3, 4, 5]
    assert prep.scaled_targets(frame, ends).tolist() == [3, 4, 5, 6]  # the next change
    assert prep.naive(frame, ends).tolist() == [0, 0, 0, 0]  # "no change"
    levels = frame["value"].to_numpy()
    # a predicted change is added to the window's last value
    assert prep.decode([3, 4], prep.anchors(levels, ends[:2])).tolist() == [7, 11]


def test_seasonal_differences_are_taken_one_season_back() -> None:
    frame = pd.DataFrame({"value": np.arange(12.0) ** 2})
    settings = {"window": 2, "horizon": 2, "difference": "seasonal", "season": 4, "scale": "none"}
    prep = fit_series(settings, frame, "value")
    ends = prep.ends(len(frame), with_target=True)
    assert ends.tolist() == [5, 6, 7, 8, 9]  # 4 rows have no change, then a window of 2
    levels = frame["value"].to_numpy()
    assert prep.anchors(levels, ends).tolist() == levels[ends + 2 - 4].tolist()
    changes = prep.scaled_targets(frame, ends)
    assert (changes == levels[ends + 2] - levels[ends - 2]).all()


def test_split_is_chronological_and_scaler_sees_train_rows_only(tmp_path: Path) -> None:
    data = noisy_sine(200)
    path = tmp_path / "sine.csv"
    data.sample(frac=1.0, random_state=0).to_csv(path, index=False)  # rows out of order
    cfg = series_cfg(path, "data.series.window=10", "trainer.batch_size=500")
    prepared = prepare(cfg)
    prep = prepared.preprocessor
    train_values = data["value"].to_numpy()[:140]  # 0.7 of 200, in time order
    train_changes = np.diff(train_values)
    assert prep.feature_scaler.mean_[0] == pytest.approx(train_changes.mean())
    assert prep.target_scaler.scale_[0] == pytest.approx(train_changes[10:].std())

    # changing the future (val/test rows) changes nothing learned
    changed = data.copy()
    changed.loc[140:, "value"] += 1000.0
    changed.to_csv(path, index=False)
    again = prepare(cfg).preprocessor
    assert again.feature_scaler.mean_[0] == pytest.approx(prep.feature_scaler.mean_[0])

    assert prepared.x["train"].options().autotune.enabled is False  # trainer.tf_data_autotune
    x, y = next(iter(prepared.x["train"]))
    assert x.shape == (140 - 1 - 10, 10, 1)  # windows never reach past the training part
    scale = prep.target_scaler
    scaled = (train_changes[10:] - scale.mean_[0]) / scale.scale_[0]
    order = np.argsort(y.numpy())  # the training stream is shuffled: compare as sets
    assert np.allclose(y.numpy()[order], np.sort(scaled), atol=1e-5)
    xt, yt = next(iter(prepared.x["test"]))  # test part: unshuffled
    assert len(yt) == 30  # every test row is predicted: its windows look back before it
    changes = np.diff(data["value"].to_numpy())  # changes[i] = value[i+1] - value[i]
    scales = prep.feature_scaler
    first_window = (changes[169 - 10 : 169] - scales.mean_[0]) / scales.scale_[0]
    assert np.allclose(xt.numpy()[0, :, 0], first_window, atol=1e-5)  # rows 160..169
    test_changes = (changes[169:] - scale.mean_[0]) / scale.scale_[0]  # rows 170..199
    assert np.allclose(yt.numpy(), test_changes, atol=1e-5)


def test_series_preprocessor_round_trips_through_its_saved_file(tmp_path: Path) -> None:
    frame = noisy_sine(60)[["value"]]
    prep = fit_series({"window": 5, "scale": "minmax"}, frame, "value")
    save_preprocessor(prep, tmp_path)
    loaded = load_preprocessor(tmp_path)
    assert np.allclose(loaded.transform(loaded.prepare(frame)), prep.transform(frame))
    ends = prep.ends(len(frame), with_target=True)
    levels = frame["value"].to_numpy()
    truth = loaded.decode(prep.scaled_targets(frame, ends), prep.anchors(levels, ends))
    assert np.allclose(truth, levels[ends + 1], atol=1e-5)
    assert loaded.task == "regression" and loaded.classes is None


def test_the_shipped_sine_needs_no_file() -> None:
    prepared = prepare(validate(compose(["experiment=series_lstm"])))
    assert prepared.input_shape == (24, 1)
    assert prepared.preprocessor.task == "regression"
    assert set(prepared.x) == {"train", "val", "test"}
    assert prepared.extra_metrics is not None


def test_check_columns_names_a_missing_series_column(tmp_path: Path) -> None:
    from dlpipe.data.columns import check_columns
    from dlpipe.errors import DataError

    path = tmp_path / "sine.csv"
    noisy_sine(30).to_csv(path, index=False)
    check_columns(series_cfg(path))
    with pytest.raises(DataError, match="column 'time' is not in the data"):
        check_columns(series_cfg(path, "data.series.time_column=time"))


class NoChange:
    """A model that always predicts a change of 0 (in scaled units: the scaler's zero)."""

    def __init__(self, prep) -> None:
        self.zero = -prep.target_scaler.mean_[0] / prep.target_scaler.scale_[0]

    def predict(self, x, verbose=0):
        return np.full((len(x), 1), self.zero, dtype="float32")


def test_predictions_sit_beside_the_step_they_predict_and_run_past_the_end() -> None:
    from datafiles import monthly_passengers
    from dlpipe.preprocess.predictions import predictions_frame

    series = monthly_passengers(40)
    settings = {"window": 6, "horizon": 2, "time_column": "month", "scale": "standard"}
    prep = fit_series(settings, series.iloc[:30], "passengers")
    shuffled = series.sample(frac=1.0, random_state=1).reset_index(drop=True)
    out = predictions_frame(NoChange(prep), prep, shuffled)
    assert len(out) == 40 + 2  # the last two windows predict the two months after the file
    # "no change" predicts each month as the value two months before it
    by_month = dict(zip(series["month"], series["passengers"], strict=True))
    for row in range(40):
        month, predicted = shuffled.loc[row, "month"], out.loc[row, "prediction"]
        earlier = str(pd.Period(month, "M") - 2)
        if pd.isna(predicted):  # the first 1 + 6 + 1 months have no window before them
            assert pd.Period(month, "M") < pd.Period("1949-09", "M")
        else:
            assert out.loc[row, "predicted_step"] == month
            assert predicted == pytest.approx(by_month[earlier])
    assert out["predicted_step"].iloc[40:].tolist() == ["1952-05", "1952-06"]
    assert out["prediction"].iloc[40:].tolist() == pytest.approx(
        series["passengers"].iloc[-2:].tolist()
    )
