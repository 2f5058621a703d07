"""Every verb reads your configs beside your data (``./conf`` or ``--config-dir DIR``),
and a folder someone shared gets the checks a shared experiment file gets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult, penguin_like_frame, run_cli

DATA = """defaults:
  - csv
  - _self_
name: birds
path: birds.csv
target: species
"""
EXPERIMENT = """# @package _global_
defaults:
  - override /data: birds
  - _self_
trainer:
  epochs: 2
"""


def project(folder: Path, experiment: str = EXPERIMENT, data: str = DATA) -> Path:
    """A folder as a user keeps it: the table, and conf/ with a data config and an experiment."""
    penguin_like_frame().to_csv(folder / "birds.csv", index=False)
    for group, name, text in (("data", "birds", data), ("experiment", "first", experiment)):
        (folder / "conf" / group).mkdir(parents=True, exist_ok=True)
        (folder / "conf" / group / f"{name}.yaml").write_text(text)
    return folder / "conf"


def test_check_reads_the_conf_folder_where_you_run(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    conf = project(tmp_path)

    result = cli_here("check", "experiment=first")

    assert result.code == 0, result.text
    assert f"your configs: {conf} (read before dlpipe's own)" in result.out
    assert "config OK: data=birds model=dense" in result.out
    assert "bill_length_mm" in result.out  # the table it names was read


def test_config_dir_names_your_folder_from_anywhere_with_every_composing_verb(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    conf = project(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    # the data path is relative to the folder one runs from
    data = DATA.replace("birds.csv", str(tmp_path / "birds.csv"))
    (conf / "data" / "birds.yaml").write_text(data)

    checked = cli_here(
        "check",
        "--config-dir",
        str(conf),
        "experiment=first",
        f"data.path={tmp_path}/birds.csv",
        cwd=tmp_path / "elsewhere",
    )
    helped = cli_here("--config-dir", str(conf), "--help", cwd=tmp_path / "elsewhere")
    # (Hydra's own route, which leaves Hydra set up: in a process of its own)
    shown = run_cli(
        "--cfg", "job", f"--config-dir={conf}", "experiment=first", cwd=tmp_path / "elsewhere"
    )

    assert checked.code == 0, checked.text
    assert "config OK: data=birds" in checked.out
    groups = dict(line.split(": ", 1) for line in helped.out.splitlines() if ": " in line)
    assert "first" in groups["experiment"].split(", ")
    assert groups["data"].startswith("birds, cifar10, csv")
    assert "name: birds" in shown.out and "epochs: 2" in shown.out


def test_the_verbs_that_read_a_recorded_run_say_a_config_folder_is_not_needed(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    project(tmp_path)

    result = cli_here("compare", "--config-dir", "conf")

    assert "compare reads what the run recorded; --config-dir is not needed here" in result.out
    assert "unexpected argument" not in result.err


@pytest.mark.parametrize(
    ("experiment", "named"),
    [
        (EXPERIMENT + "tracking:\n  uri: http://203.0.113.5:5000\n", "tracking.uri"),
        (EXPERIMENT + "data:\n  path: /etc/passwd\n", "data.path"),
        (EXPERIMENT + "data:\n  path: passwd\npaths:\n  data_dir: /etc\n", "paths.data_dir"),
        (
            EXPERIMENT + "hydra:\n  callbacks:\n    x:\n      _target_: os.system\n",
            "hydra.callbacks",
        ),
        (EXPERIMENT.replace("# @package _global_\n", ""), "experiment/first.yaml"),
    ],
)
@pytest.mark.parametrize("verb", ["check", "train"])
def test_a_shared_folder_gets_the_checks_a_shared_experiment_file_gets(
    cli_here: Callable[..., CliResult], tmp_path: Path, experiment: str, named: str, verb: str
) -> None:
    project(tmp_path, experiment)

    result = cli_here(*([verb] if verb != "train" else []), "experiment=first")

    assert result.code == 2, result.text
    assert named in result.err.splitlines()[0]
    assert "Traceback" not in result.text
    assert not (tmp_path / "outputs").exists() and not (tmp_path / "mlflow.db").exists()
