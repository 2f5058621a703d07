"""`dlpipe predict` refuses a run folder it cannot trust to be a run, before loading anything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import CliResult


def test_a_run_folder_whose_config_is_not_a_mapping_is_refused(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / "model.keras").write_bytes(b"")
    (run / "preprocessor.joblib").write_bytes(b"")
    (run / "config.yaml").write_text("- not\n- a mapping\n")
    (tmp_path / "new.csv").write_text("a,b\n1,2\n")

    result = cli_here("predict", f"run={run}", "input=new.csv")

    assert result.code == 2, result.text
    assert "config.yaml is not a config" in result.err
    assert "hint:" in result.err
    assert "Traceback" not in result.text
