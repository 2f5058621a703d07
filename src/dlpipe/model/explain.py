"""`summary explain=true`: each layer's numbers worked out the way students do them by hand.

A formula per layer family, from the layer's own settings and its input shape — never from
the weights Keras made — so a test can hold every line equal to Keras' counts and shapes:
Conv2D (3×3×1 + 1) × 32 = 320 and 28 − 3 + 1 = 26; Dense 1600 × 10 + 10 = 16,010; pooling
26 // 2 = 13. A layer without a formula here is still listed, its count read off its weights.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from dlpipe.model.build import MERGE_LAYERS

Shape = tuple[int, ...]


@dataclass(frozen=True)
class Worked:
    """One layer's numbers: parameters and output shape (batch left out), with the sums."""

    params: int
    params_text: str  # "" for a layer without weights
    shape: Shape
    shape_text: str  # "" where the shape is the input's


@dataclass(frozen=True)
class Line:
    """One row of the explanation: the layer's name and class, and its numbers."""

    layer: str
    worked: Worked
    depth: int = 0  # > 0 inside a nested model
    by_formula: bool = True  # False: no formula here (or it disagreed): read off the weights


def n(value: int) -> str:
    """A result as Keras prints it (thousands separated)."""
    return f"{value:,}"


def dims(shape: Shape) -> str:
    """``(5, 5, 64)`` → ``5×5×64``."""
    return "×".join(str(d) for d in shape)


def config_tuple(value: Any, rank: int) -> tuple[int, ...]:
    """A Keras size setting (an int or a tuple) as one int per spatial dimension."""
    return tuple(int(v) for v in value) if isinstance(value, list | tuple) else (int(value),) * rank


def joined(texts: list[str]) -> str:
    """One sum per spatial dimension, written once when all dimensions agree."""
    return texts[0] if len(set(texts)) == 1 else "; ".join(texts)


# ---- families ---------------------------------------------------------------------------


def dense(cfg: dict[str, Any], shape: Shape) -> Worked:
    inputs, units = shape[-1], int(cfg["units"])
    params = inputs * units + (units if cfg.get("use_bias", True) else 0)
    text = f"{inputs} × {units}" + (f" + {units}" if cfg.get("use_bias", True) else "")
    return Worked(
        params,
        f"{text} = {n(params)}  (inputs × units + a bias per unit)",
        (*shape[:-1], units),
        "",
    )


def conv_size(size: int, kernel: int, stride: int, dilation: int, padding: str) -> tuple[int, str]:
    """One spatial size after a convolution or pooling window, and the sum that gives it."""
    reach = dilation * (kernel - 1) + 1
    if padding == "valid":
        out = (size - reach) // stride + 1
        if stride == 1:
            return out, f"{size} − {reach} + 1 = {out}"
        return out, f"({size} − {reach}) // {stride} + 1 = {out}"
    out = math.ceil(size / stride)  # same, causal
    return out, (
        f"{size} ({padding} padding keeps it)" if stride == 1 else f"⌈{size} / {stride}⌉ = {out}"
    )


def spatial(cfg: dict[str, Any], shape: Shape, kernel: Shape) -> tuple[Shape, str]:
    """Output sizes of a sliding window (convolution) over the spatial dimensions."""
    rank = len(kernel)
    strides = config_tuple(cfg.get("strides", 1), rank)
    dilation = config_tuple(cfg.get("dilation_rate", 1), rank)
    padding = str(cfg.get("padding", "valid"))
    sizes = [conv_size(shape[i], kernel[i], strides[i], dilation[i], padding) for i in range(rank)]
    return tuple(s for s, _ in sizes), joined([t for _, t in sizes])


def filter_params(cfg: dict[str, Any], shape: Shape, channels: int) -> tuple[Shape, int, str]:
    """A convolution's kernel, its parameter count and the sum: (k×k×channels + 1) × filters."""
    kernel = config_tuple(cfg["kernel_size"], len(shape) - 1)
    filters, bias = int(cfg["filters"]), bool(cfg.get("use_bias", True))
    params = (math.prod(kernel) * channels + bias) * filters
    window = f"{dims(kernel)}×{channels}" + (" + 1" if bias else "")
    why = "(kernel × input channels + a bias, per filter)"
    return kernel, params, f"({window}) × {filters} = {n(params)}  {why}"


def conv(cfg: dict[str, Any], shape: Shape) -> Worked:
    channels = shape[-1] // int(cfg.get("groups", 1))
    kernel, params, text = filter_params(cfg, shape, channels)
    sizes, size_text = spatial(cfg, shape, kernel)
    return Worked(params, text, (*sizes, int(cfg["filters"])), size_text)


def conv_transpose(cfg: dict[str, Any], shape: Shape) -> Worked:
    rank = len(shape) - 1
    kernel, params, text = filter_params(cfg, shape, shape[-1])
    strides = config_tuple(cfg.get("strides", 1), rank)
    sizes, texts = [], []
    for i in range(rank):
        if cfg.get("padding", "valid") == "valid" and kernel[i] >= strides[i]:
            out = (shape[i] - 1) * strides[i] + kernel[i]
            texts.append(f"({shape[i]} − 1) × {strides[i]} + {kernel[i]} = {out}")
        else:
            out = shape[i] * strides[i]
            texts.append(f"{shape[i]} × {strides[i]} = {out}")
        sizes.append(out)
    return Worked(params, text, (*sizes, int(cfg["filters"])), joined(texts))


def per_channel(cfg: dict[str, Any], shape: Shape) -> tuple[Shape, int, bool, Shape, str]:
    """What depthwise and separable convolutions share: the kernel, the channels after
    the per-channel step (channels × depth_multiplier), the bias, and the output sizes
    (with their sums)."""
    kernel = config_tuple(cfg["kernel_size"], len(shape) - 1)
    middle = shape[-1] * int(cfg.get("depth_multiplier", 1))
    sizes, size_text = spatial(cfg, shape, kernel)
    return kernel, middle, bool(cfg.get("use_bias", True)), sizes, size_text


def depthwise(cfg: dict[str, Any], shape: Shape) -> Worked:
    kernel, outputs, bias, sizes, size_text = per_channel(cfg, shape)
    params = (math.prod(kernel) + bias) * outputs
    each = dims(kernel) + (" + 1" if bias else "")
    return Worked(
        params,
        f"({each}) × {outputs} = {n(params)}  (one kernel + a bias per channel)",
        (*sizes, outputs),
        size_text,
    )


def separable(cfg: dict[str, Any], shape: Shape) -> Worked:
    kernel, middle, bias, sizes, size_text = per_channel(cfg, shape)
    filters = int(cfg["filters"])
    params = math.prod(kernel) * middle + middle * filters + (filters if bias else 0)
    text = f"{dims(kernel)}×{middle} + {middle}×{filters}" + (f" + {filters}" if bias else "")
    return Worked(
        params,
        f"{text} = {n(params)}  (a kernel per channel, then 1×1 across channels + biases)",
        (*sizes, filters),
        size_text,
    )


def pooling(cfg: dict[str, Any], shape: Shape) -> Worked:
    rank = len(shape) - 1
    pool = config_tuple(cfg["pool_size"], rank)
    strides = config_tuple(cfg.get("strides") or cfg["pool_size"], rank)
    padding = str(cfg.get("padding", "valid"))
    sizes, texts = [], []
    for size, window, stride in zip(shape[:-1], pool, strides, strict=True):
        if padding == "valid" and window == stride:
            out = size // window
            sizes.append(out)
            texts.append(f"{size} // {window} = {out}")
        else:
            out, text = conv_size(size, window, stride, 1, padding)
            sizes.append(out)
            texts.append(text)
    return Worked(0, "", (*sizes, shape[-1]), joined(texts))


def global_pooling(cfg: dict[str, Any], shape: Shape, what: str) -> Worked:
    kept = (*(1 for _ in shape[:-1]), shape[-1]) if cfg.get("keepdims") else (shape[-1],)
    return Worked(0, "", kept, f"the {what} of {dims(shape[:-1])} values, per channel")


def flatten(cfg: dict[str, Any], shape: Shape) -> Worked:
    total = math.prod(shape)
    return Worked(0, "", (total,), f"{' × '.join(map(str, shape))} = {n(total)}")


def reshape(cfg: dict[str, Any], shape: Shape) -> Worked:
    target = tuple(int(d) for d in cfg["target_shape"])
    if -1 in target:
        known = math.prod(d for d in target if d != -1)
        target = tuple(math.prod(shape) // known if d == -1 else d for d in target)
    return Worked(0, "", target, f"{n(math.prod(shape))} values as {dims(target)}")


def batch_norm(cfg: dict[str, Any], shape: Shape) -> Worked:
    channels = shape[int(cfg.get("axis", -1))]
    learnt = [
        name for name, on in (("γ", cfg.get("scale", True)), ("β", cfg.get("center", True))) if on
    ]
    per = len(learnt) + 2
    params = per * channels
    parts = ", ".join(learnt) + " learnt; " if learnt else ""
    return Worked(
        params,
        f"{per} × {channels} = {n(params)}  ({parts}moving mean and variance kept, per channel)",
        shape,
        "",
    )


def layer_norm(cfg: dict[str, Any], shape: Shape) -> Worked:
    channels = shape[-1]
    learnt = [
        name for name, on in (("γ", cfg.get("scale", True)), ("β", cfg.get("center", True))) if on
    ]
    if cfg.get("rms_scaling"):
        learnt = ["γ"]
    params = len(learnt) * channels
    return Worked(
        params,
        f"{len(learnt)} × {channels} = {n(params)}  ({', '.join(learnt)} per feature)",
        shape,
        "",
    )


def embedding(cfg: dict[str, Any], shape: Shape) -> Worked:
    vocabulary, size = int(cfg["input_dim"]), int(cfg["output_dim"])
    params = vocabulary * size
    return Worked(
        params,
        f"{vocabulary} × {size} = {n(params)}  (a vector of {size} per word of the vocabulary)",
        (*shape, size),
        f"each of {dims(shape)} tokens → {size} numbers",
    )


GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


def recurrent(cfg: dict[str, Any], shape: Shape, kind: str) -> Worked:
    units, inputs, gates = int(cfg["units"]), shape[-1], GATES[kind]
    biases = (
        (2 if kind == "GRU" and cfg.get("reset_after", True) else 1)
        if cfg.get("use_bias", True)
        else 0
    )
    params = gates * units * (inputs + units + biases)
    inner = f"{inputs} + {units}" + (f" + {biases}" if biases else "")
    text = (f"{gates} × " if gates > 1 else "") + f"{units} × ({inner}) = {n(params)}"
    why = {
        "SimpleRNN": "units × (inputs + units + a bias)",
        "LSTM": "4 gates × units × (inputs + units + a bias)",
        "GRU": "3 gates × units × (inputs + units + " + ("2 biases)" if biases == 2 else "a bias)"),
    }[kind]
    steps = shape[0]
    out = (steps, units) if cfg.get("return_sequences") else (units,)
    where = (
        f"{units} numbers at each of {steps} steps"
        if len(out) == 2
        else f"the last of {steps} steps only"
    )
    return Worked(params, f"{text}  ({why})", out, where)


def bidirectional(layer: Any, cfg: dict[str, Any], shape: Shape) -> Worked:
    inner = explain_layer(layer.forward_layer, shape)
    mode = cfg.get("merge_mode", "concat")
    out = (*inner.shape[:-1], inner.shape[-1] * 2) if mode == "concat" else inner.shape
    inner_sum = inner.params_text.split("  (")[0]
    params = 2 * inner.params
    return Worked(
        params,
        f"2 × [{inner_sum}] = {n(params)}  (one {type(layer.forward_layer).__name__} per direction)",
        out,
        f"{inner.shape[-1]} + {inner.shape[-1]} = {out[-1]} (both directions, side by side)"
        if mode == "concat"
        else f"the two directions merged by {mode}",
    )


def padding_or_crop(cfg: dict[str, Any], shape: Shape, key: str, sign: str) -> Worked:
    rank = len(shape) - 1
    setting = cfg[key]
    if isinstance(setting, int):
        pairs = [(setting, setting)] * rank
    else:
        pairs = [
            (int(p), int(p)) if isinstance(p, int) else (int(p[0]), int(p[1]))
            for p in (setting if rank > 1 else [setting])
        ]
    sizes, texts = [], []
    for size, (a, b) in zip(shape[:-1], pairs, strict=True):
        out = size + a + b if sign == "+" else size - a - b
        sizes.append(out)
        texts.append(f"{size} {sign} {a} {sign} {b} = {out}")
    return Worked(0, "", (*sizes, shape[-1]), joined(texts))


def concatenate(cfg: dict[str, Any], shapes: list[Shape]) -> Worked:
    axis = int(cfg.get("axis", -1))
    total = sum(s[axis] for s in shapes)
    out = list(shapes[0])
    out[axis] = total
    return Worked(0, "", tuple(out), " + ".join(str(s[axis]) for s in shapes) + f" = {total}")


def input_layer(layer: Any, shape: Shape) -> Worked:
    return Worked(0, "", shape, f"the input: {dims(shape)}")


# Layers without weights that leave the shape as it is (dropout, noise, activations,
# augmentation, rescaling, the merge layers that add or multiply alike shapes).
SAME_SHAPE = frozenset(
    {
        "Activation",
        "ActivityRegularization",
        "AlphaDropout",
        "Dropout",
        "ELU",
        "GaussianDropout",
        "GaussianNoise",
        "Identity",
        "LeakyReLU",
        "ReLU",
        "Rescaling",
        "Softmax",
        "SpatialDropout1D",
        "SpatialDropout2D",
        "SpatialDropout3D",
        "RandomFlip",
        "RandomRotation",
        "RandomTranslation",
        "RandomZoom",
        "RandomContrast",
        "RandomBrightness",
        "Masking",
        "UnitNormalization",
        # the merge layers that add, multiply or compare alike shapes
        *(name for name in MERGE_LAYERS if name not in ("Concatenate", "Dot")),
    }
)

FAMILIES: dict[str, Callable[[dict[str, Any], Shape], Worked]] = {
    "Dense": dense,
    **{f"Conv{r}D": conv for r in (1, 2, 3)},
    **{f"Convolution{r}D": conv for r in (1, 2, 3)},
    **{f"Conv{r}DTranspose": conv_transpose for r in (1, 2, 3)},
    **{f"DepthwiseConv{r}D": depthwise for r in (1, 2)},
    **{f"SeparableConv{r}D": separable for r in (1, 2)},
    **{
        f"{kind}{r}D": pooling
        for kind in ("MaxPooling", "AveragePooling", "MaxPool", "AvgPool")
        for r in (1, 2, 3)
    },
    **{
        f"Global{kind}{r}D": partial(global_pooling, what=what)
        for kind, what in (
            ("MaxPooling", "maximum"),
            ("MaxPool", "maximum"),
            ("AveragePooling", "mean"),
            ("AvgPool", "mean"),
        )
        for r in (1, 2, 3)
    },
    "Flatten": flatten,
    "Reshape": reshape,
    "BatchNormalization": batch_norm,
    "LayerNormalization": layer_norm,
    "Embedding": embedding,
    **{kind: partial(recurrent, kind=kind) for kind in GATES},
    **{f"ZeroPadding{r}D": partial(padding_or_crop, key="padding", sign="+") for r in (1, 2, 3)},
    **{f"Cropping{r}D": partial(padding_or_crop, key="cropping", sign="−") for r in (1, 2, 3)},
}


def shape_of(tensor: Any) -> Shape:
    """A Keras tensor's shape without the batch dimension."""
    return tuple(int(d) if d is not None else -1 for d in tensor.shape[1:])


def input_shapes(layer: Any) -> list[Shape]:
    """The shapes a layer of a built functional model was called on."""
    given = layer.input
    return [shape_of(t) for t in given] if isinstance(given, list | tuple) else [shape_of(given)]


def from_weights(layer: Any, shape: Shape) -> Worked:
    """A layer without a formula here: its count from its weights' shapes, its shape Keras'."""
    sizes = [tuple(int(d) for d in w.shape) for w in layer.weights]
    params = sum(math.prod(s) for s in sizes)
    text = " + ".join(dims(s) if s else "1" for s in sizes)
    out = shape_of(layer.output)
    return Worked(
        params,
        f"{text} = {n(params)}  (its weights' shapes)" if sizes else "",
        out,
        "" if out == shape else f"as Keras computes it for {type(layer).__name__}",
    )


def agrees(worked: Worked, layer: Any) -> bool:
    """Whether the sums give Keras' own parameter count and output shape for the layer."""
    return worked.params == int(layer.count_params()) and worked.shape == shape_of(layer.output)


def explain_layer(layer: Any, shape: Shape | list[Shape]) -> Worked:
    """One layer's parameter count and output shape, each worked out from its settings."""
    kind = type(layer).__name__
    cfg = layer.get_config()
    shapes = shape if isinstance(shape, list) else [shape]
    if kind == "InputLayer":
        return input_layer(layer, shapes[0])
    if kind == "Concatenate":
        return concatenate(cfg, shapes)
    if kind == "Bidirectional":
        return bidirectional(layer, cfg, shapes[0])
    if kind in SAME_SHAPE:
        return Worked(0, "", shapes[0], "")
    if kind in FAMILIES:
        return FAMILIES[kind](cfg, shapes[0])
    return from_weights(layer, shapes[0])


# The classes worked out by hand (the rest: their weights' shapes).
FORMULAS = frozenset({"InputLayer", "Concatenate", "Bidirectional", *SAME_SHAPE, *FAMILIES})

NESTED_SHOWN = 40  # a nested model up to this many layers is written out layer by layer


def explain_model(model: Any, depth: int = 0) -> list[Line]:
    """Every layer's numbers, a nested model's layers indented (a pretrained base: its sum)."""
    lines: list[Line] = []
    for layer in model.layers:
        label = f"{layer.name} ({type(layer).__name__})"
        if hasattr(layer, "layers"):  # a model inside the model
            inner = explain_model(layer, depth + 1)
            params = sum(line.worked.params for line in inner if line.depth == depth + 1)
            out = shape_of(layer.output)
            if len(layer.layers) > NESTED_SHOWN:
                text = f"{len(layer.layers)} layers: their sums add up to {n(params)}"
                lines.append(Line(label, Worked(params, text, out, ""), depth))
            else:
                text = f"the layers below add up to {n(params)}"
                lines.append(Line(label, Worked(params, text, out, ""), depth))
                lines.extend(inner)
            continue
        shapes = input_shapes(layer) if type(layer).__name__ != "InputLayer" else []
        given: Shape | list[Shape] = (
            shape_of(layer.output) if not shapes else shapes if len(shapes) > 1 else shapes[0]
        )
        worked = explain_layer(layer, given)
        by_formula = type(layer).__name__ in FORMULAS and agrees(worked, layer)
        if not by_formula:  # never print a sum that is not Keras' number
            worked = from_weights(layer, shapes[0] if shapes else shape_of(layer.output))
        lines.append(Line(label, worked, depth, by_formula))
    return lines


def explain_text(model: Any) -> str:
    """The explanation printed under Keras' table: each layer's sums, then the total."""
    lines = explain_model(model)
    width = min(max(len(line.layer) + 2 * line.depth for line in lines), NAME_WIDTH) + 2
    out = [" How each layer's numbers come about (batch size: None):"]
    for line in lines:
        name = "  " * line.depth + line.layer
        worked = line.worked
        shape = f"→ (None, {', '.join(map(str, worked.shape))})"
        rows = [f"shape  {worked.shape_text}  {shape}" if worked.shape_text else f"shape  {shape}"]
        if worked.params_text:
            rows.insert(0, f"params {worked.params_text}")
        else:
            rows[0] += "  · no weights"
        if len(name) + 2 > width:  # a long name gets a line of its own
            out.append(f" {name}")
            out.extend(f" {' ' * width}{row}" for row in rows)
        else:
            out.append(f" {name.ljust(width)}{rows[0]}")
            out.extend(f" {' ' * width}{row}" for row in rows[1:])
    counted = [line.worked.params for line in lines if line.depth == 0 and line.worked.params]
    total = sum(line.worked.params for line in lines if line.depth == 0)
    sums = " + ".join(n(p) for p in counted) if 1 < len(counted) <= 12 else ""
    out.append(f" Total params: {sums + ' = ' if sums else ''}{n(total)}")
    return "\n".join(out)


NAME_WIDTH = 36  # longer layer names (blocks) get a line of their own
