"""Text from a store or a run folder is printed with its control characters escaped."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pandas as pd
import pytest

from conftest import CliResult
from dlpipe.commands.terminal import table_text
from dlpipe.errors import ConfigError, printable

CLEAR = "\x1b[2J\x1b[H"  # clear the screen, cursor home
TITLE = "\x1b]0;pwned\x07"  # set the terminal's title
RLO = "\u202e"  # right-to-left override: text shown reversed


def test_control_and_invisible_characters_are_escaped_and_korean_is_kept() -> None:
    shown = printable(f"생존 {CLEAR}run{TITLE} {RLO}gpj.exe\r\nnext\tline")
    assert shown == "생존 \\x1b[2J\\x1b[Hrun\\x1b]0;pwned\\x07 \\u202egpj.exe\\r\nnext\tline"
    assert printable("a\nb", newlines=False) == "a\\nb"


def test_a_message_quoting_a_hostile_name_prints_it_escaped() -> None:
    text = str(ConfigError(f"no run named {CLEAR}x", where="run", hint=f"try {TITLE}"))
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b[2J" in text and "\n  hint: try \\x1b]0;pwned\\x07" in text


def test_a_table_keeps_each_cell_on_its_line() -> None:
    frame = pd.DataFrame({f"p{CLEAR}": [f"a\nb{TITLE}", "c"], "loss": [0.5, 0.25]})
    text = table_text(frame, index=False)
    assert "\x1b" not in text and "\x07" not in text
    assert len(text.splitlines()) == 3  # the header and two rows
    assert "a\\nb\\x1b]0;pwned\\x07" in text and "p\\x1b[2J\\x1b[H" in text


def _run(name: str, params: dict[str, str], loss: float) -> SimpleNamespace:
    return SimpleNamespace(
        info=SimpleNamespace(run_name=name, run_id="0123456789abcdef", status="FINISHED"),
        data=SimpleNamespace(params=params, metrics={"test_loss": loss}, tags={}),
    )


def test_compare_prints_a_shared_stores_names_escaped(
    monkeypatch: pytest.MonkeyPatch, cli_here: Callable[..., CliResult]
) -> None:
    runs = [
        _run(f"evil{CLEAR}", {"optimizer.name": f"adam{TITLE}"}, 0.1),
        _run(f"{RLO}baseline", {"optimizer.name": "sgd"}, 0.2),
    ]
    monkeypatch.setattr("dlpipe.track.compare.load_runs", lambda *args: runs)

    result = cli_here("compare", "metric=test_loss")

    assert result.code == 0, result.text
    assert not any(c in result.out for c in ("\x1b", "\x07", RLO))
    assert "evil\\x1b[2J\\x1b[H" in result.out and "adam\\x1b]0;pwned\\x07" in result.out
    assert "\\u202ebaseline" in result.out
