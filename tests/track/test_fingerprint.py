"""Provenance tags: package versions and a data fingerprint that changes with the data."""

from __future__ import annotations

from pathlib import Path

from omegaconf import OmegaConf

from dlpipe.track.fingerprint import DATA_SHA, data_tags, sha256_of, version_tags


def test_versions_name_every_package_a_result_depends_on() -> None:
    tags = version_tags()
    for name in ("python", "dlpipe", "keras", "tensorflow", "numpy", "scikit-learn", "mlflow"):
        assert tags[f"dlpipe.version.{name}"] not in ("", "not installed"), name


def test_data_fingerprint_follows_file_and_folder_content(tmp_path: Path) -> None:
    csv = tmp_path / "d.csv"
    csv.write_text("a,b\n1,2\n")
    first = data_tags(OmegaConf.create({"path": str(csv), "source": "csv"}))
    assert first[DATA_SHA] == sha256_of(csv) and len(first[DATA_SHA]) == 64
    csv.write_text("a,b\n1,3\n")
    assert sha256_of(csv) != first[DATA_SHA]

    folder = tmp_path / "images"
    (folder / "cat").mkdir(parents=True)
    (folder / "cat" / "1.png").write_bytes(b"x")
    before = sha256_of(folder)
    (folder / "cat" / "1.png").rename(folder / "cat" / "2.png")
    assert sha256_of(folder) != before  # names count, not only bytes


def test_no_local_input_gives_n_a() -> None:
    tags = data_tags(OmegaConf.create({"path": None, "source": "keras", "builtin": None}))
    assert tags[DATA_SHA] == "n/a"
