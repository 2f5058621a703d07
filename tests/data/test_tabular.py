"""Reading CSVs: the embedded default, local files, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
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


def compressed_copy(frame: pd.DataFrame, path: Path) -> Path:
    """``frame`` written as pandas writes a CSV to ``path`` (compressed by its ending)."""
    if path.suffix == ".tar":
        import tarfile

        plain = path.with_suffix(".csv")
        frame.to_csv(plain, index=False)
        with tarfile.open(path, "w") as archive:
            archive.add(plain, arcname="table.csv")
        return path
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    "ending", [".csv.gz", ".csv.bz2", ".csv.zip", ".csv.xz", ".csv.zst", ".tar"]
)
def test_a_compressed_table_reads_as_pandas_reads_it(tmp_path: Path, ending: str) -> None:
    from conftest import penguin_like_frame
    from dlpipe.data import read_header

    frame = penguin_like_frame()
    path = compressed_copy(frame, tmp_path / f"penguins{ending}")
    assert path.read_bytes()[:20] != frame.to_csv(index=False).encode()[:20]  # really packed
    cfg = data_cfg(path=str(path))
    assert read_header(cfg) == list(frame.columns)
    assert read_table(cfg).equals(frame)


def test_a_compressed_table_that_inflates_past_its_header_row_is_refused(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "bomb.csv.gz"
    with gzip.open(path, "wb") as f:
        f.write(b"a" * 50_000_000)  # 50 MB of one "column name": ~50 kB packed
    with pytest.raises(DataError) as caught:
        read_header_of(path)
    assert "no line end in its first 1 MiB" in caught.value.message


def test_a_broken_or_crowded_archive_is_one_message(tmp_path: Path) -> None:
    import zipfile

    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(b"\x1f\x8b\x08\x00broken")
    crowded = tmp_path / "two.csv.zip"
    with zipfile.ZipFile(crowded, "w") as archive:
        archive.writestr("a.csv", "x,y\n1,2\n")
        archive.writestr("b.csv", "x,y\n1,2\n")
    for path, says in [(cut, "could not be read as a gz file"), (crowded, "holds 2 files")]:
        with pytest.raises(DataError) as caught:
            read_header_of(path)
        assert says in caught.value.message and caught.value.where == "data.path"


def read_header_of(path: Path) -> list[str]:
    from dlpipe.data import read_header

    return read_header(data_cfg(path=str(path)))
