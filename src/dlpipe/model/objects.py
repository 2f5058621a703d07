"""Regularisers, initialisers and constraints written in YAML, turned into Keras objects.

One form for all three, checked without Keras (for `dlpipe check`) and built with it:

- a name: ``kernel_initializer: he_normal``, ``kernel_regularizer: l2`` (Keras' default factor)
- ``{name: value}``: the first argument: ``{l2: 0.01}``, ``{constant: 0.1}``, ``{max_norm: 3}``
- ``{name: {arg: value}}``: keyword arguments: ``{l1_l2: {l1: 0.001, l2: 0.01}}``,
  ``{random_normal: {mean: 0.0, stddev: 0.05, seed: 1}}``
- regularisers only: ``{l1: 0.001, l2: 0.01}`` means L1L2.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from dlpipe.config import keras_names
from dlpipe.errors import ModelError, did_you_mean

# argument suffix → (keras module, YAML name → class name, what users call it)
FAMILIES = {
    "_regularizer": ("regularizers", keras_names.REGULARIZERS, "regulariser"),
    "_initializer": ("initializers", keras_names.INITIALIZERS, "initialiser"),
    "_constraint": ("constraints", keras_names.CONSTRAINTS, "constraint"),
}
_CALL = re.compile(r"^\s*(\w+)\s*\((.*)\)\s*$")


def family(argument: str) -> tuple[str, dict[str, str], str] | None:
    """The object family an argument takes (``kernel_regularizer`` → regularisers)."""
    for suffix, found in FAMILIES.items():
        if argument.endswith(suffix):
            return found
    return None


def parse(
    argument: str, value: Any, where: str
) -> tuple[str, tuple[Any, ...], dict[str, Any]] | None:
    """``(class name, args, kwargs)`` for an object argument, or None for ``null``."""
    found = family(argument)
    if found is None or value is None:
        return None
    _, table, what = found
    if isinstance(value, str):
        return _class_name(value, table, what, where), (), {}
    if isinstance(value, dict) and len(value) == 1:
        ((name, arg),) = value.items()
        cls = _class_name(str(name), table, what, where)
        if arg is None:
            return cls, (), {}
        if isinstance(arg, dict):
            return cls, (), dict(arg)
        return cls, (arg,), {}
    if isinstance(value, dict) and what == "regulariser" and value and set(value) <= {"l1", "l2"}:
        return "L1L2", (), dict(value)
    raise ModelError(
        f"cannot read {value!r} as a {what}",
        where=where,
        hint=f"write a name, {{name: value}} or {{name: {{argument: value}}}}, e.g. {_example(what)}",
    )


def make(argument: str, value: Any, where: str) -> Any:
    """The Keras object for an object argument (or ``value`` unchanged for other arguments)."""
    import keras

    parsed = parse(argument, value, where)
    if parsed is None:
        return value
    cls_name, args, kwargs = parsed
    module, _, what = FAMILIES[next(s for s in FAMILIES if argument.endswith(s))]
    cls = getattr(getattr(keras, module), cls_name)
    try:
        return cls(*args, **kwargs)
    except (TypeError, ValueError) as exc:
        bad = re.search(r"argument '(\w+)'", str(exc))
        accepted = [p for p in inspect.signature(cls).parameters if p != "kwargs"]
        raise ModelError(
            f"{what} {cls_name}: {exc}",
            where=where,
            hint=(did_you_mean(bad.group(1), accepted) if bad else None)
            or f"{cls_name} accepts: {', '.join(accepted) or '(nothing)'}; e.g. {_example(what)}",
        ) from None


def _class_name(name: str, table: dict[str, str], what: str, where: str) -> str:
    if name.lower() in table:
        return table[name.lower()]
    if name in table.values():
        return name
    call = _CALL.match(name)
    if call and call.group(1).lower() in table:
        args = call.group(2)
        written = (
            f"{{{call.group(1)}: {args}}}" if "=" not in args else f"{{{call.group(1)}: {{...}}}}"
        )
        raise ModelError(
            f"{name!r} is Python, not YAML",
            where=where,
            hint=f"write {written} (the name, then its argument)",
        )
    raise ModelError(
        f"unknown {what} {name!r}",
        where=where,
        hint=did_you_mean(name, table) or f"one of: {', '.join(sorted(table))}",
    )


def _example(what: str) -> str:
    return {
        "regulariser": "{l2: 0.01} or {l1_l2: {l1: 0.001, l2: 0.01}}",
        "initialiser": "he_normal or {random_normal: {stddev: 0.05}}",
        "constraint": "{max_norm: 3}",
    }[what]
