"""`check` reads a CSV's header without pandas: the same names pandas gives training."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from omegaconf import OmegaConf

from dlpipe.data.header import pandas_names, read_header
from dlpipe.data.header import table_path as read_table_path
from dlpipe.errors import DataError


def data_cfg(path: Path, **overrides):
    base = {"path": str(path), "builtin": None, "sep": ",", "encoding": "utf-8", "header": True}
    return OmegaConf.create({**base, **overrides})


# (file bytes, data settings): headers pandas names in ways a plain split would not.
HEADERS = {
    "plain": (b"a,b,c\n1,2,3\n", {}),
    "utf-8 byte-order mark": (b"\xef\xbb\xbfSurvived,Sex\n1,male\n", {}),
    "quoted, with the separator inside": (b'"last, first",age\n"x, y",3\n', {}),
    "doubled quotes": (b'"say ""hi""",b\n1,2\n', {}),
    "empty and trailing names": (b",a,,b,\n1,2,3,4,5\n", {}),
    "spaces kept": (b" a , b\n1,2\n", {}),
    "leading blank lines": (b"\n\nx,y\n1,2\n", {}),
    "windows line ends": (b"x,y\r\n1,2\r\n", {}),
    "semicolons": (b"x;y;z\n1;2;3\n", {"sep": ";"}),
    "tabs": (b"x\ty\n1\t2\n", {"sep": "\t"}),
    "latin-1": ("caf\xe9,na\xefve\n1,2\n".encode("latin-1"), {"encoding": "latin-1"}),
    "cp949 (Korean)": ("이름,나이\n김,3\n".encode("cp949"), {"encoding": "cp949"}),
    "header only": (b"a,b\n", {}),
}


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("case", HEADERS)
def test_header_names_match_pandas(tmp_path: Path, case: str) -> None:
    content, settings = HEADERS[case]
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    cfg = data_cfg(path, **settings)
    expected = pd.read_csv(
        path,
        sep=cfg.sep,
        encoding=cfg.encoding,
        nrows=0,
    )
    assert read_header(cfg) == list(expected.columns)


def test_a_name_given_to_two_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"a,b,a,c,c\n1,2,3,4,5\n")
    with pytest.raises(DataError) as caught:
        read_header(data_cfg(path))
    assert "more than one column 'a' (also: 'c')" in str(caught.value)
    assert caught.value.where == "data.path"


def test_repeated_names_are_numbered_past_names_already_taken() -> None:
    for row in (["a", "a", "a.1", "a"], ["", "Unnamed: 0", ""], ["x", "", "x", "x.1", "x"]):
        expected = pd.read_csv(io.StringIO(",".join(row) + "\n"), nrows=0).columns
        assert pandas_names(row) == list(expected)
    assert pandas_names(["a", "a", "a.1", "a"]) == ["a", "a.2", "a.1", "a.3"]


def test_the_embedded_default_is_read_without_importing_its_package() -> None:
    cfg = OmegaConf.create(
        {"path": None, "builtin": "palmerpenguins", "sep": ",", "encoding": "utf-8"}
    )
    expected = pd.read_csv(read_table_path(cfg), nrows=0).columns
    assert (
        read_header(cfg)
        == list(expected)
        == [
            "species",
            "island",
            "bill_length_mm",
            "bill_depth_mm",
            "flipper_length_mm",
            "body_mass_g",
            "sex",
            "year",
        ]
    )


@pytest.mark.parametrize(
    ("content", "settings", "says", "where"),
    [
        (b"", {}, "is empty", "data.path"),
        (b"\n\n", {}, "is empty", "data.path"),
        (b"a;b;c\n1;2;3\n", {}, "single column", "data.sep"),
        (b"caf\xe9,b\n", {}, "is not valid utf-8", "data.encoding"),
        (b"a,b\n", {"encoding": "no-such-codec"}, "no-such-codec", "data.encoding"),
    ],
)
def test_bad_files_get_the_same_clear_errors_as_training(
    tmp_path: Path, content: bytes, settings: dict, says: str, where: str
) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    with pytest.raises(DataError) as caught:
        read_header(data_cfg(path, **settings))
    assert says in str(caught.value)
    assert caught.value.where == where
