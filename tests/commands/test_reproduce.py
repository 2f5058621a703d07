"""Reproduce helpers: arguments, the metric-by-metric comparison and the warnings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dlpipe.commands.reproduce import compare, differences, parse_args, report
from dlpipe.errors import ConfigError, DlpipeError


def test_parse_args_takes_one_run_id_and_options() -> None:
    assert parse_args(["abc", "tracking.uri=sqlite:///x.db"]) == (
        "abc",
        {"tracking.uri": "sqlite:///x.db"},
    )
    for bad in ([], ["a", "b"], ["abc", "--strict"]):
        with pytest.raises(ConfigError) as caught:
            parse_args(bad)
        assert "reproduce <run id>" in (caught.value.hint or "")


def test_compare_reports_each_metric_exactly() -> None:
    rows = compare(
        {"test_loss": 0.5, "loss": 0.25, "acc": 1.0}, {"test_loss": 0.5, "loss": 0.2500001}
    )
    verdicts = {r[0]: r[3] for r in rows}
    assert rows[0][0] == "test_loss"  # test metrics first
    assert verdicts["test_loss"] == "match"
    assert verdicts["loss"].startswith("DIFFERS by +1e-07")
    assert verdicts["acc"] == "missing in the rerun"
    text = report("a", "b", rows, [])
    assert "NOT reproduced: 2 of 3" in text
    assert "reproduced: all 1 results match" in report("a", "b", rows[:1], [])


def test_differences_name_changed_versions_and_data() -> None:
    original = {
        "dlpipe.version.keras": "3.10.0",
        "dlpipe.version.numpy": "2.0",
        "dlpipe.data_sha256": "a" * 64,
    }
    now = {
        "dlpipe.version.keras": "3.15.1",
        "dlpipe.version.numpy": "2.0",
        "dlpipe.version.mlflow": "3.17",
        "dlpipe.data_sha256": "b" * 64,
    }
    lines = differences(original, now, "dlpipe.version.", "dlpipe.data_sha256")
    assert "keras version differs: 3.10.0 then, 3.15.1 now" in lines
    assert "mlflow version was not recorded (now 3.17)" in lines
    assert any(line.startswith("the data differ") for line in lines)
    assert not any("numpy" in line for line in lines)
    assert differences(now, now, "dlpipe.version.", "dlpipe.data_sha256") == []


def test_a_relative_data_path_falls_back_to_the_recorded_one(tmp_path, monkeypatch) -> None:
    from omegaconf import OmegaConf

    from dlpipe.commands.reproduce import relocated_data

    data = tmp_path / "d.csv"
    data.write_text("a\n1\n")
    monkeypatch.chdir(tmp_path.parent)
    stored = OmegaConf.create({"data": {"path": "d.csv"}})
    tags = {"dlpipe.data_path": str(data)}
    assert relocated_data(stored, tags, {"data.path": "x.csv"}) is None  # the user's choice wins
    assert relocated_data(stored, tags, {}) == ("d.csv", str(data))
    assert stored.data.path == str(data)
    assert relocated_data(OmegaConf.create({"data": {"path": "d.csv"}}), {}, {}) is None


@pytest.mark.parametrize(
    ("tampered", "where"),
    [
        ({"callbacks": {"checkpoint": {"filename": "/home/me/thesis.keras"}}}, "checkpoint"),
        ({"hydra": {"callbacks": {"a": {"_target_": "pathlib.Path.touch"}}}}, "hydra.callbacks"),
        ({"hydra": {"job": {"env_set": {"LD_PRELOAD": "x.so"}}}}, "hydra.job.env_set"),
        ({"model": {"layers": [{"type": "StringLookup", "vocabulary": ".env"}]}}, "vocabulary"),
        ({"optimizer": {"_target_": "os.system"}}, "_target_"),
    ],
)
def test_a_tampered_stored_config_is_checked_like_a_new_one(
    tmp_path: Path, tampered: dict[str, Any], where: str
) -> None:
    from omegaconf import OmegaConf

    from dlpipe.commands.reproduce import rebuild_config
    from dlpipe.config import compose

    plain = OmegaConf.to_container(compose(), resolve=False)
    assert isinstance(plain, dict)
    plain.pop("hydra")  # a stored config.yaml is the job's config, without Hydra's subtree
    plain["paths"] = {"root_dir": ".", "data_dir": "data", "output_dir": "."}
    stored = OmegaConf.merge(OmegaConf.create(plain), tampered)

    with pytest.raises(DlpipeError) as caught:
        rebuild_config(stored, {}, f"sqlite:///{tmp_path}/m.db", tmp_path / "rerun")

    assert where in str(caught.value)
    assert not (tmp_path / "rerun").exists()
