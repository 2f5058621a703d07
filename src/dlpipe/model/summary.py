"""Keras' summary table as plain text, wide enough that no column is cut off."""

from __future__ import annotations

import os
from typing import Any


def summary_text(model: Any) -> str:
    """The layer table (name, output shape, params, connections) and the totals.

    Keras sizes the table to the terminal, and a captured (non-terminal) console is 80
    columns, which cuts off the "Param #" column; so we give it room while it prints.
    """
    lines: list[str] = []
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "250"
    try:
        # long block-prefixed names get a wider table; short ones keep Keras' default
        wide = any(len(layer.name) > 24 for layer in model.layers)
        model.summary(
            print_fn=lambda line, **_: lines.append(line), line_length=150 if wide else None
        )
    finally:
        if saved is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved
    return "\n".join(line.rstrip() for line in "\n".join(lines).split("\n"))


def task_line(spec: Any, loss: str) -> str:
    """One line under the table: the task, what the output layer does, and the loss."""
    from dlpipe.model.head import resolve_head

    units, activation = resolve_head(spec)
    task = spec.task + (f", {spec.n_classes} classes" if spec.n_classes else "")
    return f" Task: {task} → output {units} unit(s), {activation or 'linear'} · loss: {loss}"
