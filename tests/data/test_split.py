"""The 6:2:2 split: disjoint, seeded, stratified."""

from __future__ import annotations

import pandas as pd
import pytest
from omegaconf import OmegaConf

from dlpipe.data import split_frame
from dlpipe.errors import DataError

SPLIT = OmegaConf.create({"train": 0.6, "val": 0.2, "test": 0.2, "stratify": True, "shuffle": True})


def frame(n: int = 100) -> pd.DataFrame:
    return pd.DataFrame({"x": range(n), "y": ["a", "b", "b", "c"] * (n // 4)})


def test_six_two_two_split_is_disjoint_and_complete() -> None:
    parts = split_frame(frame(), "y", SPLIT, seed=0, classify=True)
    sizes = (len(parts.train), len(parts.val), len(parts.test))
    assert sizes == (60, 20, 20)
    ids = [set(p["x"]) for p in (parts.train, parts.val, parts.test)]
    assert not (ids[0] & ids[1] or ids[0] & ids[2] or ids[1] & ids[2])
    assert set().union(*ids) == set(range(100))


def test_split_is_stratified_and_seeded() -> None:
    a = split_frame(frame(), "y", SPLIT, seed=3, classify=True)
    b = split_frame(frame(), "y", SPLIT, seed=3, classify=True)
    c = split_frame(frame(), "y", SPLIT, seed=4, classify=True)
    assert list(a.test["x"]) == list(b.test["x"])
    assert list(a.test["x"]) != list(c.test["x"])
    assert a.test["y"].value_counts().to_dict() == {"b": 10, "a": 5, "c": 5}


def test_too_few_rows_and_rare_classes_are_explained() -> None:
    with pytest.raises(DataError, match="too few"):
        split_frame(frame(4), "y", SPLIT, seed=0, classify=True)
    rare = pd.DataFrame({"x": range(30), "y": ["a"] * 28 + ["b"] * 2})
    with pytest.raises(DataError) as err:
        split_frame(rare, "y", SPLIT, seed=0, classify=True)
    assert err.value.where == "data.split.stratify"
