"""Expand a model config into a flat list of layer calls: blocks, names, connections.

Pure Python (no Keras), so `dlpipe check` can run it. The YAML it reads:

- ``{type: Conv2D, filters: 32, ...}`` — a Keras layer; it takes the previous output.
- ``name: skip`` on an entry — later entries may list it in ``inputs: [skip, ...]``
  (residual ``Add``, ``Concatenate``...); ``input`` names the model's (or block's) input.
- ``blocks: {conv2d_block: {params: [channels], layers: [...]}}`` declares a block once;
  ``{block: conv2d_block, channels: 32}`` uses it. Inside a block ``$channels`` is the
  value of the parameter (``$``, not ``${...}``, which is Hydra's interpolation).
- ``{application: MobileNetV2, weights: ..., trainable: false}`` — a transfer base.
- ``{type: Input, shape: [28, 28, 1]}`` as the first entry — checked against the data.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from dlpipe.errors import ModelError, did_you_mean

INPUT = "input"  # the model's input at the top level, the block's input inside a block
RESERVED_NAMES = frozenset({"input", "inputs", "output"})
PLACEHOLDER = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)$")
_REQUIRED = object()


@dataclass(frozen=True)
class Node:
    """One layer call: which entry, on which earlier outputs, and where it came from."""

    key: str  # unique: the Keras layer name when named, else "#<index>"
    where: str  # the YAML path, e.g. "model.layers[2] → model.blocks.conv2d_block.layers[0]"
    entry: dict[str, Any]  # {type|application: ..., **kwargs}: parameters filled, names prefixed
    inputs: tuple[str, ...]  # keys of the outputs it is called on

    @property
    def kind(self) -> str:
        """The Keras class (layer or application) this entry names."""
        return str(self.entry.get("application") or self.entry.get("type"))

    @property
    def label(self) -> str:
        """The YAML path plus the class, as used in messages."""
        return f"{self.where} ({self.kind})"


@dataclass(frozen=True)
class Plan:
    """The model as a list of layer calls, in order."""

    nodes: list[Node] = field(default_factory=list)
    input_shape: tuple[int, ...] | None = None  # from an explicit {type: Input, shape: [...]}

    @property
    def output(self) -> str:
        """The key of the model's last output (the input when there are no layers)."""
        return self.nodes[-1].key if self.nodes else INPUT


def to_plain(model: Any) -> dict[str, Any]:
    """A plain dict of a model config (an OmegaConf node is resolved and converted)."""
    if isinstance(model, dict):
        return copy.deepcopy(model)
    from omegaconf.errors import InterpolationResolutionError

    from dlpipe.config.plain import to_dict

    try:
        return to_dict(model, resolve=True)
    except InterpolationResolutionError as exc:
        key = str(getattr(exc, "full_key", "") or "")
        text = str(exc).split("\n")[0]
        name = re.search(r"key '([^']+)'", text)
        hint = "check the ${...} reference: a dotted key from the top, e.g. ${data.num_classes}"
        if name and "blocks" in key:
            hint = f"a block parameter is written ${name.group(1)} (without braces); ${{...}} is Hydra interpolation"
        raise ModelError(text, where=key or "model", hint=hint) from None


def plan_model(model: Any) -> Plan:
    """Expand ``model.layers`` (and the blocks they use) into layer calls."""
    model = to_plain(model)
    layers = list(model.get("layers") or [])
    blocks = model.get("blocks") or {}
    if not isinstance(blocks, dict):
        raise ModelError(
            "blocks must be a mapping of block name → {params, layers}", where="model.blocks"
        )
    input_shape = None
    if layers and isinstance(layers[0], dict) and layers[0].get("type") == "Input":
        input_shape = _input_shape(layers[0], "model.layers[0]")
    planner = _Planner(blocks)
    planner.expand(
        layers, "model.layers", {INPUT: INPUT}, "", INPUT, (), skip=1 if input_shape else 0
    )
    return Plan(planner.nodes, input_shape)


def placeholders(value: Any) -> list[str]:
    """Every ``$name`` placeholder left in a (nested) value."""
    if isinstance(value, str):
        match = PLACEHOLDER.match(value)
        return [match.group(1)] if match else []
    if isinstance(value, dict):
        return [p for v in value.values() for p in placeholders(v)]
    if isinstance(value, list):
        return [p for v in value for p in placeholders(v)]
    return []


def substitute(value: Any, values: dict[str, Any]) -> Any:
    """Replace each whole-value ``$name`` by ``values[name]`` (types kept: 32 stays an int)."""
    if isinstance(value, str):
        match = PLACEHOLDER.match(value)
        if match and match.group(1) in values:
            return copy.deepcopy(values[match.group(1)])
        return value
    if isinstance(value, dict):
        return {k: substitute(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, values) for v in value]
    return value


def block_params(spec: Any, where: str) -> dict[str, Any]:
    """A block's parameters: ``[a, b]`` (all required) or ``{a: default, b: default}``."""
    if spec is None:
        return {}
    if isinstance(spec, list):
        params = {str(name): _REQUIRED for name in spec}
    elif isinstance(spec, dict):
        params = {str(k): v for k, v in spec.items()}
    else:
        raise ModelError(
            f"expected a list of names or a mapping of name → default, got {spec!r}",
            where=where,
            hint="e.g. params: [channels]   or   params: {channels: 32, kernel_size: 3}",
        )
    for name in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ModelError(f"parameter name {name!r} is not an identifier", where=where)
    return params


class _Planner:
    """Walks the layer lists, keeping the names each scope can refer to."""

    def __init__(self, blocks: dict[str, Any]) -> None:
        self.blocks = blocks
        self.nodes: list[Node] = []
        self.names: dict[str, str] = {}  # Keras layer name → where it was given
        self.uses: dict[str, int] = {}  # block name → how many times used so far

    def expand(
        self,
        entries: list[Any],
        base: str,
        scope: dict[str, str],
        prefix: str,
        current: str,
        stack: tuple[str, ...],
        skip: int = 0,
    ) -> str:
        """Plan ``entries`` (from index ``skip``); return the key of the last output."""
        for index, raw in enumerate(entries):
            if index < skip:
                continue
            where = f"{base}[{index}]"
            if not isinstance(raw, dict):
                raise ModelError(
                    f"a layer is a mapping, got {raw!r}",
                    where=where,
                    hint="e.g. {type: Dense, units: 16, activation: relu} or {block: my_block, ...}",
                )
            entry = dict(raw)
            inputs = self._inputs(entry.pop("inputs", None), scope, current, where)
            if "block" in entry:
                current = self._use_block(entry, where, scope, prefix, inputs, stack)
            else:
                current = self._layer(entry, where, scope, prefix, inputs, stack)
        return current

    def _layer(
        self,
        entry: dict[str, Any],
        where: str,
        scope: dict[str, str],
        prefix: str,
        inputs: tuple[str, ...],
        stack: tuple[str, ...],
    ) -> str:
        if "type" not in entry and "application" not in entry:
            raise ModelError(
                "a layer needs a 'type' (a Keras layer class name)",
                where=where,
                hint="e.g. {type: Dense, units: 16, activation: relu}; a block is used with"
                " {block: <name>, ...}; a pretrained base with {application: MobileNetV2, ...}",
            )
        if entry.get("type") == "Input":
            raise ModelError(
                "Input can only be the first entry of model.layers",
                where=where,
                hint="dlpipe creates the Input from the data; remove this entry",
            )
        known = list(block_params(self.blocks[stack[-1]].get("params"), "")) if stack else []
        _no_placeholders(entry, where, stack, known)
        name = entry.get("name")
        if name is None and prefix and "type" in entry:
            # inside a block, name layers after the block use so the summary shows it
            key = self._auto_name(prefix + _snake(str(entry["type"])))
            entry["name"] = key
        elif name is None:
            key = f"#{len(self.nodes)}"
        else:
            key = self._claim(str(name), prefix, where, scope)
            entry["name"] = key
        self.nodes.append(Node(key, where, entry, inputs))
        return key

    def _use_block(
        self,
        entry: dict[str, Any],
        where: str,
        scope: dict[str, str],
        prefix: str,
        inputs: tuple[str, ...],
        stack: tuple[str, ...],
    ) -> str:
        name = str(entry.pop("block"))
        given_name = entry.pop("name", None)
        if name not in self.blocks:
            raise ModelError(
                f"unknown block {name!r}",
                where=where,
                hint=did_you_mean(name, self.blocks)
                or (
                    f"blocks declared in model.blocks: {', '.join(self.blocks)}"
                    if self.blocks
                    else "declare it under model.blocks: {"
                    + name
                    + ": {params: [...], layers: [...]}}"
                ),
            )
        if name in stack:
            raise ModelError(
                f"block {name!r} uses itself ({' → '.join((*stack, name))})", where=where
            )
        if "type" in entry:
            raise ModelError(
                "an entry is either a layer (type) or a block (block), not both", where=where
            )
        block = self.blocks[name]
        if not isinstance(block, dict) or not block.get("layers"):
            raise ModelError(
                "a block needs a non-empty 'layers' list",
                where=f"model.blocks.{name}",
                hint="e.g. {params: [channels], layers: [{type: Conv2D, filters: $channels, kernel_size: 3}]}",
            )
        params = block_params(block.get("params"), f"model.blocks.{name}.params")
        for arg in entry:
            if arg not in params:
                raise ModelError(
                    f"block {name!r} has no parameter {arg!r}",
                    where=f"{where}.{arg}",
                    hint=did_you_mean(arg, params)
                    or f"its parameters: {', '.join(params) or '(none)'}",
                )
        values = {**params, **entry}
        missing = [p for p, v in values.items() if v is _REQUIRED]
        if missing:
            raise ModelError(
                f"block {name!r} needs a value for {', '.join(map(repr, missing))}",
                where=where,
                hint="e.g. {block: " + name + ", " + ", ".join(f"{m}: ..." for m in missing) + "}",
            )
        if len(inputs) != 1:
            raise ModelError(
                f"a block takes one input, got inputs: {list(inputs)}",
                where=f"{where}.inputs",
                hint="merge them first with {type: Concatenate, inputs: [...]} or {type: Add, ...}",
            )
        self.uses[name] = self.uses.get(name, 0) + 1
        use = str(given_name) if given_name is not None else f"{name}_{self.uses[name]}"
        if use in RESERVED_NAMES or use in scope:
            raise ModelError(
                f"the name {use!r} is already taken",
                where=where,
                hint="give this use its own name: {block: ..., name: <unique name>}",
            )
        body = substitute(list(block["layers"]), values)
        last = self.expand(
            body,
            f"{where} → model.blocks.{name}.layers",
            {INPUT: inputs[0]},
            f"{prefix}{use}_",
            inputs[0],
            (*stack, name),
        )
        scope[use] = last
        return last

    def _auto_name(self, base: str) -> str:
        name, n = base, 0
        while name in self.names:
            n += 1
            name = f"{base}_{n}"
        self.names[name] = "(automatic name)"
        return name

    def _claim(self, name: str, prefix: str, where: str, scope: dict[str, str]) -> str:
        """Register a user-given layer name; return the Keras name (prefixed in blocks)."""
        if name in RESERVED_NAMES:
            raise ModelError(
                f"the layer name {name!r} is reserved",
                where=f"{where}.name",
                hint="'input' refers to the model's (or block's) input, 'output' is the head; pick another name",
            )
        if "/" in name:
            raise ModelError("a layer name cannot contain '/'", where=f"{where}.name")
        keras_name = prefix + name
        if keras_name in self.names or name in scope:
            raise ModelError(
                f"the name {name!r} is used twice (first at {self.names.get(keras_name, 'a block use')})",
                where=f"{where}.name",
                hint="layer names must be unique",
            )
        self.names[keras_name] = where
        scope[name] = keras_name
        return keras_name

    @staticmethod
    def _inputs(value: Any, scope: dict[str, str], current: str, where: str) -> tuple[str, ...]:
        """The keys an entry is called on: ``inputs`` names, or the previous output."""
        if value is None:
            return (current,)
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names:
            raise ModelError(
                f"inputs must be a name or a non-empty list of names, got {value!r}",
                where=f"{where}.inputs",
                hint="e.g. inputs: [shortcut, conv_b]",
            )
        keys = []
        for name in names:
            if str(name) not in scope:
                known = [n for n in scope if n != INPUT]
                raise ModelError(
                    f"unknown input {name!r}: no layer or block before this one has that name",
                    where=f"{where}.inputs",
                    hint=did_you_mean(str(name), scope)
                    or "name a layer with name: <name> (earlier in the same list), or use 'input'"
                    + (f"; names known here: {', '.join(known)}" if known else ""),
                )
            keys.append(scope[str(name)])
        return tuple(keys)


def _snake(name: str) -> str:
    """Keras' own layer naming: ``BatchNormalization`` → ``batch_normalization``."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _input_shape(entry: dict[str, Any], where: str) -> tuple[int, ...]:
    extra = [k for k in entry if k not in ("type", "shape")]
    if extra or not isinstance(entry.get("shape"), list):
        raise ModelError(
            "an Input entry takes only a 'shape' list",
            where=where,
            hint="e.g. {type: Input, shape: [28, 28, 1]}, or leave it out: dlpipe takes the shape from the data",
        )
    return tuple(int(d) for d in entry["shape"])


def _no_placeholders(
    entry: dict[str, Any], where: str, stack: tuple[str, ...], known: list[str]
) -> None:
    left = placeholders(entry)
    if not left:
        return
    if not stack:
        raise ModelError(
            f"${left[0]} is a block parameter, but this layer is not inside a block",
            where=where,
            hint="declare a block under model.blocks with params: [" + left[0] + "] and use it"
            " with {block: <name>, " + left[0] + ": <value>}",
        )
    raise ModelError(
        f"${left[0]} is not a parameter of block {stack[-1]!r}",
        where=where,
        hint=did_you_mean(left[0], known) or f"add it to model.blocks.{stack[-1]}.params",
    )
