"""`dlpipe predict` refuses a run folder it cannot trust to be a run, and an output it
would write over, before loading anything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult


def _run_with_config(tmp_path: Path, config: str) -> Path:
    """Files that look like a run, with ``config`` as its config.yaml."""
    run = tmp_path / "run"
    run.mkdir()
    (run / "model.keras").write_bytes(b"")
    (run / "preprocessor.pkl").write_bytes(b"")
    (run / "config.yaml").write_text(config)
    (tmp_path / "new.csv").write_text("a,b\n1,2\n")
    return run


def test_a_run_folder_whose_config_is_not_a_mapping_is_refused(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    run = _run_with_config(tmp_path, "- not\n- a mapping\n")

    result = cli_here("predict", f"run={run}", "input=new.csv")

    assert result.code == 2, result.text
    assert "config.yaml is not a config" in result.err
    assert "hint:" in result.err
    assert "Traceback" not in result.text


def test_a_run_folder_whose_config_expands_for_ever_is_refused(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    run = _run_with_config(tmp_path, "x: " + "[" * 200 + "]" * 200 + "\n")

    result = cli_here("predict", f"run={run}", "input=new.csv")

    assert result.code == 2, result.text
    assert "config.yaml, line 1: nested more than 50 levels deep" in result.err
    assert "Traceback" not in result.text


@pytest.mark.parametrize(
    ("config", "says"),
    [
        ('seed: !!python/object/apply:os.system ["echo hi"]\n', "the YAML tag '!!python/"),
        ("seed: 1\nx: [\n", "the YAML cannot be read"),
    ],
    ids=["python tag", "broken"],
)
def test_a_run_folder_config_that_is_no_plain_yaml_is_one_message(
    cli_here: Callable[..., CliResult], tmp_path: Path, config: str, says: str
) -> None:
    run = _run_with_config(tmp_path, config)

    result = cli_here("predict", f"run={run}", "input=new.csv")

    assert result.code == 2, result.text
    assert "config.yaml, line " in result.err and says in result.err
    assert "Traceback" not in result.text


@pytest.fixture
def run_folder(tmp_path: Path) -> Path:
    """Files that look like a run; the output checks come before anything is loaded."""
    run = tmp_path / "run"
    run.mkdir()
    (run / "model.keras").write_bytes(b"")
    (run / "preprocessor.pkl").write_bytes(b"")
    (tmp_path / "new.csv").write_text("year\n2007\n")
    return run


@pytest.mark.parametrize(
    ("output", "extra", "words"),
    [
        ("new.csv", [], ["output: new.csv is the input"]),
        ("new.csv", ["overwrite=true"], ["output: new.csv is the input"]),
        ("./sub/../new.csv", ["overwrite=true"], ["is the input"]),
        ("kept.csv", [], ["kept.csv already exists", "overwrite=true"]),
        ("kept.csv", ["overwrite=yes"], ["overwrite: expected true or false"]),
        ("run", [], ["output: run is a folder", "output=run/predictions.csv"]),
    ],
    ids=[
        "input",
        "input-even-with-overwrite",
        "input-by-another-name",
        "existing",
        "overwrite-not-a-boolean",
        "folder",
    ],
)
def test_predict_never_writes_over_a_file_it_was_not_told_to(
    cli_here: Callable[..., CliResult],
    tmp_path: Path,
    run_folder: Path,
    output: str,
    extra: list[str],
    words: list[str],
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "kept.csv").write_text("precious\n")

    result = cli_here("predict", "run=run", "input=new.csv", f"output={output}", *extra)

    assert result.code == 2, result.text
    assert "Traceback" not in result.text
    for word in words:
        assert word in result.err, result.err
    assert "hint:" in result.err
    assert (tmp_path / "new.csv").read_text() == "year\n2007\n"
    assert (tmp_path / "kept.csv").read_text() == "precious\n"


def test_predict_default_output_is_not_replaced_either(
    cli_here: Callable[..., CliResult], tmp_path: Path, run_folder: Path
) -> None:
    (tmp_path / "predictions.csv").write_text("last week's\n")

    result = cli_here("predict", "run=run", "input=new.csv")

    assert result.code == 2, result.text
    assert "predictions.csv already exists" in result.err
    assert (tmp_path / "predictions.csv").read_text() == "last week's\n"
