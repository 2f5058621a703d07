"""`--help` prints what Hydra's own app help prints, composed once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult, run_python
from dlpipe.config.help import app_help, config_groups

HYDRA_HELP = """
import sys, hydra
from dlpipe.config import CONFIG_DIR
sys.argv = ["dlpipe", "--help", *{overrides!r}]
hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")(lambda cfg: None)()
"""


@pytest.mark.parametrize(
    "overrides", [[], ["model=cnn", "data=mnist"], ["experiment=titanic_dense"]]
)
def test_help_is_hydras_app_help(tmp_path: Path, overrides: list[str]) -> None:
    hydra = run_python(HYDRA_HELP.format(overrides=overrides), cwd=tmp_path)
    assert hydra.returncode == 0, hydra.stderr
    assert app_help(overrides) + "\n" == hydra.stdout


def test_groups_are_every_folder_of_yaml_files_but_hydras(tmp_path: Path) -> None:
    for name in ("model/cnn", "model/dense", "data/images/mnist", "hydra/help/x", "notes/readme"):
        path = tmp_path / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}\n")
    (tmp_path / "notes" / "readme.yaml").rename(tmp_path / "notes" / "readme.txt")
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / "a.yaml").write_text("{}\n")
    (tmp_path / "experiment").symlink_to(tmp_path / "linked")
    assert config_groups(tmp_path) == (
        "data/images: mnist\nexperiment: a\nlinked: a\nmodel: cnn, dense\n"
    )


def test_help_with_a_wrong_group_option_is_one_clear_error(
    cli_here: Callable[..., CliResult],
) -> None:
    result = cli_here("--help", "model=cnnn")
    assert result.code == 2
    assert "there is no model config named 'cnnn'" in result.err
    assert "Traceback" not in result.text
