"""The model fitted to the kind of data, before the config is checked or recorded.

With nothing choosing a model, a series or text gets the recurrent group (``model=lstm``,
composed again with it, so Hydra's files and the record carry it). A model group applied
to data it was not written for is adapted the way Ludwig's encoders do: text's token ids are embedded before layers that read sequences (or embedded and
averaged before layers that read rows of features), and a series window is flattened
before Dense layers. The layers are changed in the config itself, before it is checked or
recorded, so the record, ``summary`` and ``reproduce`` all show the model that ran.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from omegaconf import DictConfig, ListConfig, OmegaConf

# Layers that read (batch, steps, features): what an Embedding of token ids feeds.
SEQUENCE_LAYERS = frozenset(
    {
        "LSTM",
        "GRU",
        "SimpleRNN",
        "Bidirectional",
        "Conv1D",
        "SeparableConv1D",
        "MaxPooling1D",
        "AveragePooling1D",
        "GlobalAveragePooling1D",
        "GlobalMaxPooling1D",
    }
)
# Layers that read (batch, features): rows of a table.
ROW_LAYERS = frozenset({"Dense", "Dropout", "BatchNormalization"})
TEXT_EMBEDDING = {"type": "Embedding", "input_dim": "${data.text.max_tokens}", "output_dim": 32}


# The model group a data kind gets when the command line leaves the model at the default
# (model=dense, a multi-layer perceptron for rows of features).
FITTING_MODELS = {"series": "lstm", "text": "lstm"}
DEFAULT_MODEL = "dense"


def fitting_model(composed: list[DictConfig], overrides: list[str]) -> str | None:
    """The override that picks the model group fitting the data (``model=lstm`` for a
    time series), when nothing on the command line or in an experiment chose a model;
    None when there is none to add (or a sweep's jobs would need different ones)."""
    if any(_chooses_model(o) for o in overrides):
        return None
    fitting = {_fitting(cfg) for cfg in composed}
    if len(fitting) != 1 or None in fitting:
        return None
    return f"model={fitting.pop()}"


def fitting_note(fitting: str) -> str:
    """What a run says when it picked the model group for the data."""
    name = fitting.split("=", 1)[1]
    return (
        f"model: {name}, the model group for this kind of data (choose another with model=<name>)"
    )


def _fitting(cfg: DictConfig) -> str | None:
    """The model group ``cfg``'s data kind gets, when its model is the untouched default."""
    chosen = cfg.hydra.runtime.choices.get("model")
    if chosen != DEFAULT_MODEL or cfg.model.get("name") != DEFAULT_MODEL:
        return None
    return FITTING_MODELS.get(str(cfg.data.get("source")))


def _chooses_model(override: str) -> bool:
    return override.lstrip("+~").startswith("model")


def fitted_to_data(
    overrides: list[str], compose_jobs: Callable[[list[str]], list[DictConfig]]
) -> tuple[list[str], list[DictConfig], list[str]]:
    """``compose_jobs(overrides)`` with the model fitted to the data: the overrides (with
    the model group added, if one was), the composed jobs (their layers adapted) and the
    sentences a run prints about it."""
    composed = compose_jobs(overrides)
    notes = []
    fitting = fitting_model(composed, overrides)
    if fitting:
        overrides = [*overrides, fitting]
        composed = compose_jobs(overrides)
        notes.append(fitting_note(fitting))
    notes += sorted({note for note in map(adapt_model, composed) if note})
    return overrides, composed, notes


def adapted_layers(source: str, layers: list[Any]) -> tuple[list[Any], str] | None:
    """The layers with what ``source``'s data need put in front, and a sentence saying
    what was added (None: they fit as they are, or dlpipe does not know how to adapt)."""
    first = layers[0] if layers else None
    kind = first.get("type") if isinstance(first, dict) else None
    if kind is None:  # blocks, named inputs, an empty list: the user's own design
        return None
    kinds = {entry.get("type") for entry in layers if isinstance(entry, dict)}
    if source == "text" and not kinds & {"Embedding", "TextVectorization"}:
        if kind in SEQUENCE_LAYERS:
            return [dict(TEXT_EMBEDDING), *layers], (
                f"an Embedding (data.text.max_tokens → 32) put before the {kind}: text "
                "arrives as token ids"
            )
        if kind in ROW_LAYERS:
            pooled = [dict(TEXT_EMBEDDING), {"type": "GlobalAveragePooling1D"}]
            return [*pooled, *layers], (
                f"an Embedding (data.text.max_tokens → 32) and its average over the words "
                f"put before the {kind}: text arrives as token ids"
            )
    if source == "series" and kind in ROW_LAYERS:
        return [{"type": "Flatten"}, *layers], (
            f"a Flatten put before the {kind}: a series arrives as windows (steps × features)"
        )
    return None


def adapt_model(cfg: DictConfig) -> str | None:
    """Adapt ``cfg.model.layers`` in place to the data's kind; the sentence saying what
    was added, or None when nothing was."""
    layers = cfg.model.get("layers")
    if not isinstance(layers, ListConfig):
        return None
    plain = OmegaConf.to_container(layers, resolve=False)
    assert isinstance(plain, list)
    adapted = adapted_layers(str(cfg.data.get("source")), plain)
    if adapted is None:
        return None
    cfg.model.layers = adapted[0]
    return f"model: {adapted[1]} (model.layers has none)"


# What fits each data source, for a layer that cannot take the data's shape.
FITTING_CHOICES = {
    "csv": "model=dense",
    "text": "model=lstm or model=cnn1d (an Embedding is put first), or experiment=sentiment_lstm",
    "series": "model=lstm (or experiment=series_lstm for the generated sine)",
    "keras": "model=cnn (experiment=mnist_cnn)",
    "digits": "model=cnn (experiment=digits_cnn)",
    "image_folder": "model=cnn, or model=transfer",
}


def fitting_choice(source: str | None) -> str | None:
    """The model choice that fits ``source``'s data (for a hint), if dlpipe ships one."""
    return FITTING_CHOICES.get(str(source))
