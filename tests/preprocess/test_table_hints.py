"""Every override the table stage prints in a hint works when pasted as printed, on every
shipped table config: the mistake is made, the hint read, the override appended to the
command line as a shell would pass it, and the same table then gets past that mistake."""

from __future__ import annotations

import functools
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import penguin_like_frame, titanic_frame
from dlpipe.config import compose, validate
from dlpipe.data import read_table
from dlpipe.errors import DataError
from dlpipe.preprocess.prepare import examine_table

# An override inside a hint: shell-quoted, or a bare key=value (a list kept whole).
OVERRIDE = re.compile(r"'\+{0,2}data\.[^']*'|\+{0,2}data\.[\w.]+=(?:\[[^\]]*\]|[^\s,;)]+)")


@functools.cache
def shipped_table(name: str) -> tuple[pd.DataFrame, list[str]]:
    """The table a shipped data config is written for, and what the command line adds."""
    if name == "titanic":
        return titanic_frame().rename(columns=str.lower), []
    if name == "csv":
        return penguin_like_frame(), ["data.target=species"]
    shipped = validate(compose([f"data={name}"]))
    return read_table(shipped.data), []


def infinite(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, list[str], str]:
    column = next(
        c
        for c in frame.select_dtypes("number").columns
        if c.lower() != target and frame[c].nunique() > 2 and "id" not in c.lower()
    )
    out = frame.astype({column: float})
    out.loc[out.notna().all(axis=1).idxmax(), column] = np.inf  # (a row dropna keeps)
    return out, [], column


def text_without_inference(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, list[str], str]:
    out = frame.copy()
    out["colour"] = np.resize(["red", "green", "blue"], len(out))
    return out, ["data.preprocess.infer=false", "data.columns=null"], "colour"


def many_values(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, list[str], str]:
    out = frame.copy()
    out["code"] = [f"c{i % 40:02d}" for i in range(len(out))]  # 40 values, a few rows each
    return out, ["data.columns=null"], "code"


def empty_under_dropna(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, list[str], str]:
    out = frame.copy()
    out["empty"] = np.nan
    return out, ["data.columns=null", "data.preprocess.dropna={subset: null}"], "empty"


MISTAKES: dict[str, Callable[[pd.DataFrame, str], tuple[pd.DataFrame, list[str], str]]] = {
    "infinite": infinite,
    "text-without-inference": text_without_inference,
    "too-many-values-left-out": many_values,
    "empty-column-under-dropna": empty_under_dropna,
}
TARGETS = {"penguins": "species", "titanic": "survived", "xor": "y", "csv": "species"}


def hint_of(overrides: list[str]) -> str:
    """What the table stage says: the error's hint, or the note it prints."""
    from dlpipe.preprocess.kinds import left_out_hints

    cfg = validate(compose(overrides))
    try:
        table = examine_table(cfg)
    except DataError as exc:
        return str(exc.hint)
    return " ".join(left_out_hints(table.columns, table.steps))


@pytest.mark.parametrize("mistake", list(MISTAKES))
@pytest.mark.parametrize("config", list(TARGETS))
def test_each_printed_override_works_when_pasted(config: str, mistake: str, tmp_path: Path) -> None:
    frame, given = shipped_table(config)
    bad, extra, column = MISTAKES[mistake](frame, TARGETS[config])
    path = tmp_path / "table.csv"
    bad.to_csv(path, index=False)
    overrides = [f"data={config}", f"data.path={path}", *given, *extra]

    hint = hint_of(overrides)
    printed = [shlex.split(found)[0] for found in OVERRIDE.findall(hint)]
    assert printed, f"no override in the hint: {hint}"
    pasted = [*overrides, *printed]

    table = examine_table(validate(compose(pasted)))  # past the mistake
    used = {c.name for c in table.columns if c.used}
    assert column not in table.frame.columns or column in used, (printed, hint)
