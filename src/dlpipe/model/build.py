"""Build a functional ``keras.Model`` from a YAML layer list.

A layer entry is a Keras class name (``type``) plus keyword arguments passed straight to
Keras; Keras validates them, and we re-raise its reason with the YAML path. Blocks, names
and ``inputs`` connections are expanded first by :mod:`dlpipe.model.blocks`.
"""

from __future__ import annotations

import inspect
import math
import re
from typing import Any, cast

from dlpipe.config.adapt import fitting_choice
from dlpipe.config.schema import ModelCfg
from dlpipe.data.memory import check_fits
from dlpipe.errors import ModelError, did_you_mean
from dlpipe.model import objects
from dlpipe.model.blocks import INPUT, Node, plan_model, to_plain
from dlpipe.model.check import WRAPPED_ARGUMENTS, check_layer_entry
from dlpipe.model.head import OutputSpec, check_output, resolve_head

# Layers that need a data shape of their own (images, sequences, token ids).
SHAPED_LAYERS = (
    "Conv",
    "MaxPooling",
    "AveragePooling",
    "SeparableConv",
    "SimpleRNN",
    "LSTM",
    "GRU",
    "Bidirectional",
    "Embedding",
)
MERGE_LAYERS = (
    "Add",
    "Subtract",
    "Multiply",
    "Average",
    "Maximum",
    "Minimum",
    "Concatenate",
    "Dot",
)


def build_model(
    model_cfg: ModelCfg,
    input_shape: tuple[int, ...],
    spec: OutputSpec,
    source: str | None = None,
    texts: list[tuple[str, int, int]] | None = None,
) -> Any:
    """The model: Input(shape from data) → listed layers and blocks → output head.
    ``source`` (the data's, e.g. text): a layer that cannot take its shape names the
    model choice that fits it. ``texts``: a table's text columns (name, tokens,
    vocabulary), whose token ids end each input row: each gets an Embedding branch."""
    import keras

    model = to_plain(model_cfg)
    plan = plan_model(model)
    if plan.input_shape is not None and tuple(plan.input_shape) != tuple(input_shape):
        raise ModelError(
            f"the Input shape {list(plan.input_shape)} does not match the data's shape {list(input_shape)}",
            where="model.layers[0] (Input)",
            hint="remove the Input entry (dlpipe takes the shape from the data) or fix its shape",
        )
    inputs = keras.Input(shape=tuple(input_shape), name="inputs")
    tensors = {INPUT: text_branches(inputs, texts) if texts else inputs}
    for node in plan.nodes:
        args = [tensors[key] for key in node.inputs]
        try:
            tensors[node.key] = apply_node(node, args[0] if len(args) == 1 else args)
        except ModelError as exc:
            choice = fitting_choice(source)
            if choice and exc.hint and str(node.entry.get("type")).startswith(SHAPED_LAYERS):
                exc.hint = f"{exc.hint}; for this data: {choice}"
            raise
    x = tensors[plan.output]
    if model.get("head", "auto") == "auto":
        _require_flat(x, "the output head", "model.head", plan.nodes, tensors)
        units, activation = resolve_head(spec)
        try:
            x = keras.layers.Dense(units, activation=activation, name="output")(x)
        except Exception as exc:  # e.g. an unknown last dimension
            raise ModelError(
                f"the output layer cannot take an input of shape {tuple(x.shape)}: {_first_line(exc)}",
                where="model.head",
                hint="the last layer must give a fixed number of features per sample",
            ) from None
    elif plan.nodes:
        last = plan.nodes[-1]
        _require_flat(x, "the model's output", last.label, plan.nodes, tensors)
        check_output(x.shape[-1], last.entry.get("activation"), spec, last.label)
    if spec.rescales:  # standardised → the target's units, inside the saved model
        x = keras.layers.Rescaling(spec.target_scale, offset=spec.target_mean, name="target_units")(
            x
        )
    try:
        return keras.Model(inputs, x, name=str(model.get("name", "model")))
    except ValueError as exc:
        raise ModelError(
            _first_line(exc), where="model.layers", hint="layer names must be unique"
        ) from None


TEXT_EMBEDDING_DIM = 32  # each text column's words → vectors of this size, averaged


def text_branches(inputs: Any, texts: list[tuple[str, int, int]]) -> Any:
    """Split a row into its features and each text column's token ids (plain Keras layers:
    the saved model loads anywhere), embed and average each column's words, and join
    them again: the features, then one vector per text column."""
    import keras

    width = int(inputs.shape[-1])
    tokens = sum(length for _, length, _ in texts)
    column = keras.layers.Reshape((width, 1), name="row_as_column")(inputs)
    parts, start = [], width - tokens
    if start:
        kept = keras.layers.Cropping1D((0, tokens), name="features_part")(column)
        parts.append(keras.layers.Flatten(name="features")(kept))
    for index, (name, length, vocabulary) in enumerate(texts):
        key = re.sub(r"\W", "_", name.encode("ascii", "replace").decode()) or "text"
        key = f"{key}_{index}"
        cut = keras.layers.Cropping1D((start, width - start - length), name=f"{key}_part")(column)
        ids = keras.layers.Reshape((length,), name=f"{key}_tokens")(cut)
        embedded = keras.layers.Embedding(  # padding (0) masked: the average is of words
            vocabulary, TEXT_EMBEDDING_DIM, mask_zero=True, name=f"{key}_embedding"
        )(ids)
        parts.append(keras.layers.GlobalAveragePooling1D(name=f"{key}_words")(embedded))
        start += length
    return parts[0] if len(parts) == 1 else keras.layers.Concatenate(name="joined")(parts)


def apply_node(node: Node, x: Any) -> Any:
    """Call the node's layer (or pretrained base) on ``x``; Keras errors get the YAML path."""
    if "application" in node.entry:
        from dlpipe.model.transfer import apply_application

        return apply_application(node.entry, x, node.where)
    return apply_layer(node.entry, x, node.where)


def make_layer(entry: dict[str, Any], where: str) -> Any:
    """Instantiate one Keras layer from ``{type: Name, **kwargs}``."""
    import keras

    check_layer_entry(entry, where)  # the same checks `dlpipe check` runs
    kwargs = dict(entry)
    kind = kwargs.pop("type")
    cls = getattr(keras.layers, kind)
    where = f"{where} ({kind})"
    kwargs = {key: _argument(key, value, f"{where}.{key}") for key, value in kwargs.items()}
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ModelError(str(exc), where=where, hint=_argument_hint(cls, kwargs)) from None
    except ValueError as exc:
        hint = (
            _argument_hint(cls, kwargs) if "keyword argument" in str(exc) else _value_hint(str(exc))
        )
        raise ModelError(_first_line(exc), where=where, hint=hint) from None
    except Exception as exc:  # Keras validates arguments with assorted exception types
        raise ModelError(f"{type(exc).__name__}: {_first_line(exc)}", where=where) from None


def apply_layer(entry: dict[str, Any], x: Any, where: str) -> Any:
    """Call the layer on ``x``, turning Keras shape errors into a message with the YAML path."""
    layer = make_layer(entry, where)
    kind = entry["type"]
    shape = [tuple(t.shape) for t in x] if isinstance(x, list) else tuple(x.shape)
    if isinstance(shape, tuple):  # (a merge layer takes a list of inputs: no weights)
        weights = weight_estimate(kind, entry, shape)
        check_fits(
            weights * BYTES_PER_WEIGHT,
            f"a {kind} layer with {weights:,} weights (on inputs of shape {shape})",
            f"{where} ({kind})",
            hint=MEMORY_HINT,
            error=ModelError,
        )
    try:
        return layer(x)
    except Exception as exc:  # Keras raises many types for a layer that does not fit its input
        oom = "OOM when allocating" in str(exc) or isinstance(exc, MemoryError)
        raise ModelError(
            f"cannot be applied to an input of shape {shape}: {_first_line(exc)}",
            where=f"{where} ({kind})",
            hint=MEMORY_HINT if oom else _shape_hint(kind, x),
        ) from None


# Training keeps ~4 float32 numbers per weight: the weight, its gradient and Adam's two
# moments.
BYTES_PER_WEIGHT = 16
MEMORY_HINT = (
    "fewer units or filters, a smaller input (data.image.size, data.text.length,"
    " data.text.max_tokens), or a Flatten replaced by GlobalAveragePooling"
)
RECURRENT_GATES = {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}


def weight_estimate(kind: str, entry: dict[str, Any], shape: tuple[Any, ...]) -> int:
    """The weights a layer of the families that can be large will create on inputs of
    ``shape``, worked out before Keras allocates them (0 for other layers)."""
    last = shape[-1] if shape and isinstance(shape[-1], int) else 0
    units, filters = entry.get("units"), entry.get("filters")
    if kind == "Dense" and isinstance(units, int):
        return (last + 1) * units
    if kind in RECURRENT_GATES and isinstance(units, int):
        return RECURRENT_GATES[kind] * (last + units + 1) * units
    if kind == "Embedding":
        size, dim = entry.get("input_dim"), entry.get("output_dim")
        return size * dim if isinstance(size, int) and isinstance(dim, int) else 0
    if kind.startswith("Conv") and isinstance(filters, int):
        kernel = entry.get("kernel_size", 1)
        dims = len(shape) - 2
        sides = list(kernel) if isinstance(kernel, list | tuple) else [kernel] * max(dims, 1)
        if all(isinstance(k, int) for k in sides):
            return (math.prod(sides) * last + 1) * filters
    return 0


def _argument(key: str, value: Any, where: str) -> Any:
    """Translate YAML values Keras cannot take as written (objects, wrapped layers)."""
    if key in WRAPPED_ARGUMENTS and isinstance(value, dict):
        return make_layer(value, where)
    return objects.make(key, value, where)


def _require_flat(
    x: Any, what: str, where: str, nodes: list[Node], tensors: dict[str, Any]
) -> None:
    """A prediction per sample needs (batch, features); blame the Dense that got more."""
    if len(x.shape) <= 2:
        return
    for node in nodes:
        fed = [tensors[k] for k in node.inputs]
        if node.entry.get("type") == "Dense" and len(fed) == 1 and len(fed[0].shape) > 2:
            rank = len(fed[0].shape)
            raise ModelError(
                f"Dense receives a {rank}-D input of shape {tuple(fed[0].shape)}, so it is applied to"
                f" the last axis only and the model's output stays {len(x.shape)}-D {tuple(x.shape)}",
                where=node.label,
                hint=_flatten_hint(rank) + " before it",
            )
    raise ModelError(
        f"{what} receives an input of shape {tuple(x.shape)}, but a prediction per sample needs 2-D (batch, features)",
        where=where,
        hint=_flatten_hint(len(x.shape)) + " before it",
    )


def _flatten_hint(rank: int) -> str:
    if rank == 3:
        return (
            "set return_sequences: false on the last recurrent layer, or add {type: Flatten}"
            " or {type: GlobalAveragePooling1D}"
        )
    return "add {type: Flatten} (or {type: GlobalAveragePooling2D})"


def _argument_hint(cls: type, kwargs: dict[str, Any]) -> str | None:
    accepted = [
        p
        for p in inspect.signature(cast(Any, cls).__init__).parameters
        if p not in ("self", "kwargs")
    ]
    base = ("name", "dtype", "trainable", "autocast", "input_dim", "input_shape", "seed")
    for key in kwargs:
        if key not in accepted and key not in base:
            suggestion = did_you_mean(key, accepted)
            if suggestion:
                return f"{key!r}: {suggestion}"
            return f"{cls.__name__} has no argument {key!r}; it accepts: {', '.join(accepted)}"
    return f"{cls.__name__} accepts: {', '.join(accepted)}"


def _value_hint(message: str) -> str | None:
    if "activation" in message.lower():
        import keras

        names = [  # the activation functions keras.activations exports
            n
            for n in dir(keras.activations)
            if n.islower()
            and not n.startswith("_")
            and n not in ("get", "serialize", "deserialize")
        ]
        word = message.rstrip(".").split(" ")[-1].strip("'\"")
        return did_you_mean(word, names) or f"activations: {', '.join(sorted(names))}"
    invalid = re.search(r"invalid value for `(\w+)`", message)
    if invalid:  # e.g. units=-3: Keras' reason above says what it expects
        return f"change {invalid.group(1)}: in this layer's entry to a value Keras accepts"
    return None


def _shape_hint(kind: str, x: Any) -> str | None:
    if kind in MERGE_LAYERS:
        if not isinstance(x, list):
            return f"{kind} merges several outputs: list them, e.g. inputs: [shortcut, conv_b]"
        if kind != "Concatenate":
            return (
                f"{kind} needs inputs of the same shape; match the channels with a 1×1 convolution"
                " on the shortcut ({type: Conv2D, filters: <n>, kernel_size: 1}), or use Concatenate"
            )
        return "Concatenate needs equal sizes on every axis except the last; check strides/padding"
    if isinstance(x, list):
        return f"{kind} takes one input; merge several with Add or Concatenate first"
    rank = len(x.shape)
    if (
        kind.startswith(
            ("Conv2D", "MaxPooling2D", "AveragePooling2D", "SeparableConv2D", "Convolution2D")
        )
        and rank != 4
    ):
        return "2-D convolutions need images (batch, height, width, channels); tabular rows cannot go into Conv2D"
    if (
        kind.startswith(("Conv1D", "MaxPooling1D", "AveragePooling1D", "Convolution1D"))
        and rank != 3
    ):
        return "1-D convolutions need sequences (batch, steps, features): use text/series data or an Embedding first"
    if kind in ("SimpleRNN", "LSTM", "GRU", "Bidirectional") and rank != 3:
        return "recurrent layers need sequences (batch, steps, features); put an Embedding first, or use series data"
    if kind == "Embedding" and rank != 2:
        return "Embedding takes integer sequences (batch, length)"
    if kind == "Reshape":
        return "the target shape must hold the same number of values as the input (use -1 for one axis)"
    return None


def _first_line(exc: Exception) -> str:
    """Keras' reason, without its "Exception encountered when calling..." preamble."""
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in str(exc).split("\n")]
    lines = [line for line in lines if line and not line.startswith("Exception encountered")]
    return lines[0] if lines else type(exc).__name__
