"""Typed schemas for every config group: the one place that says which keys exist.

The YAML files in ``conf/`` hold the defaults; these dataclasses say what is allowed.
Validation merges a composed config into them, so a misspelt key or a wrong type is
rejected before any heavy work (see :mod:`dlpipe.config.validate`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from omegaconf import MISSING

# Tasks a data config may declare; "auto" infers it from the target column.
TASKS = ("auto", "binary", "multiclass", "regression")
TARGET_ENCODINGS = ("auto", "integer", "onehot")
TARGET_SCALES = ("standard", "none")
SCALERS = ("minmax", "standard", "none")
DIFFERENCES = ("first", "seasonal", "none")  # data.series.difference
# Where samples come from (``data.source``); each has a module in ``dlpipe.data``.
SOURCES = ("csv", "keras", "digits", "image_folder", "text", "series")
COLOR_MODES = ("auto", "grayscale", "rgb", "rgba")
FLIPS = ("horizontal", "vertical", "horizontal_and_vertical")
PADDINGS = ("pre", "post")


# The largest whole number a config may set: TensorFlow's int32 sizes (a larger one ends in
# its own error deep inside a tensor).
INT_MAX = 2**31 - 1


@dataclass
class CleanCfg:
    """String cleaning applied to text cells (and optionally header names)."""

    strip: bool = True
    lower: bool = False
    lower_column_names: bool = False


@dataclass
class DropNaCfg:
    """Drop rows with a missing value (in ``subset`` only, when given)."""

    subset: list[str] | None = None


@dataclass
class ScaleCfg:
    """Scale numeric feature columns; ``columns: null`` means every numeric feature."""

    method: str = "minmax"
    columns: list[str] | None = None


# What fills a missing feature value (scikit-learn's SimpleImputer strategies).
IMPUTE_NUMBER = ("median", "mean", "most_frequent", "constant")
IMPUTE_CATEGORY = ("most_frequent", "constant")
# What a user may declare a column to be (data.preprocess.kinds.<column>).
# text: read as words (data.text's settings), an Embedding branch beside the features.
COLUMN_KINDS = ("number", "category", "datetime", "text", "skip")


@dataclass
class ImputeCfg:
    """Missing feature values filled in, learned on the training split ("constant": 0 for
    numbers, "missing" for text); ``indicators`` adds a 0/1 column per number column."""

    number: str = "median"
    category: str = "most_frequent"
    indicators: bool = False


@dataclass
class PreprocessCfg:
    """Tabular preprocessing. Row steps run before the split in the order written;
    fitted steps (label_encode, onehot, scale) are fitted on the training split only.
    Columns no step names get an inferred kind (``infer``), or a declared one (``kinds``)."""

    infer: bool = True
    kinds: dict[str, str] = field(default_factory=dict)
    impute: ImputeCfg | None = field(default_factory=ImputeCfg)
    clean: CleanCfg | None = None
    drop: list[str] = field(default_factory=list)
    dropna: DropNaCfg | None = None
    replace: dict[str, Any] = field(default_factory=dict)
    label_encode: list[str] = field(default_factory=list)
    onehot: list[str] = field(default_factory=list)
    scale: ScaleCfg | None = None


@dataclass
class SplitCfg:
    """Fractions of the rows for train / validation / test (they must sum to 1)."""

    train: float = 0.6
    val: float = 0.2
    test: float = 0.2
    stratify: bool = True
    shuffle: bool = True


@dataclass
class ImageCfg:
    """Images: size, colour, scaling (``rescale: null`` → 1/255, 1/16 for ``digits``)."""

    size: list[int] | None = None  # [height, width]; image folders are resized to it
    color_mode: str = "auto"  # auto | grayscale | rgb | rgba
    rescale: float | None = None
    cache: bool = False  # image folders: keep decoded images in memory after epoch 1


@dataclass
class AugmentCfg:
    """Random image augmentation, active while training only (Keras preprocessing layers)."""

    flip: str | None = None  # horizontal | vertical | horizontal_and_vertical
    rotation: float = 0.0  # fraction of a full turn, e.g. 0.1 = ±36°
    zoom: float = 0.0  # fraction, e.g. 0.1 = ±10 %
    translation: float = 0.0  # shift, fraction of height/width (10 px of 28 ≈ 0.36)
    noise: float = 0.0  # standard deviation of Gaussian noise on the scaled pixels


@dataclass
class TextCfg:
    """Labelled sentences → integer sequences (vocabulary learned on the training split)."""

    column: str = "text"
    lower: bool = True
    strip_punctuation: bool = True
    stop_words: list[str] = field(default_factory=list)
    max_tokens: int = 10000  # vocabulary cap, counting 0 (padding) and 1 (unknown word)
    length: int = 20  # every sequence is padded / truncated to this many tokens
    padding: str = "pre"  # pre | post: where the 0s go
    truncating: str = "pre"  # pre | post: which end of a long sentence is cut


@dataclass
class SeriesCfg:
    """A time-ordered table → sliding windows of past values predicting ``data.target``."""

    features: list[str] | None = None  # input columns (null: every numeric column)
    time_column: str | None = None  # sort by it (then dropped); null: file order
    window: int | None = None  # past steps the model sees (null: derived from the length)
    horizon: int = 1  # predict the value this many steps after the window's last one
    stride: int = 1  # steps between the starts of consecutive windows
    scale: str = "standard"  # standard | minmax | none; fitted on the training part only
    scale_target: bool = True
    # first: the model sees and predicts changes from the step before (seasonal: from
    # ``season`` steps before); none: the values themselves.
    difference: str = "first"
    season: int | None = None  # steps in a season (12 for months), for difference: seasonal


@dataclass
class DataCfg:
    """Where the data comes from, what the target is and how it is prepared."""

    name: str = MISSING
    source: str = "csv"
    path: str | None = None
    builtin: str | None = None
    sep: str = ","
    encoding: str = "utf-8"
    # header: false reads a file without a header row, naming its columns ``columns``.
    header: bool = True
    columns: list[str] | None = None
    limit: int | None = None
    target: str | None = None
    task: str = "auto"
    target_encoding: str = "auto"
    # A regression target standardised on the training split (the model ends in a
    # Rescaling layer, so what it outputs and every metric are in the target's own units).
    target_scale: str = "standard"
    # Declared shapes let `summary` build the model without reading the data.
    input_shape: list[int] | None = None
    num_classes: int | None = None
    split: SplitCfg = field(default_factory=SplitCfg)
    preprocess: PreprocessCfg = field(default_factory=PreprocessCfg)
    # Keras data sets can download when online; false: local copies only.
    download: bool = True
    image: ImageCfg = field(default_factory=ImageCfg)
    augment: AugmentCfg = field(default_factory=AugmentCfg)
    text: TextCfg = field(default_factory=TextCfg)
    series: SeriesCfg = field(default_factory=SeriesCfg)


@dataclass
class BlockCfg:
    """A reusable group of layers: ``params`` (names, or name → default) and ``layers``,
    where ``$name`` stands for a parameter's value. Used as ``{block: <name>, param: value}``."""

    params: Any = None
    layers: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ModelCfg:
    """A list of Keras layers (``type`` + keyword arguments) and the output head.

    ``blocks`` declares reusable layer groups (see :mod:`dlpipe.model.blocks`).
    ``head: auto`` appends the output layer the task needs; ``head: none`` means the last
    listed layer is the output. ``loss``/``metrics``: ``auto`` follows the users' rules.
    """

    name: str = MISSING
    layers: list[dict[str, Any]] = field(default_factory=list)
    blocks: dict[str, BlockCfg] = field(default_factory=dict)
    head: str = "auto"
    loss: str = "auto"
    metrics: list[str] = field(default_factory=lambda: ["auto"])


@dataclass
class TrainerCfg:
    """Arguments of ``model.fit`` and the speed levers of ``model.compile``."""

    epochs: int = 200
    batch_size: int = 32
    validation_split: float = 0.0
    shuffle: bool = True
    verbose: str = "auto"
    # Feed fit a tf.data pipeline built once from the arrays (false: NumPy arrays, as Keras).
    tf_data: bool = True
    # tf.data's autotuning thread (TensorFlow's default: true). Off, the end of an epoch does
    # not wait for it to wake (seconds per epoch on long epochs: dlpipe.training.inputs).
    tf_data_autotune: bool = False
    steps_per_execution: int = 32
    jit_compile: str = "auto"
    # TensorFlow op determinism (for GPUs); on the CPU the seed alone gives identical reruns.
    deterministic: bool = False
    # Back up the training state every epoch (keras.callbacks.BackupAndRestore).
    backup: bool = True
    # The MLflow run id of an interrupted run to continue from its last completed epoch.
    resume: str | None = None


@dataclass
class EarlyStoppingCfg:
    """``keras.callbacks.EarlyStopping``."""

    monitor: str = "val_loss"
    patience: int = 5
    min_delta: float = 0.001
    mode: str = "auto"
    restore_best_weights: bool = True


@dataclass
class CheckpointCfg:
    """``keras.callbacks.ModelCheckpoint``; the file is written in the run's output dir."""

    monitor: str = "val_loss"
    save_best_only: bool = True
    mode: str = "auto"
    filename: str = "best.keras"


@dataclass
class CallbacksCfg:
    """Callbacks; set one to null (e.g. ``callbacks.checkpoint=null``) to turn it off."""

    early_stopping: EarlyStoppingCfg | None = field(default_factory=EarlyStoppingCfg)
    checkpoint: CheckpointCfg | None = field(default_factory=CheckpointCfg)


@dataclass
class TrackingCfg:
    """MLflow: where runs go. ``uri: null`` → $MLFLOW_TRACKING_URI, else ./mlflow.db;
    ``experiment: null`` → $MLFLOW_EXPERIMENT_NAME, else "dlpipe" (filled in by
    :func:`~dlpipe.config.validate.validate`, so the run's config names the one used)."""

    enabled: bool = True
    uri: str | None = None
    experiment: str | None = None
    run_name: str | None = None
    description: str | None = None  # the run's description (MLflow's note)
    log_model: bool = True
    # Register the logged model in MLflow's Model Registry under this name (a new
    # version per run), and point the alias at that version.
    register: str | None = None
    alias: str = "candidate"


@dataclass
class PathsCfg:
    """Folders; ``output_dir`` is the Hydra run folder (checkpoints, logs)."""

    root_dir: str = "."
    data_dir: str = "data"
    output_dir: str = "."


@dataclass
class Config:
    """The whole experiment, as composed from ``conf/config.yaml``."""

    seed: int = 42
    data: DataCfg = field(default_factory=DataCfg)
    model: ModelCfg = field(default_factory=ModelCfg)
    optimizer: dict[str, Any] = field(default_factory=lambda: {"name": "adam"})
    trainer: TrainerCfg = field(default_factory=TrainerCfg)
    callbacks: CallbacksCfg = field(default_factory=CallbacksCfg)
    tracking: TrackingCfg = field(default_factory=TrackingCfg)
    paths: PathsCfg = field(default_factory=PathsCfg)
    # The metric a sweep optimises (returned to the sweeper), e.g. "val_loss".
    objective: str = "val_loss"
    # The most jobs a sweep may run (config.compose.check_sweep_size; command line only).
    sweep_limit: int = 1000
