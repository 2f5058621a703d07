"""The CLI edge: a verb's exit code and output survive the fast exit; what the edge refuses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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
    ("flags", "named"),
    [
        (["--config-dir", "mine", "--config-name", "shared"], "--config-name"),
        (["-cd", "mine", "-cn", "shared"], "--config-name"),
        (["--config-dir=mine", "--config-name=shared"], "--config-name"),
        (["--config-path", "mine", "--config-name", "shared"], "--config-path"),
        (["--experimental-rerun", "mine/config.pickle"], "--experimental-rerun"),
    ],
)
@pytest.mark.parametrize("verb", ["train", "check", "summary"])
def test_a_primary_config_of_ones_own_is_refused_before_hydra_acts_on_it(
    cli_here: Any, tmp_path: Path, flags: list[str], named: str, verb: str
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "shared.yaml").write_text(OWN_PRIMARY)

    result = cli_here(verb, *flags, "debug=fast", "tracking.enabled=false")

    assert result.code == 2, result.text
    assert f"{named}:" in result.err
    assert "hint:" in result.err
    assert "Traceback" not in result.text
    assert not (tmp_path / "pwned").exists()
