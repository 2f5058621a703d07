"""Reading CSVs: the embedded default, local files, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from omegaconf import OmegaConf

from dlpipe.data import read_table
from dlpipe.errors import DataError


def data_cfg(**overrides):
    base = {
        "path": None,
        "builtin": None,
        "sep": ",",
        "encoding": "utf-8",
        "columns": None,
        "limit": None,
    }
    return OmegaConf.create({**base, **overrides})


def test_the_embedded_penguins_table_needs_no_download() -> None:
    frame = read_table(data_cfg(builtin="palmerpenguins"))
    assert len(frame) == 344
    assert {"species", "island", "sex", "bill_length_mm"} <= set(frame.columns)
    assert frame["sex"].isna().sum() > 0


def test_columns_are_selected_case_insensitively_and_limit_keeps_the_first_rows(
    titanic_csv: Path,
) -> None:
    frame = read_table(
        data_cfg(path=str(titanic_csv), columns=["survived", "sex", "age"], limit=10)
    )
    assert list(frame.columns) == ["survived", "sex", "age"]
    assert len(frame) == 10


def test_a_separator_can_be_chosen(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_text("a;b;y\n1;2;0\n3;4;1\n")
    assert list(read_table(data_cfg(path=str(path), sep=";")).columns) == ["a", "b", "y"]


@pytest.mark.parametrize(
    ("content", "kwargs", "where", "says"),
    [
        (None, {}, "data.path", "does not exist"),
        ("", {}, "data.path", "is empty"),
        ("a,b,y\n", {}, "data.path", "no rows"),
        ("a;b;y\n1;2;0\n", {}, "data.sep", "single column"),
        ("a,b,y\n1,2,0\n", {"columns": ["a", "z"]}, "data.columns", "'z'"),
        (b"a,b,y\n\xff\xfe,2,0\n", {}, "data.encoding", "not valid utf-8"),
    ],
)
def test_bad_files_get_a_clear_error(
    tmp_path: Path, content, kwargs, where: str, says: str
) -> None:
    path = tmp_path / "bad.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(DataError) as err:
        read_table(data_cfg(path=str(path), **kwargs))
    assert err.value.where == where
    assert says in str(err.value)
