"""``model.compile`` from config: the optimizer by name, loss, metrics, speed levers."""

from __future__ import annotations

from typing import Any

from dlpipe.config import keras_names
from dlpipe.config.schema import TrainerCfg
from dlpipe.errors import ConfigError, did_you_mean


def make_optimizer(optimizer_cfg: Any) -> Any:
    """A Keras optimizer from ``{name: adam, learning_rate: 1e-3, **kwargs}``."""
    import inspect

    import keras

    kwargs = dict(optimizer_cfg)
    name = str(kwargs.pop("name")).lower()
    cls = getattr(keras.optimizers, keras_names.OPTIMIZERS[name])
    kwargs = as_floats(kwargs, inspect.signature(cls.__init__).parameters)
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        accepted = [
            p for p in inspect.signature(cls.__init__).parameters if p not in ("self", "kwargs")
        ]
        unknown = [k for k in kwargs if k not in accepted]
        hint = did_you_mean(unknown[0], accepted) if unknown else None
        where = f"optimizer.{unknown[0]}" if unknown else "optimizer"
        raise ConfigError(
            str(exc).split("\n")[0],
            where=where,
            hint=hint or f"{cls.__name__} accepts: {', '.join(accepted)}",
        ) from None


# Optimizer arguments that are numbers but default to None (so their type is not seen).
FLOAT_ARGUMENTS = ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm")


def as_floats(kwargs: dict[str, Any], parameters: Any) -> dict[str, Any]:
    """Whole numbers as floats where the optimizer takes a float: YAML and the command
    line read ``learning_rate=1`` as an integer, which Keras refused ("should be float")."""
    floats = {
        name
        for name, p in parameters.items()
        if isinstance(p.default, float) or name in FLOAT_ARGUMENTS
    }
    return {
        k: float(v) if k in floats and isinstance(v, int) and not isinstance(v, bool) else v
        for k, v in kwargs.items()
    }


def compile_model(
    model: Any,
    optimizer_cfg: Any,
    loss: str,
    metrics: list[str],
    trainer: TrainerCfg,
    loss_weight: float = 1.0,
) -> None:
    """Compile with the resolved loss/metrics and the trainer's speed settings.
    ``loss_weight``: for a rescaled regression target (model.head.loss_weight)."""
    jit = str(trainer.jit_compile).lower()
    model.compile(
        optimizer=make_optimizer(optimizer_cfg),
        loss=loss,
        loss_weights=None if loss_weight == 1.0 else float(loss_weight),
        metrics=list(metrics),
        steps_per_execution=int(trainer.steps_per_execution),
        jit_compile={"auto": "auto", "true": True, "false": False}.get(jit, "auto"),
    )
