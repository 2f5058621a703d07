"""The CLI's Hydra route for a single run: one composition, Hydra's run folder as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hydra._internal.config_loader_impl import ConfigLoaderImpl

from dlpipe.cli import run_under_hydra
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


EXIT = """
import sys, threading, time, types, atexit
sys.modules["tensorflow"] = types.ModuleType("tensorflow")  # as after a training
atexit.register(lambda: print("[exit handlers ran]", end=""))
if {busy!r}:
    threading.Thread(target=time.sleep, args=(0.5,)).start()
from dlpipe.cli import exit_now
print("[buffered output]", end="")
exit_now(3)
print("[teardown as usual]", end="")
"""


@pytest.mark.parametrize("busy", [False, True])
def test_exit_now_keeps_output_and_exit_handlers(busy: bool) -> None:
    from conftest import run_python

    proc = run_python(EXIT.format(busy=busy))
    if busy:  # another thread still works: the normal exit, which waits for it
        assert (proc.returncode, proc.stdout) == (
            0,
            "[buffered output][teardown as usual][exit handlers ran]",
        )
    else:
        assert (proc.returncode, proc.stdout) == (3, "[buffered output][exit handlers ran]")


OWN_PRIMARY = """defaults:
  - config
  - _self_
hydra:
  callbacks:
    a:
      _target_: pathlib.Path.touch
      _args_: [pwned]
"""


@pytest.mark.parametrize(
    "flags",
    [
        ["--config-dir", "mine", "--config-name", "shared"],
        ["-cd", "mine", "-cn", "shared"],
        ["--config-dir=mine", "--config-name=shared"],
        ["--config-path", "mine", "--config-name", "shared"],
        ["--experimental-rerun", "mine/config.pickle"],
    ],
)
@pytest.mark.parametrize("verb", ["train", "check", "summary"])
def test_a_config_folder_of_ones_own_is_refused_before_hydra_acts_on_it(
    cli_here: Any, tmp_path: Path, flags: list[str], verb: str
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "shared.yaml").write_text(OWN_PRIMARY)

    result = cli_here(verb, *flags, "debug=fast", "tracking.enabled=false")

    assert result.code == 2, result.text
    assert f"{flags[0].split('=')[0].replace('-cd', '--config-dir')}:" in result.err
    assert "hint:" in result.err
    assert "Traceback" not in result.text
    assert not (tmp_path / "pwned").exists()
