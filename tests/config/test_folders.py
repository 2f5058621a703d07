"""Your configs beside your data: ``./conf`` or ``--config-dir DIR``, read before dlpipe's
own, under the checks a shared experiment file gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlpipe.config import compose, location
from dlpipe.config.folders import SHIPPED, config_folders, first_comment
from dlpipe.errors import ConfigError

MINE = """defaults:
  - csv
  - _self_
name: mine
path: table.csv
target: label
"""


def own_data(folder: Path, name: str = "mine", text: str = MINE) -> Path:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    path = folder / "data" / f"{name}.yaml"
    path.write_text(text)
    return path


def test_without_a_conf_folder_only_dlpipes_own_configs_are_read(tmp_path: Path) -> None:
    folders, rest = config_folders(["data=csv"], here=tmp_path)

    assert folders == SHIPPED
    assert rest == ["data=csv"]


def test_a_conf_folder_where_you_run_is_found_and_read_first(tmp_path: Path) -> None:
    own_data(tmp_path / "conf")
    own_data(tmp_path / "conf", "penguins", "name: my_penguins\nsource: csv\n")

    folders, _ = config_folders([], here=tmp_path)

    assert folders.search == (tmp_path / "conf", location.CONFIG_DIR)
    assert compose(["data=mine"], folders=folders).data.target == "label"
    # the same name as a shipped config: yours is read (the default data here)
    assert compose([], folders=folders).data.name == "my_penguins"
    assert compose(["data=titanic"], folders=folders).data.name == "titanic"


@pytest.mark.parametrize(
    "flag", [["--config-dir", "shared"], ["--config-dir=shared"], ["-cd", "shared"]]
)
def test_config_dir_names_a_folder_anywhere_and_leaves_the_other_arguments(
    tmp_path: Path, flag: list[str]
) -> None:
    own_data(tmp_path / "shared")
    own_data(tmp_path / "conf", "other")  # named on the command line: ./conf is not read

    folders, rest = config_folders(["data=mine", *flag, "seed=1"], here=tmp_path)

    assert folders.own == tmp_path / "shared"
    assert rest == ["data=mine", "seed=1"]
    assert folders.options("data")[:3] == ["cifar10", "csv", "digits"]
    assert "other" not in folders.options("data")


def test_dlpipes_own_checkout_is_not_a_folder_of_yours() -> None:
    folders, _ = config_folders([], here=location.CONFIG_DIR.parent)

    assert folders == SHIPPED


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--config-dir", "nowhere"], "--config-dir nowhere"),
        (["--config-dir"], "--config-dir"),
        (["-cd", "a", "-cd", "b"], "-cd"),
    ],
)
def test_a_config_dir_that_names_no_folder_is_one_message(
    tmp_path: Path, args: list[str], named: str
) -> None:
    (tmp_path / "a").mkdir()
    with pytest.raises(ConfigError) as caught:
        config_folders(args, here=tmp_path)

    assert caught.value.where == named
    assert caught.value.hint


def test_a_primary_config_in_your_folder_is_refused(tmp_path: Path) -> None:
    own = tmp_path / "conf"
    own_data(own)
    (own / "config.yaml").write_text("defaults:\n  - data: mine\n")

    with pytest.raises(ConfigError) as caught:
        config_folders([], here=tmp_path)

    assert caught.value.where == str(own / "config.yaml")
    assert "experiment/<name>.yaml" in caught.value.hint


def test_hydras_own_group_in_your_folder_is_refused(tmp_path: Path) -> None:
    launcher = tmp_path / "conf" / "hydra" / "launcher"
    launcher.mkdir(parents=True)
    (launcher / "mine.yaml").write_text("_target_: os.system\n")

    with pytest.raises(ConfigError) as caught:
        config_folders([], here=tmp_path)

    assert caught.value.where == str(tmp_path / "conf" / "hydra")


def test_a_link_out_of_your_folder_is_refused(tmp_path: Path) -> None:
    outside = own_data(tmp_path / "elsewhere")
    (tmp_path / "conf" / "data").mkdir(parents=True)
    (tmp_path / "conf" / "data" / "mine.yaml").symlink_to(outside)

    with pytest.raises(ConfigError) as caught:
        config_folders([], here=tmp_path)

    assert caught.value.where == str(tmp_path / "conf" / "data" / "mine.yaml")
    assert "outside the config folder" in caught.value.message


def test_your_files_are_bounded_like_dlpipes(tmp_path: Path) -> None:
    own_data(tmp_path / "conf", "huge", "a: [" + "[" * 60 + "]" * 60 + "]\n")

    with pytest.raises(ConfigError) as caught:
        config_folders([], here=tmp_path)

    assert "nested more than" in caught.value.message
    assert str(tmp_path / "conf" / "data" / "huge.yaml") in str(caught.value.where)


def test_a_defaults_entry_may_not_leave_your_folder(tmp_path: Path) -> None:
    own_data(tmp_path / "conf", "sneaky", "defaults:\n  - ../../../etc/passwd\n")

    with pytest.raises(ConfigError) as caught:
        config_folders([], here=tmp_path)

    assert "defaults" in str(caught.value.where)


@pytest.mark.parametrize(
    ("text", "comment"),
    [
        (
            "# @package _global_\n# Titanic:\n#   python -m dlpipe\nkey: 1\n# later\n",
            "Titanic:\n  python -m dlpipe",
        ),
        ("\n# one line\n", "one line"),
        ("key: 1  # not at the top\n", None),
        ("# @package _global_\n#\nkey: 1\n", None),
    ],
)
def test_an_experiment_files_first_comment_describes_it(text: str, comment: str | None) -> None:
    assert first_comment(text) == comment
