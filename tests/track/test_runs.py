"""A recorded run read back: a stored config.yaml that is not a config is refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlpipe.errors import TrackingError
from dlpipe.track.runs import stored_config


class _Store:
    """An MLflow client whose run stored ``text`` as its config.yaml."""

    def __init__(self, text: str):
        self.text = text

    def download_artifacts(self, run_id: str, path: str, dst: str) -> str:
        out = Path(dst) / path
        out.write_text(self.text)
        return str(out)


def test_the_stored_config_comes_back_as_a_config() -> None:
    cfg = stored_config(_Store("seed: 7\ntrainer: {epochs: 2}\n"), "abc")
    assert cfg.seed == 7 and cfg.trainer.epochs == 2


def test_a_stored_config_that_is_a_list_is_refused_naming_the_run() -> None:
    with pytest.raises(TrackingError) as caught:
        stored_config(_Store("- seed\n- 7\n"), "abc")
    assert "not a config" in caught.value.message
    assert caught.value.where == "run abc"


def test_a_stored_config_never_resolves_this_machines_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dlpipe.errors import ConfigError

    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "hunter2-secret")
    tampered = "tracking:\n  run_name: ${oc.env:AWS_SECRET_ACCESS_KEY}\n"
    with pytest.raises(ConfigError) as caught:
        stored_config(_Store(tampered), "abc")
    assert caught.value.where == "run abc config.yaml: tracking.run_name"
    assert "hunter2-secret" not in str(caught.value)
