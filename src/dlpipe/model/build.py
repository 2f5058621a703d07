"""Build a functional ``keras.Model`` from a YAML layer list.

A layer entry is a Keras class name (``type``) plus keyword arguments passed straight to
Keras; Keras validates them, and we re-raise its reason with the YAML path.
"""

from __future__ import annotations

import inspect
from typing import Any

from dlpipe.config import keras_names
from dlpipe.errors import ModelError, did_you_mean
from dlpipe.model.head import OutputSpec, check_output, resolve_head


def build_model(model_cfg: Any, input_shape: tuple[int, ...], spec: OutputSpec) -> Any:
    """The model: Input(shape from data) → listed layers → output head."""
    import keras

    inputs = keras.Input(shape=tuple(input_shape), name="inputs")
    x = inputs
    layers = [dict(layer) for layer in model_cfg.layers]
    for index, entry in enumerate(layers):
        x = apply_layer(entry, x, f"model.layers[{index}]")
    if model_cfg.head == "auto":
        _require_flat(x, "the output head", "model.head")
        units, activation = resolve_head(spec)
        x = keras.layers.Dense(units, activation=activation, name="output")(x)
    elif layers:
        last = layers[-1]
        where = f"model.layers[{len(layers) - 1}] ({last['type']})"
        _require_flat(x, "the model's output", where)
        check_output(x.shape[-1], last.get("activation"), spec, where)
    return keras.Model(inputs, x, name=str(model_cfg.name))


def make_layer(entry: dict[str, Any], where: str) -> Any:
    """Instantiate one Keras layer from ``{type: Name, **kwargs}``."""
    import keras

    kwargs = dict(entry)
    kind = kwargs.pop("type", None)
    if kind not in keras_names.LAYERS:
        raise ModelError(
            f"unknown layer type {kind!r}",
            where=where,
            hint=did_you_mean(str(kind), keras_names.LAYERS),
        )
    cls = getattr(keras.layers, kind)
    where = f"{where} ({kind})"
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ModelError(str(exc), where=where, hint=_argument_hint(cls, kwargs)) from None
    except ValueError as exc:
        raise ModelError(str(exc), where=where) from None


def apply_layer(entry: dict[str, Any], x: Any, where: str) -> Any:
    """Call the layer on ``x``, turning Keras shape errors into a message with the YAML path."""
    layer = make_layer(entry, where)
    try:
        return layer(x)
    except (ValueError, TypeError) as exc:
        kind = entry["type"]
        raise ModelError(
            f"cannot be applied to an input of shape {tuple(x.shape)}: {_first_line(exc)}",
            where=f"{where} ({kind})",
            hint=_shape_hint(kind, tuple(x.shape)),
        ) from None


def _require_flat(x: Any, what: str, where: str) -> None:
    if len(x.shape) > 2:
        raise ModelError(
            f"{what} receives an input of shape {tuple(x.shape)}, but a prediction per sample needs 2-D (batch, features)",
            where=where,
            hint="add {type: Flatten} (or GlobalAveragePooling2D / GlobalMaxPooling1D) before it",
        )


def _argument_hint(cls: type, kwargs: dict[str, Any]) -> str | None:
    accepted = [
        p for p in inspect.signature(cls.__init__).parameters if p not in ("self", "kwargs")
    ]
    for key in kwargs:
        if key not in accepted:
            if key == "input_shape":
                return "dlpipe takes the input shape from the data; remove 'input_shape'"
            suggestion = did_you_mean(key, accepted)
            if suggestion:
                return f"{key!r}: {suggestion}"
    return f"{cls.__name__} accepts: {', '.join(accepted)}"


def _shape_hint(kind: str, shape: tuple[Any, ...]) -> str | None:
    rank = len(shape)
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
    return None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().split("\n")[0]
