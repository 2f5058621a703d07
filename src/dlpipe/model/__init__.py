"""Model stage: config → keras.Model (layer registry, output head, loss rules).

:mod:`dlpipe.model.head` holds the users' output rules as pure functions (no Keras);
:mod:`dlpipe.model.build` turns a layer list into a functional ``keras.Model``.
"""

from dlpipe.model.head import (
    OutputSpec,
    declared_spec,
    loss_weight,
    output_spec,
    resolve_head,
    resolve_loss,
    resolve_metrics,
)

__all__ = [
    "OutputSpec",
    "declared_spec",
    "loss_weight",
    "output_spec",
    "resolve_head",
    "resolve_loss",
    "resolve_metrics",
]
