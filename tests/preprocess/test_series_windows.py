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
    prep = fit_series({"window": 3, "horizon": 2, "stride": 2, "scale": "none"}, frame, "value")
    assert prep.transform(frame)[:, :, 0].tolist() == [[0, 1, 2], [2, 3, 4], [4, 5, 6], [6, 7, 8]]
    assert prep.targets(frame).tolist() == [4, 6, 8]  # 2 steps after each window's end
    assert prep.naive(frame).tolist() == [2, 4, 6]  # each window's last value


def test_split_is_chronological_and_scaler_sees_train_rows_only(tmp_path: Path) -> None:
    data = noisy_sine(200)
    path = tmp_path / "sine.csv"
    data.sample(frac=1.0, random_state=0).to_csv(path, index=False)  # rows out of order
    cfg = series_cfg(path, "data.series.window=10", "trainer.batch_size=500")
    prepared = prepare(cfg)
    prep = prepared.preprocessor
    train_values = data["value"].to_numpy()[:140]  # 0.7 of 200, in time order
    assert prep.feature_scaler.mean_[0] == pytest.approx(train_values.mean())
    assert prep.target_scaler.scale_[0] == pytest.approx(train_values.std())

    # changing the future (val/test rows) changes nothing learned
    changed = data.copy()
    changed.loc[140:, "value"] += 1000.0
    changed.to_csv(path, index=False)
    again = prepare(cfg).preprocessor
    assert again.feature_scaler.mean_[0] == pytest.approx(prep.feature_scaler.mean_[0])

    assert prepared.x["train"].options().autotune.enabled is False  # trainer.tf_data_autotune
    x, y = next(iter(prepared.x["train"]))
    assert x.shape == (140 - 10, 10, 1)  # windows never reach past the training part
    scaled = (train_values - train_values.mean()) / train_values.std()
    order = np.argsort(y.numpy())  # the training stream is shuffled: compare as sets
    expected = np.sort(scaled[10:])
    assert np.allclose(y.numpy()[order], expected, atol=1e-5)
    xt, yt = next(iter(prepared.x["test"]))  # test part: unshuffled, its own rows only
    test_values = (data["value"].to_numpy()[170:] - train_values.mean()) / train_values.std()
    assert np.allclose(xt.numpy()[0, :, 0], test_values[:10], atol=1e-5)
    assert np.allclose(yt.numpy(), test_values[10:], atol=1e-5)


def test_series_preprocessor_round_trips_through_its_saved_file(tmp_path: Path) -> None:
    frame = noisy_sine(60)[["value"]]
    prep = fit_series({"window": 5, "scale": "minmax"}, frame, "value")
    save_preprocessor(prep, tmp_path)
    loaded = load_preprocessor(tmp_path)
    assert np.allclose(loaded.transform(loaded.prepare(frame)), prep.transform(frame))
    assert np.allclose(loaded.decode(prep.scaled_target(frame)), frame["value"], atol=1e-5)
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
