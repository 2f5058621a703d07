"""A recorded run read back: a stored config.yaml that is not a config is refused clearly."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from dlpipe.errors import TrackingError
from dlpipe.track.runs import stored_config


class _Store:
    """An MLflow client whose run stored ``text`` as its config.yaml."""

    def __init__(self, text: str):
        self.text = text

    def list_artifacts(self, run_id: str) -> list[SimpleNamespace]:
        return [SimpleNamespace(path="config.yaml", file_size=len(self.text.encode()))]

    def download_artifacts(self, run_id: str, path: str, dst: str) -> str:
        self.downloaded = True
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


def test_a_stored_config_that_expands_for_ever_is_refused_naming_the_run() -> None:
    from dlpipe.errors import ConfigError

    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
    )
    with pytest.raises(ConfigError) as caught:
        stored_config(_Store(bomb), "abc")
    assert caught.value.where.startswith("run abc config.yaml, line ")
    assert "expands to more than" in caught.value.message


def test_a_huge_stored_config_is_refused_before_it_is_downloaded() -> None:
    from dlpipe.errors import ConfigError

    store = _Store("seed: 1\n" + "#" * 2_000_000)
    with pytest.raises(ConfigError) as caught:
        stored_config(store, "abc")
    assert caught.value.where == "run abc config.yaml"
    assert not hasattr(store, "downloaded")


def test_a_stored_config_with_a_python_tag_is_refused_naming_the_run() -> None:
    from dlpipe.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        stored_config(_Store('seed: !!python/object/apply:os.system ["id"]\n'), "abc")
    assert caught.value.where == "run abc config.yaml, line 1"
    assert "!!python/object/apply:os.system" in caught.value.message
