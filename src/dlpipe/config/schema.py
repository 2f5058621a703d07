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
SCALERS = ("minmax", "standard", "none")


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


@dataclass
class PreprocessCfg:
    """Tabular preprocessing. Row steps run before the split in the order written;
    fitted steps (label_encode, onehot, scale) are fitted on the training split only."""

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
class DataCfg:
    """Where the data comes from, what the target is and how it is prepared."""

    name: str = MISSING
    source: str = "csv"
    path: str | None = None
    builtin: str | None = None
    sep: str = ","
    encoding: str = "utf-8"
    columns: list[str] | None = None
    limit: int | None = None
    target: str | None = None
    task: str = "auto"
    target_encoding: str = "auto"
    # Declared shapes let `summary` build the model without reading the data.
    input_shape: list[int] | None = None
    num_classes: int | None = None
    split: SplitCfg = field(default_factory=SplitCfg)
    preprocess: PreprocessCfg = field(default_factory=PreprocessCfg)


@dataclass
class ModelCfg:
    """A list of Keras layers (``type`` + keyword arguments) and the output head.

    ``head: auto`` appends the output layer the task needs; ``head: none`` means the last
    listed layer is the output. ``loss``/``metrics``: ``auto`` follows the users' rules.
    """

    name: str = MISSING
    layers: list[dict[str, Any]] = field(default_factory=list)
    head: str = "auto"
    loss: str = "auto"
    metrics: list[str] = field(default_factory=lambda: ["auto"])


@dataclass
class TrainerCfg:
    """Arguments of ``model.fit`` and the speed levers of ``model.compile``."""

    epochs: int = 30
    batch_size: int = 32
    validation_split: float = 0.0
    shuffle: bool = True
    verbose: str = "auto"
    steps_per_execution: int = 1
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
    patience: int = 3
    min_delta: float = 0.0
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
    """MLflow: where runs go. ``uri: null`` → $MLFLOW_TRACKING_URI, else ./mlflow.db."""

    enabled: bool = True
    uri: str | None = None
    experiment: str = "dlpipe"
    run_name: str | None = None
    log_model: bool = True


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
