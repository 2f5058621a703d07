"""README.ko.md is README.md in Korean: the same sections, in the same order, and the same
commands (placeholders and comments may be translated)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGLISH, KOREAN = ROOT / "README.md", ROOT / "README.ko.md"
COMMAND = re.compile(r"^(python -m dlpipe|make |mlflow |cd )")


def outside_code(path: Path) -> list[str]:
    lines, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def heading_levels(path: Path) -> list[int]:
    """The level of each heading (1 for ``#`` …), in order."""
    return [len(m.group(1)) for line in outside_code(path) if (m := re.match(r"(#+) ", line))]


def commands(path: Path) -> list[str]:
    """Each command line of the code blocks, without its comment, placeholders reduced."""
    out, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced and COMMAND.match(line):
            command = re.sub(r"\s+#\s.*$", "", line).strip()
            command = re.sub(r"<[^<>]*(<[^<>]*>[^<>]*)*>", "<>", command)
            out.append(re.sub(r"\[[^\[\]]*\]", "[]", command))
    return out


def links(path: Path) -> list[str]:
    """The files and folders of this repository the text links to, in order."""
    text = path.read_text(encoding="utf-8")
    return [t for t in re.findall(r"\]\(([^)#]+)\)", text) if not t.startswith("http")]


def test_the_korean_readme_has_the_english_ones_sections_in_order() -> None:
    english, korean = heading_levels(ENGLISH), heading_levels(KOREAN)
    assert len(english) > 15
    assert korean == english


def test_the_korean_readme_shows_the_same_commands() -> None:
    english = commands(ENGLISH)
    assert len(english) > 40 and "python -m dlpipe export run=<> format=notebook" in english
    assert commands(KOREAN) == english


def test_the_korean_readme_links_to_the_same_documents() -> None:
    english = [t for t in links(ENGLISH) if t != "README.ko.md"]
    korean = [t for t in links(KOREAN) if t != "README.md"]
    assert sorted(set(korean)) == sorted(set(english))
    for target in set(english):
        assert (ROOT / target).exists(), target
