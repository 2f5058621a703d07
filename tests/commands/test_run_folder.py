"""A run writes only into a folder it created: never the working folder, never over files
that are there, never outside the working folder because a shared file said so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult
from dlpipe.commands.hydra_run import run_under_hydra
from dlpipe.commands.run_folder import PlannedFolder, claim_folder
from dlpipe.errors import ConfigError

NO_RECORD = ["debug=fast", "tracking.enabled=false"]


def _untouched(tmp_path: Path) -> dict[str, bytes]:
    """A working folder with a user's own files where a careless run would write."""
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "thesis.tex").write_bytes(b"two years of work")
    (tmp_path / "model.keras").write_bytes(b"last week's model")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "notes.txt").write_bytes(b"keep me")
    return _files(tmp_path)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "conf" not in p.parts
    }


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["hydra.run.dir=."], ["hydra.run.dir", "is the working folder"]),
        (["hydra.run.dir=.."], ["hydra.run.dir", "or holds it"]),
        (["hydra.run.dir=results"], ["hydra.run.dir", "results already holds files"]),
        (["hydra.run.dir=model.keras"], ["hydra.run.dir", "is a file"]),
        (["-m", "hydra.sweep.dir=."], ["hydra.sweep.dir", "is the working folder"]),
        (["-m", "hydra.sweep.dir=results"], ["hydra.sweep.dir", "already holds files"]),
        (["-m", "hydra.sweep.subdir=../.."], ["hydra.sweep.subdir", "not a plain folder"]),
        (
            ["-m", "hydra.sweep.subdir=${hydra.job.override_dirname}"],
            ["hydra.sweep.subdir", "not a plain folder"],
        ),
    ],
    ids=[
        "here",
        "parent",
        "full-folder",
        "a-file",
        "sweep-here",
        "sweep-full",
        "subdir-up",
        "subdir-from-values",
    ],
)
@pytest.mark.parametrize("verb", ["train", "check"])
def test_a_run_never_writes_into_a_folder_that_holds_files(
    cli_here: Callable[..., CliResult],
    tmp_path: Path,
    args: list[str],
    words: list[str],
    verb: str,
) -> None:
    before = _untouched(tmp_path)

    result = cli_here(verb, *args, *NO_RECORD)

    assert result.code == 2, result.text
    assert "Traceback" not in result.text
    for word in words:
        assert word in result.err, result.err
    assert "hint:" in result.err
    assert _files(tmp_path) == before  # nothing deleted, replaced or added


OUTSIDE_EXPERIMENT = """# @package _global_
# a classmate's experiment: its run folder is somewhere else on your disk
hydra:
  run:
    dir: {folder}
"""


@pytest.mark.parametrize("where", ["absolute", "relative", "symlink"])
def test_a_config_file_cannot_point_the_run_outside_the_working_folder(
    own_conf: Path, tmp_path: Path, cli_here: Callable[..., CliResult], where: str
) -> None:
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    folder = {"absolute": str(elsewhere / "run"), "relative": "../elsewhere/run"}.get(
        where, "link/run"
    )
    (work / "link").symlink_to(elsewhere)
    (own_conf / "experiment" / "shared.yaml").write_text(OUTSIDE_EXPERIMENT.format(folder=folder))

    for verb in ("check", "train"):
        result = cli_here(verb, "experiment=shared", *NO_RECORD, cwd=work)
        assert result.code == 2, result.text
        assert "hydra.run.dir" in result.err
        assert "outside the working folder" in result.err
    assert list(elsewhere.iterdir()) == []


def test_the_users_own_command_line_may_name_a_folder_anywhere(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()

    result = cli_here("check", f"hydra.run.dir={tmp_path / 'scratch' / 'run1'}", cwd=work)

    assert result.code == 0, result.text


def test_two_runs_named_by_the_same_second_get_two_folders(tmp_path: Path) -> None:
    taken = tmp_path / "outputs" / "12-00-00"
    taken.mkdir(parents=True)  # another run started this second and is still empty

    first = claim_folder(PlannedFolder("hydra.run.dir", taken, timestamped=True))
    second = claim_folder(PlannedFolder("hydra.run.dir", taken, timestamped=True))

    assert (first.name, second.name) == ("12-00-00-2", "12-00-00-3")
    assert first.is_dir() and second.is_dir()


def test_an_empty_folder_the_user_named_is_used_and_a_filled_one_is_not(tmp_path: Path) -> None:
    empty, filled = tmp_path / "empty", tmp_path / "filled"
    empty.mkdir()
    filled.mkdir()
    (filled / "a.txt").write_text("a")

    assert claim_folder(PlannedFolder("hydra.run.dir", empty, timestamped=False)) == empty
    with pytest.raises(ConfigError, match="already holds files"):
        claim_folder(PlannedFolder("hydra.run.dir", filled, timestamped=False))


def test_a_folder_that_cannot_be_created_is_one_message(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")

    with pytest.raises(ConfigError) as caught:
        claim_folder(PlannedFolder("hydra.run.dir", tmp_path / "a-file" / "run", False))

    assert caught.value.where == "hydra.run.dir"
    assert "cannot create" in str(caught.value)


@pytest.mark.parametrize("kind", ["run", "sweep"])
def test_a_timestamped_folder_taken_by_another_run_gives_this_run_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    import time

    monkeypatch.chdir(tmp_path)
    taken = tmp_path / "outputs" / time.strftime("%Y")
    taken.mkdir(parents=True)
    (taken / "model.keras").write_bytes(b"the other run's model")
    seen: list[str] = []

    def task(cfg: Any, checked: Any = None) -> None:
        from hydra.core.hydra_config import HydraConfig

        seen.append(HydraConfig.get().runtime.output_dir)

    args = [*NO_RECORD, f"hydra.{kind}.dir=outputs/${{now:%Y}}", "hydra/job_logging=none"]
    if kind == "sweep":
        args = ["-m", *args, "seed=1,2"]

    assert run_under_hydra(task, args) == 0

    assert (taken / "model.keras").read_bytes() == b"the other run's model"
    fresh = taken.with_name(f"{taken.name}-2")
    assert seen and all(Path(s).is_relative_to(fresh.resolve()) for s in seen), seen
    assert len(set(seen)) == len(seen)


@pytest.mark.parametrize(
    "uri",
    [
        "http://collector.example.com:5000",
        "sqlite:////tmp/elsewhere/mlflow.db",
        "sqlite:///../up.db",
    ],
)
def test_a_config_file_cannot_send_the_record_elsewhere(
    uri: str, own_conf: Path, tmp_path: Path, cli_here: Callable[..., CliResult]
) -> None:
    (own_conf / "experiment" / "shared.yaml").write_text(
        f"# @package _global_\ntracking:\n  uri: {uri}\n"
    )
    for verb in ([], ["check"]):
        result = cli_here(*verb, "experiment=shared", "debug=fast", cwd=tmp_path)
        assert result.code == 2, result.text
        assert "tracking.uri: a config file sends the record to" in result.err
        assert f"tracking.uri={uri}" in result.err  # the user may say it themselves


def test_a_config_file_may_keep_the_store_in_the_working_folder_and_the_user_may_choose_any(
    own_conf: Path, tmp_path: Path, cli_here: Callable[..., CliResult]
) -> None:
    (own_conf / "experiment" / "shared.yaml").write_text(
        "# @package _global_\ntracking:\n  uri: sqlite:///runs/mlflow.db\n"
    )
    assert cli_here("check", "experiment=shared", cwd=tmp_path).code == 0
    elsewhere = f"tracking.uri=sqlite:///{tmp_path.parent}/mine.db"
    assert cli_here("check", elsewhere, cwd=tmp_path).code == 0


@pytest.mark.parametrize("path", ["/etc/passwd", "../../secrets.csv", "~/.aws/credentials"])
def test_a_config_file_reads_data_only_inside_the_working_folder(
    path: str, own_conf: Path, tmp_path: Path, cli_here: Callable[..., CliResult]
) -> None:
    (own_conf / "experiment" / "shared.yaml").write_text(
        f"# @package _global_\ndata:\n  path: {path!r}\n"
    )
    result = cli_here("check", "experiment=shared", cwd=tmp_path)
    assert result.code == 2, result.text
    assert "data.path: a config file reads the data from" in result.err
    assert f"data.path={path}" in result.err  # the user may name it themselves


def test_a_link_out_of_the_working_folder_is_outside_and_an_absolute_path_in_it_is_inside(
    own_conf: Path, tmp_path: Path, cli_here: Callable[..., CliResult]
) -> None:
    from conftest import penguin_like_frame

    work = tmp_path / "work"
    (work / "data").mkdir(parents=True)
    penguin_like_frame().to_csv(work / "data" / "train.csv", index=False)
    secret = tmp_path / "secret.csv"
    penguin_like_frame().to_csv(secret, index=False)
    (work / "data" / "shared.csv").symlink_to(secret)
    (work / "data" / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    for path, inside in [
        (work / "data" / "train.csv", True),  # absolute, and in the working folder
        ("data/*.csv", True),
        ("data/shared.csv", False),  # a link to a file outside
        ("data/elsewhere/secret.csv", False),  # through a linked folder
        ("data/elsewhere/*.csv", False),
    ]:
        (own_conf / "experiment" / "shared.yaml").write_text(
            f"# @package _global_\ndata:\n  path: {str(path)!r}\n"
        )
        result = cli_here("check", "experiment=shared", cwd=work)
        refused = "a config file reads the data from" in result.err
        assert refused is not inside, (path, result.text)
