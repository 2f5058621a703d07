"""Fitted preprocessing: one-hot, label encoding, scaling — fitted on training rows only."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dlpipe.errors import DataError
from dlpipe.preprocess import fit_tabular, infer_task

STEPS = {
    "onehot": ["island"],
    "label_encode": ["size"],
    "scale": {"method": "minmax", "columns": None},
}


def frame(values: list[float], islands: list[str]) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame(
        {
            "mass": values,
            "island": islands,
            "size": ["s", "m", "l"] * (n // 3) + ["s"] * (n % 3),
            "species": ["a", "b"] * (n // 2) + ["a"] * (n % 2),
        }
    )


def test_the_scaler_saw_only_the_training_rows() -> None:
    train = frame([10.0, 20.0, 30.0, 40.0], ["x", "y", "x", "y"])
    test = frame([0.0, 100.0], ["x", "z"])
    prep = fit_tabular(STEPS, train, "species", "binary", target_onehot=False)
    scaler = prep.features.named_transformers_["scale"][-1]  # (after the imputer)
    assert scaler.data_min_.tolist() == [10.0]
    assert scaler.data_max_.tolist() == [40.0]
    out = prep.transform(test)
    mass = prep.output_names.index("mass")
    np.testing.assert_allclose(out[:, mass], [-10 / 30, 90 / 30], rtol=1e-6)
    # an island never seen in training one-hots to all zeros
    island_cols = [i for i, n in enumerate(prep.output_names) if n.startswith("island_")]
    assert out[1, island_cols].tolist() == [0.0, 0.0]


def test_one_hot_and_label_encoding_columns() -> None:
    train = frame([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], ["x", "y", "x", "y", "x", "y"])
    prep = fit_tabular(STEPS, train, "species", "binary", target_onehot=False)
    assert prep.output_names == ["island_x", "island_y", "size", "mass"]
    x = prep.transform(train)
    assert x.dtype == np.float32
    assert x[:, :2].sum(axis=1).tolist() == [1.0] * 6
    assert sorted(set(x[:, 2].tolist())) == [0.0, 1.0, 2.0]


def test_target_encoding_integer_onehot_and_decode() -> None:
    train = pd.DataFrame(
        {"f": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "y": ["Gentoo", "Adelie", "Chinstrap"] * 2}
    )
    prep = fit_tabular({}, train, "y", "multiclass", target_onehot=False)
    assert prep.classes == ["Adelie", "Chinstrap", "Gentoo"]
    labels = prep.encode_target(train["y"])
    assert labels.tolist() == [2, 0, 1, 2, 0, 1]
    assert prep.decode(labels) == train["y"].tolist()
    onehot = fit_tabular({}, train, "y", "multiclass", target_onehot=True).encode_target(train["y"])
    assert onehot.shape == (6, 3)
    assert onehot.argmax(axis=1).tolist() == labels.tolist()


def test_without_inference_every_text_column_left_is_named_in_one_message() -> None:
    train = frame([1.0, 2.0], ["x", "y"])
    steps = {"onehot": [], "scale": None, "infer": False}
    with pytest.raises(DataError) as err:
        fit_tabular(steps, train, "species", "binary", target_onehot=False)
    assert "2 columns cannot be used" in err.value.message
    assert "'island' still holds text" in err.value.message
    assert "'size' still holds text" in err.value.message
    assert "data.preprocess.onehot=[island,size]" in err.value.hint  # one fix for both


def test_with_inference_the_same_text_columns_are_one_hot_encoded() -> None:
    train = frame([1.0, 2.0, 3.0], ["x", "y", "x"])
    prep = fit_tabular({"scale": None}, train, "species", "binary", target_onehot=False)
    assert prep.output_names == ["island_x", "island_y", "size_l", "size_m", "size_s", "mass"]


def test_missing_feature_values_are_filled_in_with_the_training_median() -> None:
    train = pd.DataFrame({"f": [1.0, np.nan, 3.0, 10.0], "y": [0, 1, 0, 1]})
    prep = fit_tabular({"scale": None}, train, "y", "binary", target_onehot=False)
    assert prep.transform(train)[:, 0].tolist() == [1.0, 3.0, 3.0, 10.0]
    assert prep.model_input(pd.DataFrame({"f": [np.nan]}))[0].tolist() == [[3.0]]


def test_whole_number_columns_take_a_constant_fill_in() -> None:
    train = pd.DataFrame({"f": [1, 2, 3, 10], "flag": [True, False, True, True], "y": [0, 1] * 2})
    steps = {"scale": None, "impute": {"number": "constant", "category": "most_frequent"}}
    prep = fit_tabular(steps, train, "y", "binary", target_onehot=False)
    assert prep.transform(train).tolist() == [[1, 1], [2, 0], [3, 1], [10, 1]]
    assert prep.model_input(pd.DataFrame({"f": [None], "flag": [False]}))[0].tolist() == [[0, 0]]


def test_missing_values_left_in_features_are_a_clear_error_when_imputing_is_off() -> None:
    train = pd.DataFrame({"f": [1.0, np.nan, 3.0, 4.0], "y": [0, 1, 0, 1]})
    prep = fit_tabular({"impute": None}, train, "y", "binary", target_onehot=False)
    with pytest.raises(DataError, match="missing values remain"):
        prep.transform(train)


@pytest.mark.parametrize(
    ("values", "task"),
    [
        ([0, 1, 1, 0], "binary"),
        (["a", "b", "c", "a"], "multiclass"),
        ([1, 2, 3, 2], "multiclass"),
        ([0.5, 1.7, 2.2, 3.9], "regression"),
        (list(range(50)), "regression"),
    ],
)
def test_the_task_is_inferred_from_the_target(values: list, task: str) -> None:
    assert infer_task(pd.Series(values, name="y")) == task


def test_a_single_class_target_is_rejected() -> None:
    with pytest.raises(DataError, match="1 distinct"):
        infer_task(pd.Series(["a", "a", "a"], name="species"))


def test_a_regression_target_that_holds_text_names_the_values() -> None:
    with pytest.raises(DataError) as caught:
        infer_task(pd.Series(["Adelie", "Gentoo", "3.5"], name="species"), "regression")
    assert "'species' holds text (e.g. 'Adelie', 'Gentoo')" in caught.value.message
    assert caught.value.where == "data.task"
    assert infer_task(pd.Series(["1.5", "2", "3.25"], name="y"), "regression") == "regression"


@pytest.mark.parametrize("sep", ["(a+)+b", ",,", ""])
def test_predict_reads_the_run_separator_literally_or_refuses_it(tmp_path, sep: str) -> None:
    """A run folder's config may come from anyone: a separator pandas would take as a
    regular expression (run on every line, for ever on some) is refused."""
    from dlpipe.preprocess.protocol import reading_settings

    if sep == "":
        assert reading_settings({"sep": sep}) == (",", "utf-8")  # unset: the default
        return
    with pytest.raises(DataError) as caught:
        reading_settings({"sep": sep, "encoding": "utf-8"})
    assert "data.sep: the separator must be one character" in caught.value.message
    assert caught.value.where == "run"
