"""Running a verb under Hydra: a single run composes once, in Hydra's run folder as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hydra._internal.config_loader_impl import ConfigLoaderImpl

from dlpipe.commands.hydra_run import run_under_hydra
from dlpipe.errors import ConfigError


@pytest.fixture
def compositions(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every config composition in this test (Hydra's own and ours), by overrides."""
    seen: list[list[str]] = []
    original = ConfigLoaderImpl.load_configuration

    def counting(self: Any, config_name: Any, overrides: list[str], *args: Any, **kw: Any) -> Any:
        seen.append(list(overrides))
        return original(self, config_name, overrides, *args, **kw)

    monkeypatch.setattr(ConfigLoaderImpl, "load_configuration", counting)
    return seen


def test_a_single_run_composes_its_config_once(
    tmp_path: Path, compositions: list[list[str]]
) -> None:
    jobs: list[tuple[Any, Any]] = []

    def task(cfg: Any, checked: Any) -> None:
        from hydra.core.hydra_config import HydraConfig

        jobs.append((checked, HydraConfig.get().runtime.output_dir))

    run_dir = tmp_path / "run"
    assert run_under_hydra(task, ["trainer.epochs=3", f"hydra.run.dir={run_dir}"]) == 0

    # (dlpipe's own hydra node, composed once per process to compare with, is not counted)
    assert len([c for c in compositions if "trainer.epochs=3" in c]) == 1
    ((checked, output_dir),) = jobs
    assert checked.trainer.epochs == 3  # validated against the schema, handed to the task
    assert Path(output_dir) == run_dir
    for name in ("config.yaml", "hydra.yaml", "overrides.yaml"):
        assert (run_dir / ".hydra" / name).is_file()
    assert "trainer.epochs=3" in (run_dir / ".hydra" / "overrides.yaml").read_text()


def test_a_sweep_value_without_m_is_a_clear_mistake(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        run_under_hydra(lambda cfg, checked: None, ["trainer.epochs=1,2"])
    assert caught.value.where == "trainer.epochs=1,2"
    assert "-m" in caught.value.hint


def test_a_config_that_declares_a_sweep_still_runs_as_one(
    tmp_path: Path, compositions: list[list[str]]
) -> None:
    jobs: list[int] = []

    def task(cfg: Any, checked: Any = None) -> None:
        jobs.append(int(cfg.trainer.batch_size))

    overrides = ["experiment=sweep_lr_batch", "tracking.enabled=false"]
    assert run_under_hydra(task, [*overrides, f"hydra.sweep.dir={tmp_path}"]) == 0
    assert len(jobs) == 4  # the file's 2×2 grid
