"""Row steps: clean, drop, dropna, replace — in the order written."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dlpipe.errors import DataError
from dlpipe.preprocess import apply_row_steps


def raw() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sex": [" male", "FEMALE ", "female", None],
            "age": [22.0, np.nan, 30.0, 40.0],
            "cabin": [None, "C85", None, None],
            "y": [0, 1, 1, 0],
        }
    )


def test_clean_strips_and_lower_cases_text() -> None:
    out = apply_row_steps(raw(), {"clean": {"strip": True, "lower": True}})
    assert out["sex"].tolist()[:3] == ["male", "female", "female"]


def test_clean_leaves_an_object_column_of_numbers_alone() -> None:
    rows = raw().astype(object)  # rows built in Python (an array of mixed values, JSON)

    out = apply_row_steps(rows, {"clean": {"strip": True, "lower": True}})

    assert out["age"].tolist()[::2] == [22.0, 30.0]
    assert out["sex"].tolist()[:2] == ["male", "female"]


def test_replace_maps_strings_to_numbers() -> None:
    out = apply_row_steps(
        raw(),
        {"clean": {"strip": True, "lower": True}, "replace": {"sex": {"male": 1, "female": 0}}},
    )
    assert out["sex"].tolist()[:3] == [1, 0, 0]
    assert pd.api.types.is_numeric_dtype(out["sex"])


def test_steps_run_in_the_order_written() -> None:
    drop_first = apply_row_steps(raw(), {"drop": ["cabin"], "dropna": {"subset": None}})
    assert len(drop_first) == 2  # cabin gone, then rows with a missing sex/age dropped
    with pytest.raises(DataError) as caught:  # every row misses something while cabin is there
        apply_row_steps(raw(), {"dropna": {"subset": None}, "drop": ["cabin"]})
    assert "dropna removed all 4 rows: column 'cabin' is missing in 3" in caught.value.message
    assert "drop step listed before dropna" in caught.value.hint


def test_a_column_without_values_is_named_when_dropna_leaves_nothing() -> None:
    frame = raw().assign(empty=float("nan"))
    with pytest.raises(DataError) as caught:
        apply_row_steps(frame, {"drop": ["cabin"], "dropna": {"subset": None}})
    assert "column 'empty' has no values at all" in caught.value.message
    assert caught.value.hint == "leave it out: data.preprocess.drop=[cabin,empty]"
    assert len(apply_row_steps(frame, {"drop": ["cabin", "empty"], "dropna": None})) == 4


def test_dropna_on_a_subset_and_skipped_when_predicting() -> None:
    steps = {"dropna": {"subset": ["age"]}}
    assert len(apply_row_steps(raw(), steps)) == 3
    assert len(apply_row_steps(raw(), steps, training=False)) == 4


def test_unknown_columns_are_named() -> None:
    with pytest.raises(DataError) as err:
        apply_row_steps(raw(), {"drop": ["cabn"]})
    assert err.value.where == "data.preprocess.drop"
    assert "'cabin'" in str(err.value)
