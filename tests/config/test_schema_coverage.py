"""Every key of every group has a schema: a misspelt key (plain or added with `+`) and a
wrong type are rejected before any heavy work, naming the YAML path and the closest key.

The cases are generated from the schema itself, so a group or key added later is covered.
"""

from __future__ import annotations

import dataclasses
import typing

import pytest

from dlpipe.config import compose, validate
from dlpipe.config.schema import Config
from dlpipe.errors import ConfigError


def _groups(node: type = Config, prefix: str = "") -> list[tuple[str, type]]:
    """(dotted path, dataclass) for the top level and every nested schema."""
    out = [(prefix, node)]
    for name, hint in typing.get_type_hints(node).items():
        if typing.get_origin(hint) is dict:  # a mapping of user-named entries (model.blocks)
            continue
        inner = hint if dataclasses.is_dataclass(hint) else None
        inner = inner or next(
            (a for a in typing.get_args(hint) if dataclasses.is_dataclass(a)), None
        )
        if inner is not None:
            out += _groups(inner, f"{prefix}{name}.")
    return out


def _typo(name: str) -> str:
    """A plausible misspelling: the last letter replaced."""
    return name[:-1] + ("x" if name[-1] != "x" else "y")


def _scalar_fields() -> list[tuple[str, type]]:
    """(dotted key, type) of every int / float / bool key of the schema."""
    out = []
    for prefix, node in _groups():
        for name, hint in typing.get_type_hints(node).items():
            base = next(
                (a for a in (hint, *typing.get_args(hint)) if a in (int, float, bool)), None
            )
            if base is not None:
                out.append((prefix + name, base))
    return out


GROUPS = _groups()
# The first key of each schema, misspelt: 15+ groups, each tried plain and with `+`.
TYPO_CASES = [
    (prefix, dataclasses.fields(node)[0].name)
    for prefix, node in GROUPS
    if dataclasses.fields(node)
]


def _reject(overrides: list[str]) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        validate(compose(overrides))
    return caught.value


def test_every_group_is_found() -> None:
    paths = {p for p, _ in GROUPS}
    assert {
        "",
        "data.",
        "data.split.",
        "data.preprocess.",
        "data.preprocess.scale.",
        "model.",
        "trainer.",
        "callbacks.early_stopping.",
        "callbacks.checkpoint.",
        "tracking.",
        "paths.",
    } <= paths


@pytest.mark.parametrize("plus", ["", "+"])
@pytest.mark.parametrize(("prefix", "key"), TYPO_CASES, ids=[p + k for p, k in TYPO_CASES])
def test_misspelt_key_names_path_and_closest_key(prefix: str, key: str, plus: str) -> None:
    wrong = prefix + _typo(key)
    error = _reject([f"{plus}{wrong}=1"])
    assert error.where == wrong
    assert f"'{key}'" in (error.hint or ""), error


@pytest.mark.parametrize("plus", ["", "+"])
def test_misspelt_optimizer_argument(plus: str) -> None:
    error = _reject(["optimizer=sgd", f"{plus}optimizer.nesterow=true"])
    assert error.where == "optimizer.nesterow"
    assert "'nesterov'" in (error.hint or "")


@pytest.mark.parametrize(("key", "kind"), _scalar_fields(), ids=[k for k, _ in _scalar_fields()])
def test_wrong_type_names_the_key(key: str, kind: type) -> None:
    error = _reject([f"{key}=not_a_{kind.__name__}"])
    assert error.where == key
    assert error.hint


def test_valid_default_config_passes() -> None:
    cfg = validate(compose([]))
    assert cfg.trainer.deterministic is False and cfg.trainer.resume is None
