"""Our errors' pieces: overrides in hints are written so that they can be pasted."""

from __future__ import annotations

from dlpipe.config.compose import parse_overrides
from dlpipe.errors import list_override


def test_list_overrides_in_hints_quote_what_hydra_reads_only_quoted() -> None:
    assert list_override("data.preprocess.onehot", ["island"]) == "data.preprocess.onehot=[island]"
    korean = list_override("data.preprocess.onehot", ["섬", "sex"])
    assert korean == """'data.preprocess.onehot=["섬","sex"]'"""
    (parsed,) = parse_overrides([korean.strip("'")])  # what the shell passes on
    assert parsed.value() == ["섬", "sex"]
