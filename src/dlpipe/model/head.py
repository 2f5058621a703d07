"""The users' output rules, as pure functions of the task (no Keras import).

- binary: 1 unit, sigmoid, binary_crossentropy
- 3+ classes: n units, softmax; sparse_categorical_crossentropy for integer labels,
  categorical_crossentropy for one-hot labels
- regression: 1 unit per target, no activation, mse
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dlpipe.errors import ModelError

CLASS_LOSSES = {
    "binary_crossentropy",
    "binary_focal_crossentropy",
    "categorical_crossentropy",
    "categorical_focal_crossentropy",
    "sparse_categorical_crossentropy",
    "hinge",
    "squared_hinge",
    "categorical_hinge",
}


@dataclass(frozen=True)
class OutputSpec:
    """What the model must output, as learned from the data."""

    task: str  # binary | multiclass | regression
    n_classes: int = 0
    n_targets: int = 1
    onehot: bool = False
    # A regression target's training mean and standard deviation: the model's last layer
    # maps its standardised output back (Rescaling), and the loss is weighted to match.
    target_mean: float = 0.0
    target_scale: float = 1.0

    @property
    def rescales(self) -> bool:
        return self.task == "regression" and (self.target_mean, self.target_scale) != (0.0, 1.0)


def output_spec(preprocessor: Any) -> OutputSpec:
    """What the model must output for the target a fitted preprocessor encodes."""
    return OutputSpec(
        task=preprocessor.task,
        n_classes=preprocessor.n_classes,
        onehot=preprocessor.target_onehot,
        target_mean=float(preprocessor.target_mean),
        target_scale=float(preprocessor.target_scale),
    )


# How a loss grows with the target's scale s: the weight 1/s**power makes the loss the one
# of standardised targets, so the optimiser sees what it would see on them.
SCALE_POWER = {"mse": 2, "mean_squared_error": 2, "mae": 1, "mean_absolute_error": 1, "huber": 1}
UNITLESS_LOSSES = (
    "mape",
    "mean_absolute_percentage_error",
    "msle",
    "mean_squared_logarithmic_error",
)


def loss_weight(loss: str, spec: OutputSpec) -> float:
    """The weight that makes ``loss`` on the target's units equal to the loss on the
    standardised target (1 when nothing is rescaled, or for a loss without units)."""
    if not spec.rescales or loss in UNITLESS_LOSSES:
        return 1.0
    return float(1.0 / spec.target_scale ** SCALE_POWER.get(loss, 2))


def declared_spec(cfg: Any) -> tuple[tuple[int, ...], OutputSpec] | None:
    """Input shape and output spec from ``data.input_shape``/``num_classes``, if declared
    (``summary`` then builds the model without reading the data). A null size (a series
    window derived from the data) stays open: Keras builds recurrent layers without it."""
    data = cfg.data
    if not data.input_shape:
        return None
    n = int(data.num_classes or 0)
    task = (
        data.task
        if data.task != "auto"
        else ("regression" if n == 0 else "binary" if n == 2 else "multiclass")
    )
    from dlpipe.preprocess.labels import wants_onehot

    onehot = task == "multiclass" and wants_onehot(cfg.model.loss, data.target_encoding)
    shape = tuple(int(d) if d is not None else None for d in data.input_shape)
    return shape, OutputSpec(  # type: ignore[return-value]
        task=task, n_classes=n, onehot=onehot
    )


def resolve_head(spec: OutputSpec) -> tuple[int, str | None]:
    """Units and activation of the output layer ``head: auto`` appends."""
    if spec.task == "binary":
        return 1, "sigmoid"
    if spec.task == "multiclass":
        return spec.n_classes, "softmax"
    return spec.n_targets, None


def resolve_loss(loss: str, spec: OutputSpec) -> str:
    """The loss: ``auto`` follows the rules; an explicit one must fit the labels."""
    if loss == "auto":
        if spec.task == "binary":
            return "binary_crossentropy"
        if spec.task == "multiclass":
            return "categorical_crossentropy" if spec.onehot else "sparse_categorical_crossentropy"
        return "mse"
    where, classes = "model.loss", f"{spec.n_classes} classes"
    if spec.task == "regression" and loss in CLASS_LOSSES:
        raise ModelError(
            f"{loss} is a classification loss but the task is regression",
            where=where,
            hint="use mse, mae or huber (or loss: auto)",
        )
    if spec.task != "regression" and loss in (
        "mse",
        "mae",
        "mean_squared_error",
        "mean_absolute_error",
        "huber",
    ):
        raise ModelError(
            f"{loss} is a regression loss but the target has {classes}",
            where=where,
            hint="use loss: auto (or set data.task=regression)",
        )
    if spec.task == "multiclass" and loss.startswith("binary"):
        raise ModelError(
            f"{loss} needs 2 classes but the target has {classes}",
            where=where,
            hint="use sparse_categorical_crossentropy (integer labels) or loss: auto",
        )
    if loss.startswith("sparse_") and spec.onehot:
        raise ModelError(
            f"{loss} needs integer labels but the labels are one-hot",
            where=where,
            hint="use categorical_crossentropy, or data.target_encoding=integer",
        )
    if loss.startswith("categorical_") and spec.task == "multiclass" and not spec.onehot:
        raise ModelError(
            f"{loss} needs one-hot labels but the labels are integers",
            where=where,
            hint="use sparse_categorical_crossentropy, or data.target_encoding=onehot",
        )
    return loss


def resolve_metrics(metrics: list[str], spec: OutputSpec) -> list[str]:
    """``auto`` becomes accuracy for classification, mae for regression."""
    default = "mae" if spec.task == "regression" else "accuracy"
    return [default if m == "auto" else m for m in metrics]


def check_output(units: Any, activation: Any, spec: OutputSpec, where: str) -> None:
    """An explicit output layer (``head: none``) must fit the task."""
    activation = activation if isinstance(activation, str) else None
    expected_units, _ = resolve_head(spec)
    if activation == "softmax" and units == 1:
        raise ModelError(
            "softmax over 1 unit always outputs 1.0",
            where=where,
            hint="for 2 classes use 1 unit with sigmoid (or head: auto)",
        )
    if spec.task != "regression" and units != expected_units:
        raise ModelError(
            f"the output layer has {units} units but the task ({spec.task}) needs {expected_units}",
            where=where,
            hint=f"set units: {expected_units}, or use head: auto",
        )
    if spec.task == "multiclass" and activation == "sigmoid":
        raise ModelError(
            "sigmoid on a multi-class output", where=where, hint="use softmax (or head: auto)"
        )
    if spec.task == "regression" and activation in ("softmax", "sigmoid"):
        raise ModelError(
            f"{activation} output for a regression target",
            where=where,
            hint="remove the activation (linear output), or head: auto",
        )
