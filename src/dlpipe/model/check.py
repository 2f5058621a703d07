"""Checks of a model config that need no Keras: names, Keras 2 habits, object arguments.

`dlpipe check` runs these; the builder later lets Keras judge the argument values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlpipe.config import keras_names
from dlpipe.config.schema import ModelCfg
from dlpipe.errors import ModelError, did_you_mean
from dlpipe.model import objects
from dlpipe.model.blocks import Plan, plan_model
from dlpipe.model.transfer import check_application

WRAPPED_ARGUMENTS = ("layer", "backward_layer")  # Bidirectional, TimeDistributed take a layer

# Keras 2 (and 1) habits on a layer, and what to write instead.
OLD_LAYER_ARGS = {
    "input_shape": "dlpipe takes the input shape from the data (Keras 3 uses an Input layer);"
    " remove 'input_shape'",
    "input_dim": "dlpipe takes the input shape from the data; remove 'input_dim'"
    " (for Embedding, 'input_dim' is the vocabulary size and is fine)",
    "batch_input_shape": "dlpipe takes the input shape from the data; remove 'batch_input_shape'",
    "input_length": "Keras 3's Embedding has no 'input_length': the sequence length comes from"
    " the data; remove it",
    "init": "it is called 'kernel_initializer' since Keras 2",
    "W_regularizer": "it is called 'kernel_regularizer' since Keras 2",
    "b_regularizer": "it is called 'bias_regularizer' since Keras 2",
    "output_dim": "it is called 'units' since Keras 2 (only Embedding keeps 'output_dim')",
    "nb_filter": "it is called 'filters' since Keras 2",
    "border_mode": "it is called 'padding' since Keras 2",
}


def check_model_layers(model: ModelCfg, data_folders: tuple[Path, ...] = ()) -> Plan:
    """Plan the model and check every entry without importing Keras; a layer argument
    that names a file must name one in ``data_folders``."""
    plan = plan_model(model)
    for node in plan.nodes:
        if "application" in node.entry:
            check_application(node.entry, node.where)
        else:
            check_layer_entry(node.entry, node.where)
            check_file_arguments(node.entry, node.where, data_folders)
    return plan


# Layer arguments that Keras reads as a file when given a string (a vocabulary per line).
FILE_ARGUMENTS = ("vocabulary",)


def check_file_arguments(entry: dict[str, Any], where: str, data_folders: tuple[Path, ...]) -> None:
    """Files a layer reads come from the data's folder only: a shared config naming
    ``~/.ssh/…`` or ``.env`` would otherwise put its lines into the model and the record."""
    for key in FILE_ARGUMENTS:
        value = entry.get(key)
        if not isinstance(value, str):
            continue
        path = Path(value).resolve()
        if any(path.is_relative_to(folder.resolve()) for folder in data_folders):
            continue
        shown = ", ".join(str(f) for f in data_folders) or "none: data.path is not a file"
        raise ModelError(
            f"{value!r} is not in the data's folder ({shown}); a layer reads files only from there",
            where=f"{where} ({entry.get('type')}).{key}",
            hint=f"put the file beside the data, or write the {key} as a list: {key}: [a, b, c]",
        )


def check_layer_entry(entry: dict[str, Any], where: str) -> None:
    """A known layer class, no Keras 2 arguments, readable regularisers/initialisers."""
    kind = entry.get("type")
    if kind not in keras_names.LAYERS:
        hint = did_you_mean(str(kind), keras_names.LAYERS)
        if kind in keras_names.EXCLUDED_LAYERS:
            hint = f"{kind} is not allowed in configs (it can run arbitrary code)"
        elif kind in keras_names.APPLICATIONS:
            hint = f"{kind} is a pretrained model: write {{application: {kind}, weights: ...}}"
        raise ModelError(f"unknown layer type {kind!r}", where=where, hint=hint)
    label = f"{where} ({kind})"
    for old, fix in OLD_LAYER_ARGS.items():
        if old not in entry:
            continue
        if kind == "Embedding" and old in ("input_dim", "output_dim"):
            continue
        raise ModelError(f"argument {old!r} is an old Keras habit", where=label, hint=fix)
    for key, value in entry.items():
        if key in WRAPPED_ARGUMENTS and isinstance(value, dict):
            check_layer_entry(value, f"{label}.{key}")
        else:
            objects.parse(key, value, f"{label}.{key}")
