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


def deep(levels: int) -> str:
    return "# @package _global_\nx: " + "[" * levels + "]" * levels + "\n"


def test_the_shipped_experiment_folder_a_link_is_scanned_too() -> None:
    from dlpipe.config import location
    from dlpipe.config.yaml_bounds import config_files

    assert (location.CONFIG_DIR / "experiment").is_symlink()
    scanned = {
        p.relative_to(location.CONFIG_DIR).as_posix() for p in config_files(location.CONFIG_DIR)
    }
    assert "experiment/titanic_dense.yaml" in scanned and "data/penguins.yaml" in scanned


@pytest.fixture
def linked_conf(own_conf: Path, tmp_path: Path) -> Path:
    """``own_conf`` whose experiment folder is a link to a folder beside it, as shipped."""
    import shutil

    outside = tmp_path / "experiments"
    shutil.move(own_conf / "experiment", outside)
    (own_conf / "experiment").symlink_to(outside, target_is_directory=True)
    return outside


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("# @package _global_\n" + laughs(8), "expands to more than 100,000 values"),
        (deep(60), "nested more than 50 levels deep"),
        # libyaml gives up at 1,000 brackets, before any event: Hydra's reader recursed
        (deep(3000), "nested more than 50 levels deep"),
    ],
    ids=["alias bomb", "deep", "deeper than libyaml goes"],
)
def test_a_hostile_file_in_a_linked_experiment_folder_is_refused(
    linked_conf: Path, text: str, says: str, cli_here: Callable[..., CliResult]
) -> None:
    (linked_conf / "shared.yaml").write_text(text)
    for args in (["check", "experiment=shared"], ["check"], ["--cfg", "job"], ["--help"]):
        result = cli_here(*args)
        assert result.code == 2, (args, result.text)
        assert "shared.yaml, line " in result.err and says in result.err
        assert "Traceback" not in result.text


def test_a_linked_file_and_a_link_loop_are_followed_once(
    own_conf: Path, tmp_path: Path, cli_here: Callable[..., CliResult]
) -> None:
    (own_conf / "data" / "loop").symlink_to(own_conf / "data", target_is_directory=True)
    (own_conf / "model" / "up").symlink_to(own_conf, target_is_directory=True)
    assert cli_here("check").code == 0  # no endless walk
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text(deep(60))
    (own_conf / "data" / "shared.yaml").symlink_to(elsewhere)
    result = cli_here("check")
    assert result.code == 2 and "shared.yaml, line 2: nested more than 50" in result.err


def test_a_pipe_named_like_a_config_is_not_read(
    own_conf: Path, cli_here: Callable[..., CliResult]
) -> None:
    import os

    os.mkfifo(own_conf / "data" / "pipe.yaml")
    result = cli_here("check")
    assert result.code == 2 and "pipe.yaml: not a regular file" in result.err


@pytest.mark.parametrize(
    "entry",
    [
        "- ../../elsewhere/evil",  # a config path from the file's own group
        "- /../elsewhere/evil",  # ... or from conf/
        "- ../../elsewhere: evil",  # a group out of conf/
        "- override /data: [penguins, ../../elsewhere/evil]",  # one of several options
    ],
)
def test_no_entry_of_a_defaults_list_reaches_out_of_the_config_folder(
    own_conf: Path, tmp_path: Path, entry: str, cli_here: Callable[..., CliResult]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "evil.yaml").write_text(deep(3000))  # Hydra would recurse on it
    (own_conf / "experiment" / "shared.yaml").write_text(
        f"# @package _global_\ndefaults:\n  {entry}\n"
    )
    result = cli_here("check", "experiment=shared")
    assert result.code == 2, result.text
    assert "shared.yaml, defaults: " in result.err and "is not a name of conf/" in result.err


@pytest.mark.parametrize(
    ("override", "says"),
    [
        ("+data@extra=../../../elsewhere/evil", "is not a name of conf/data/"),
        ("hydra.searchpath=[file:///tmp]", "this Hydra setting is not allowed"),
        ("+hydra.searchpath=[pkg://os]", "this Hydra setting is not allowed"),
    ],
)
def test_the_command_line_cannot_point_hydra_elsewhere(
    override: str, says: str, cli_here: Callable[..., CliResult]
) -> None:
    result = cli_here("check", override)
    assert result.code == 2, result.text
    assert says in result.err


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("# @package _global_\n# 실험\ntrainer: {epochs: 1}\n".encode("cp949"), "CP949"),
        ("# @package _global_\ntrainer: {epochs: 1}\n".encode("utf-16"), "UTF-16"),
        (b"\xef\xbb\xbf# @package _global_\ntrainer: {epochs: 1}\n", "byte-order mark"),
    ],
    ids=["cp949", "utf-16", "bom"],
)
def test_an_experiment_file_in_another_encoding_is_named_as_such(
    own_conf: Path, raw: bytes, says: str, cli_here: Callable[..., CliResult]
) -> None:
    (own_conf / "experiment" / "mine.yaml").write_bytes(raw)
    result = cli_here("check", "experiment=mine")
    assert result.code == 2, result.text
    assert "mine.yaml: " in result.err and says in result.err
    assert "save it as UTF-8" in result.err
