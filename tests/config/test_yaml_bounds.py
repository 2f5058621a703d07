"""Every YAML file read as a config is bounded: size, nesting, expanded aliases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult
from dlpipe.config.yaml_bounds import check_yaml_text
from dlpipe.errors import ConfigError


def laughs(levels: int, width: int = 9) -> str:
    """The "billion laughs": each level an alias list of the level below."""
    first = f"a0: &a0 [{', '.join(['lol'] * width)}]\n"
    return first + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]\n" for i in range(1, levels + 1)
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (laughs(8), "expands to more than 100,000 values"),
        ("x: " + "[" * 60 + "]" * 60 + "\n", "nested more than 50 levels deep"),
        ("x: " + "{a: " * 60 + "1" + "}" * 60 + "\n", "nested more than 50 levels deep"),
        ("k: " + "x" * 1_000_001 + "\n", "more than a config holds"),
    ],
    ids=["alias bomb", "deep lists", "deep mappings", "too large"],
)
def test_a_hostile_yaml_is_refused_naming_its_line(text: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        check_yaml_text(text, "shared.yaml")
    assert says in caught.value.message
    assert caught.value.where is not None and caught.value.where.startswith("shared.yaml")


def test_ordinary_configs_and_a_few_aliases_pass() -> None:
    check_yaml_text(laughs(3), "ok.yaml")  # 9**4 ≈ 6,600 values: fine
    check_yaml_text("defaults:\n  - base\nlayers: &l [{type: Dense, units: 4}]\nagain: *l\n", "x")
    check_yaml_text("not: [valid", "broken.yaml")  # left to the reader, which names the line


def test_an_experiment_file_that_expands_for_ever_is_refused_by_check_and_training(
    own_conf: Path, cli_here: Callable[..., CliResult]
) -> None:
    (own_conf / "experiment" / "shared.yaml").write_text("# @package _global_\n" + laughs(8))
    for verb in ([], ["check"]):
        result = cli_here(*verb, "experiment=shared", "debug=fast")
        assert result.code == 2, result.text
        assert "shared.yaml, line " in result.err and "expands to more than" in result.err
        assert "Traceback" not in result.text


@pytest.mark.parametrize(
    "override",
    ["data=../../../elsewhere/evil", "experiment=/tmp/elsewhere/evil", "model=./dense"],
)
def test_an_option_is_a_name_in_the_config_folder_never_a_path_out_of_it(
    override: str, cli_here: Callable[..., CliResult]
) -> None:
    result = cli_here("check", override)
    assert result.code == 2, result.text
    assert "is not a name of conf/" in result.err


def test_an_experiment_file_cannot_pull_in_a_file_from_elsewhere(
    own_conf: Path, tmp_path: Path, cli_here: Callable[..., CliResult]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "evil.yaml").write_text("name: evil\nsource: csv\npath: /etc/passwd\n")
    relative = Path("..") / ".." / "elsewhere" / "evil"  # from conf/data/
    (own_conf / "experiment" / "shared.yaml").write_text(
        f"# @package _global_\ndefaults:\n  - override /data: {relative}\n"
    )
    for verb in ([], ["check"]):
        result = cli_here(*verb, "experiment=shared", "debug=fast")
        assert result.code == 2, result.text
        assert (
            "shared.yaml, defaults: data=" in result.err
            and "not a name of conf/data/" in result.err
        )
