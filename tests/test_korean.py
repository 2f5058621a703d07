"""Messages in Korean: ``DLPIPE_LANG=ko`` or a Korean locale, names and values unchanged."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import dlpipe
from conftest import CliResult, run_cli
from dlpipe.korean import PHRASES, has_korean, korean, translated


@pytest.mark.parametrize(
    ("env", "chosen"),
    [
        ({"DLPIPE_LANG": "ko"}, True),
        ({"DLPIPE_LANG": "en", "LANG": "ko_KR.UTF-8"}, False),
        ({"LANG": "ko_KR.UTF-8"}, True),
        ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, True),
        ({"LANG": "C.UTF-8"}, False),
        ({}, False),
    ],
)
def test_korean_is_chosen_by_dlpipe_lang_then_the_locale(
    env: dict[str, str], chosen: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DLPIPE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert korean() is chosen


def test_names_and_values_stay_as_written_around_the_korean_words() -> None:
    hint = (
        "did you mean 'species'? (columns: species, 섬); conf/data/penguins.yaml's steps are"
        " for its own columns: for your table, data=csv data.path=<file> data.target=<column>"
    )
    said = translated(hint)
    assert said.startswith("혹시 'species' 인가요? (열: species, 섬); conf/data/penguins.yaml 의")
    assert said.endswith("data=csv data.path=<file> data.target=<column>")
    assert translated("a sentence no entry knows") == "a sentence no entry knows"
    for english, korean_text in PHRASES:  # every part of a phrase is used by its Korean
        assert sorted(re.findall(r"\{(\w+)\}", english)) == sorted(
            re.findall(r"\{(\w+)\}", korean_text)
        ), english
        assert has_korean(korean_text), english


def test_a_mistake_is_said_in_korean_on_the_command_line_and_in_python(
    cli_here: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DLPIPE_LANG", "ko")
    result = cli_here("check", "trainer.epoch=3")
    assert result.code == 2
    assert result.err.splitlines() == [
        "dlpipe: 오류: trainer.epoch: 알 수 없는 키입니다",
        "  힌트: 혹시 'epochs' 인가요?",
    ]
    with pytest.raises(dlpipe.ConfigError) as caught:
        dlpipe.compose("trainer.epochs=0")
    assert str(caught.value) == (
        "trainer.epochs: 1 이상이어야 하는데 0 입니다\n  힌트: 1 부터의 정수, 예: trainer.epochs=10"
    )


def test_a_korean_locale_is_enough(tmp_path: Path) -> None:
    result = run_cli(
        "check", "model=dens", cwd=tmp_path, env={"DLPIPE_LANG": "", "LANG": "ko_KR.UTF-8"}
    )
    assert result.code == 2
    assert "dlpipe: 오류: model=dens: model 설정에 'dens' (이)라는 파일이 없습니다" in result.err
    assert "힌트: 혹시 'dense' 인가요? (선택지: cnn," in result.err


ERRORS = {"DlpipeError", "ConfigError", "DataError", "ModelError", "TrackingError", "refuse"}
SRC = Path(__file__).resolve().parents[1] / "src" / "dlpipe"


def written_text(node: ast.AST) -> str | None:
    """A message as written at its raise site, each ``{...}`` part as a sample value
    (None when the text is built by a call: those are met through the catalogue)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "'sample'" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = written_text(node.left), written_text(node.right)
        return left + right if left is not None and right is not None else None
    return None


def raised_texts() -> list[tuple[str, str]]:
    """(where, text) of every message and hint dlpipe's own errors are raised with."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in ERRORS:
                continue
            parts = node.args[:1] + [k.value for k in node.keywords if k.arg == "hint"]
            for part in parts:
                text = written_text(part)
                # a text of parts only ("{path} {what}") passes on words said elsewhere
                if text and re.search(r"[a-z]{3,}", text.replace("'sample'", "")):
                    found.append((f"{path.relative_to(SRC)}:{node.lineno}", text))
    return found


def test_every_message_written_in_the_source_has_its_korean_text() -> None:
    texts = raised_texts()
    assert len(texts) > 400
    english_only = [f"{where}: {text}" for where, text in texts if not has_korean(translated(text))]
    assert english_only == []


def logged_formats() -> list[tuple[str, str]]:
    """(where, line) of every line dlpipe logs with a written format, each %-part a sample."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") in ("info", "warning")
                and getattr(node.func.value, "id", "") == "log"  # type: ignore[attr-defined]
                and node.args
            ):
                continue
            text = written_text(node.args[0])
            if text is None:
                continue
            line = re.sub(r"%[-\d.]*[sdfrg]", "'sample'", text)
            if re.search(r"[a-z]{3,}", line.replace("'sample'", "")):
                found.append((f"{path.relative_to(SRC)}:{node.lineno}", line))
    return found


def test_every_line_a_run_logs_has_its_korean_text() -> None:
    lines = logged_formats()
    assert len(lines) > 20
    assert [f"{where}: {line}" for where, line in lines if not has_korean(translated(line))] == []


def test_the_console_says_a_runs_lines_in_korean_and_the_log_file_keeps_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging
    import logging.config

    import yaml

    shipped = SRC / "conf" / "hydra" / "job_logging" / "dlpipe.yaml"
    settings = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    settings["handlers"]["file"]["filename"] = str(tmp_path / "dlpipe.log")
    settings["handlers"]["console"]["stream"] = "ext://sys.stderr"
    settings["root"]["handlers"] = ["console", "file"]
    settings["disable_existing_loggers"] = False
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", root.level)
    logging.config.dictConfig(settings)
    try:
        monkeypatch.setenv("DLPIPE_LANG", "ko")
        console = next(h for h in root.handlers if isinstance(h, logging.StreamHandler)
                       and not isinstance(h, logging.FileHandler))  # fmt: skip
        record = logging.LogRecord("dlpipe", logging.INFO, "", 0, "test: %s", ("x=1",), None)
        assert console.format(record) == "test 결과: x=1"
        logging.getLogger("dlpipe").info("test: %s", "test_accuracy=0.9")
        monkeypatch.setenv("DLPIPE_LANG", "en")
        assert console.format(record) == "test: x=1"
    finally:
        for handler in root.handlers:
            handler.close()
    assert "test: test_accuracy=0.9" in (tmp_path / "dlpipe.log").read_text(encoding="utf-8")


def test_the_lines_a_run_builds_before_logging_them_have_korean_too() -> None:
    from dlpipe.preprocess.kinds import Column, left_out_hints, printed_table
    from dlpipe.training.verdict import warnings_for

    warnings = warnings_for(
        {"test_accuracy": 0.3, "test_naive_accuracy": 0.4}, {"val_loss": [2.0, 1.0]}, 2
    )
    assert len(warnings) == 2 and all(has_korean(translated(w)) for w in warnings)
    columns = [
        Column("size", "number", "number", "1 … 9", "inferred"),
        Column("town", "many", "", "300 values", "inferred"),
        Column("id", "id", "", "a different value in every row", "inferred"),
        Column("review", "text", "", "free text, 40 values", "inferred"),
    ]
    assert has_korean(translated(printed_table(columns, {})[0]))
    notes = left_out_hints(columns, {})
    assert len(notes) == 3 and all(has_korean(translated(f"note: {n}")) for n in notes)


def said_texts() -> list[tuple[str, str]]:
    """(where, text) of every line a verb prints through ``say``."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "say" and node.args:
                text = written_text(node.args[0])
                if text and re.search(r"[a-z]{3,}", text.replace("'sample'", "")):
                    found.append((f"{path.relative_to(SRC)}:{node.lineno}", text))
    return found


def test_every_line_a_verb_prints_has_its_korean_text(
    cli_here: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = said_texts()
    assert len(lines) > 15
    assert [f"{where}: {text}" for where, text in lines if not has_korean(translated(text))] == []
    monkeypatch.setenv("DLPIPE_LANG", "ko")
    checked = cli_here("check")
    assert checked.code == 0 and "설정 OK: data=penguins model=dense" in checked.out
