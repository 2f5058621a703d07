"""The run's params: the parts of the config this run uses, as a person reads them.

MLflow's compare view and parallel-coordinates plot list every param; a table run that
recorded its image, text and series settings, its output folder and its store showed 95
rows that never differ, and hid the few that do. The whole config stays in the run's
``config.yaml`` artifact (``reproduce`` reads that); the params are what a comparison
needs: the settings of the data kind the run reads, the model, the optimiser, the
training, the callbacks and the seed — not unset values, not where files went.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

# data.source → the kind of data it gives (the preprocessor's kind).
SOURCE_KINDS = {
    "csv": "table",
    "keras": "images",
    "digits": "images",
    "image_folder": "images",
    "text": "text",
    "series": "series",
}
# The data sections each kind reads; a section not listed for a run's kind is left out.
KIND_SECTIONS = {
    "table": {"preprocess"},
    "images": {"image", "augment"},
    "text": {"text"},
    "series": {"series"},
}
DATA_SECTIONS = {"preprocess", "image", "augment", "text", "series"}
# Config keys that say where things go or how a command prints, not what is trained:
# recorded as tags or kept in config.yaml (dlpipe.output_dir, dlpipe.resumed_from …).
NOT_PARAMS = ("paths", "tracking", "sweep_limit", "trainer.resume", "trainer.verbose")


def record_params(config: Mapping[str, Any]) -> dict[str, str]:
    """The params of a run of ``config`` (the resolved config as a plain dict):
    flattened, unset and empty values left out, lists written as a person reads them."""
    flat = flatten(used_parts(config))
    return {key: readable(value) for key, value in flat.items() if not _unset(value)}


def used_parts(config: Mapping[str, Any]) -> dict[str, Any]:
    """``config`` without the data sections its data kind does not read and without
    :data:`NOT_PARAMS`. A table's ``data.text`` counts when a column is read as text."""
    data = dict(config.get("data") or {})
    kind = SOURCE_KINDS.get(str(data.get("source", "csv")), "")
    sections = set(KIND_SECTIONS.get(kind, DATA_SECTIONS))
    kinds = (data.get("preprocess") or {}).get("kinds") or {}
    if kind == "table" and "text" in kinds.values():
        sections.add("text")
    for name in DATA_SECTIONS - sections:
        data.pop(name, None)
    used = {**config, "data": data} if "data" in config else dict(config)
    for dotted in NOT_PARAMS:
        _drop(used, dotted.split("."))
    return used


def _drop(tree: dict[str, Any], path: list[str]) -> None:
    head, *rest = path
    if not rest:
        tree.pop(head, None)
    elif isinstance(tree.get(head), Mapping):
        tree[head] = dict(tree[head])
        _drop(tree[head], rest)


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{a: {b: 1}}`` → ``{"a.b": 1}``; lists and empty mappings stay values."""
    out: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _unset(value: Any) -> bool:
    return value is None or (isinstance(value, list | tuple | Mapping) and not value)


def readable(value: Any) -> str:
    """A param's text: a list of layers as Keras calls (``Dense(units=32,
    activation=relu), Dropout(rate=0.2)``), other lists and mappings in YAML's flow
    style (``[island]``, ``{female: 0}``), scalars as written."""
    if isinstance(value, list | tuple) and value and all(_is_layer(v) for v in value):
        return ", ".join(_call(v) for v in value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(readable(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {readable(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str) and (value == "" or value != value.strip()):
        return json.dumps(value, ensure_ascii=False)  # a space or an empty text, visible
    return str(value)


def _is_layer(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("type"), str)


def _call(layer: Mapping[str, Any]) -> str:
    args = ", ".join(f"{k}={readable(v)}" for k, v in layer.items() if k != "type")
    return f"{layer['type']}({args})"
