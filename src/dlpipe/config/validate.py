"""Validate a composed config: schema (keys, types) first, then meaning (names, sums)."""

from __future__ import annotations

import dataclasses
import math
import os
import re
import typing
from typing import Any, cast

from omegaconf import DictConfig, OmegaConf

from dlpipe.config import keras_names
from dlpipe.config.hydra_keys import check_hydra
from dlpipe.config.plain import to_dict
from dlpipe.config.safety import check_interpolations, check_safety
from dlpipe.config.schema import (
    COLOR_MODES,
    COLUMN_KINDS,
    DIFFERENCES,
    FLIPS,
    IMPUTE_CATEGORY,
    IMPUTE_NUMBER,
    INT_MAX,
    PADDINGS,
    SCALERS,
    SOURCES,
    TARGET_ENCODINGS,
    TARGET_SCALES,
    TASKS,
    BlockCfg,
    Config,
)
from dlpipe.errors import ConfigError, did_you_mean

# Keras 2 habits and what to write instead.
OLD_KERAS_ARGS = {
    "input_shape": "dlpipe takes the input shape from the data (Keras 3 uses an Input layer);"
    " remove 'input_shape'",
    "input_dim": "dlpipe takes the input shape from the data; remove 'input_dim'"
    " (for Embedding, 'input_dim' is the vocabulary size and is fine)",
    "lr": "Keras 3 calls it 'learning_rate'",
}


def validate(cfg: DictConfig) -> Config:
    """Return ``cfg`` merged into the schema, or raise ConfigError naming the bad key.

    The result holds exactly the schema's keys, each of its type (a ``DictConfig`` at run
    time, whose row steps keep the order the user wrote); it is typed as the schema's
    :class:`~dlpipe.config.schema.Config`, so the type checker checks every use of it.
    """
    from omegaconf.errors import ConfigKeyError, OmegaConfBaseException

    user = to_dict(cfg, resolve=False)
    check_hydra(user.pop("hydra", None) or {})
    check_interpolations(user)
    check_safety(user)
    expand_short_steps(user)
    try:
        merged = OmegaConf.merge(OmegaConf.structured(Config), user)
    except ConfigKeyError as exc:
        raise _unknown_key(exc) from None
    except OmegaConfBaseException as exc:
        message = str(exc).split("\n")[0]
        if "is not a ListConfig" in message:  # OmegaConf's words for "not a list"
            message = "expected a list"
        raise ConfigError(message, where=exc.full_key or None, hint=_type_hint(exc)) from None
    plain = to_dict(merged, resolve=False)
    # Row steps run in the order the user wrote them; the schema merge reorders keys.
    written = list((user.get("data") or {}).get("preprocess") or {})
    steps = plain["data"]["preprocess"]
    plain["data"]["preprocess"] = {
        k: steps[k] for k in written + [k for k in steps if k not in written]
    }
    if plain["data"].get("sep") in SEPARATOR_ESCAPES:  # what a shell lets people type
        plain["data"]["sep"] = SEPARATOR_ESCAPES[plain["data"]["sep"]]
    missing = missing_keys(user)  # merging drops "???" silently, so look before
    if missing:
        raise ConfigError(
            "required, but no value was given",
            where=missing[0],
            hint=f"set it on the command line, e.g. {missing[0]}=<value>",
        )
    out = OmegaConf.create(plain)
    check_references(out)
    check_meaning(out)
    return cast(Config, out)


def expand_short_steps(user: dict[str, Any]) -> None:
    """The short forms people write for the preprocessing steps that take settings, as
    the schema's full forms: ``dropna: true`` (any column) or ``dropna: [age]`` (those
    columns), ``scale: standard``, ``clean: true``, and ``false`` for a step left out."""
    steps = (user.get("data") or {}).get("preprocess")
    if not isinstance(steps, dict):
        return
    for key, field_name in (("dropna", "subset"), ("scale", "method"), ("clean", None)):
        value = steps.get(key)
        if value is True:
            steps[key] = {}
        elif value is False:
            steps[key] = None
        elif key == "dropna" and isinstance(value, str | list):
            steps[key] = {field_name: [value] if isinstance(value, str) else value}
        elif key == "scale" and isinstance(value, str):
            steps[key] = {field_name: value}


def missing_keys(tree: Any, prefix: str = "") -> list[str]:
    """Dotted paths of values left as ``???`` (without resolving interpolations)."""
    if isinstance(tree, dict):
        return [m for k, v in tree.items() for m in missing_keys(v, f"{prefix}{k}.")]
    if isinstance(tree, list):
        return [m for i, v in enumerate(tree) for m in missing_keys(v, f"{prefix}{i}.")]
    return [prefix[:-1]] if tree == "???" else []


def schema_has(full_key: str) -> bool:
    """Whether the dotted key is one of the schema's (``data.image.size``)."""
    parent, _, key = full_key.rpartition(".")
    return key in _schema_keys(parent)


def unknown_key_hint(full_key: str) -> str | None:
    """A "did you mean" for a dotted key the schema does not have."""
    parent, _, key = full_key.rpartition(".")
    valid = _schema_keys(parent)
    return did_you_mean(key, valid) or (f"valid keys here: {', '.join(valid)}" if valid else None)


def check_references(cfg: DictConfig) -> None:
    """Every ``${other.key}`` reference names a key that has a value, without a loop:
    found here, naming the key, not as OmegaConf's error where the value is first read.
    (A ``${hydra:...}`` value resolves only inside Hydra's job: left to it.)"""
    from omegaconf.errors import (
        InterpolationKeyError,
        InterpolationResolutionError,
        InterpolationToMissingValueError,
        OmegaConfBaseException,
    )

    for path, text in _references(to_dict(cfg, resolve=False)):
        if path.startswith("model.blocks."):  # a block's $parameter: the model stage explains
            continue
        try:
            value = OmegaConf.select(cfg, path, throw_on_resolution_failure=True)
        except (InterpolationKeyError, InterpolationToMissingValueError) as exc:
            problem = f"{text!r} refers to a key that has no value ({str(exc).splitlines()[0]})"
        except InterpolationResolutionError as exc:
            if "Recursive" not in str(exc):
                continue
            problem = f"{text!r} leads back to itself (a loop of references)"
        else:
            if re.search(r"\.\d+(\.|$)", path):
                continue  # inside a list (a layer's entry): the model stage checks it
            try:  # what it refers to must have this key's type (a list for a list)
                OmegaConf.merge(OmegaConf.structured(Config), _nested(path, value))
            except OmegaConfBaseException as exc:
                problem = f"{text!r} gives {value!r}, which does not fit here ({str(exc).splitlines()[0]})"
            else:
                continue
        raise ConfigError(
            problem,
            where=re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", path),  # model.layers[0].units
            hint="a ${...} reference names another key of the config, e.g. "
            "${trainer.batch_size}; or write the value itself",
        )


def _nested(path: str, value: Any) -> dict[str, Any]:
    """``{"a": {"b": value}}`` for ``a.b``."""
    tree: Any = value
    for part in reversed(path.split(".")):
        tree = {part: tree}
    return dict(tree)


def _references(tree: Any, prefix: str = "") -> list[tuple[str, str]]:
    """(dotted path, text) of every value that holds a ``${...}`` reference."""
    if isinstance(tree, dict):
        return [r for k, v in tree.items() for r in _references(v, f"{prefix}{k}.")]
    if isinstance(tree, list):
        return [r for i, v in enumerate(tree) for r in _references(v, f"{prefix}{i}.")]
    return [(prefix[:-1], tree)] if isinstance(tree, str) and "${" in tree else []


def check_meaning(cfg: DictConfig) -> None:
    """Checks the schema cannot express: allowed names, fractions, known layers."""
    data = cfg.data
    _one_of(data.task, TASKS, "data.task")
    _one_of(data.target_encoding, TARGET_ENCODINGS, "data.target_encoding")
    _one_of(data.target_scale, TARGET_SCALES, "data.target_scale")
    if data.preprocess.scale is not None:
        _one_of(data.preprocess.scale.method, SCALERS, "data.preprocess.scale.method")
    if data.preprocess.impute is not None:
        _one_of(data.preprocess.impute.number, IMPUTE_NUMBER, "data.preprocess.impute.number")
        _one_of(data.preprocess.impute.category, IMPUTE_CATEGORY, "data.preprocess.impute.category")
    for column, kind in data.preprocess.kinds.items():
        _one_of(kind, COLUMN_KINDS, f"data.preprocess.kinds.{column}")
    split = data.split
    fractions = (split.train, split.val, split.test)
    if any(f < 0 for f in fractions) or abs(sum(fractions) - 1.0) > 1e-6:
        raise ConfigError(
            f"split fractions must be >= 0 and sum to 1, got train={split.train}, "
            f"val={split.val}, test={split.test}",
            where="data.split",
            hint="e.g. data.split.train=0.6 data.split.val=0.2 data.split.test=0.2 (6:2:2)",
        )
    if split.train <= 0:
        raise ConfigError(
            "the training fraction must be > 0",
            where="data.split.train",
            hint="e.g. data.split.train=0.6 data.split.val=0.2 data.split.test=0.2",
        )
    if not 0.0 <= cfg.trainer.validation_split < 1.0:
        raise ConfigError(
            f"must be in [0, 1), got {cfg.trainer.validation_split}",
            where="trainer.validation_split",
            hint="a fraction of the training rows, e.g. trainer.validation_split=0.2",
        )
    check_ranges(cfg)
    check_reading(data)
    check_tracking(cfg.tracking)
    _one_of(str(cfg.trainer.verbose), ("auto", "0", "1", "2"), "trainer.verbose")
    _one_of(str(cfg.trainer.jit_compile).lower(), ("auto", "true", "false"), "trainer.jit_compile")
    check_monitor(str(cfg.objective), cfg, "objective", tests=True)
    check_data_kinds(data)
    check_optimizer(cfg.optimizer)
    check_model(cfg.model)
    for which in ("early_stopping", "checkpoint"):
        if cfg.callbacks[which] is not None:
            check_monitor(str(cfg.callbacks[which].monitor), cfg, f"callbacks.{which}.monitor")
    if cfg.callbacks.checkpoint is not None:
        check_file_name(str(cfg.callbacks.checkpoint.filename), "callbacks.checkpoint.filename")


# Whole numbers a config sets: the range dlpipe accepts (up to schema.INT_MAX), and an
# example.
RANGES: tuple[tuple[str, int, int, str], ...] = (
    ("seed", 0, 2**32 - 1, "42"),  # NumPy's and scikit-learn's seeds
    ("data.limit", 1, INT_MAX, "1000 (or null for every row)"),
    ("trainer.epochs", 1, INT_MAX, "10"),
    ("trainer.batch_size", 1, INT_MAX, "32"),
    ("trainer.steps_per_execution", 1, INT_MAX, "1"),
    ("data.text.length", 1, INT_MAX, "20"),
    ("data.text.max_tokens", 1, INT_MAX, "10000"),
    ("data.series.window", 1, INT_MAX, "24"),
    ("data.series.horizon", 1, INT_MAX, "1"),
    ("data.series.season", 2, INT_MAX, "12 (months in a year)"),
    ("data.series.stride", 1, INT_MAX, "1"),
    ("callbacks.early_stopping.patience", 0, INT_MAX, "5"),
    ("sweep_limit", 1, INT_MAX, "5000"),
)


def check_ranges(cfg: DictConfig) -> None:
    """Each whole number of :data:`RANGES` that is set lies in its range."""
    for where, low, high, example in RANGES:
        value = OmegaConf.select(cfg, where)
        if value is None or low <= value <= high:
            continue
        bound = f">= {low}" if value < low else f"<= {high}"
        raise ConfigError(
            f"must be {bound}, got {value}",
            where=where,
            hint=f"a whole number from {low}, e.g. {where}={example}",
        )


SEPARATOR_ESCAPES = {"\\t": "\t"}  # data.sep='\t' on the command line is a tab


def check_reading(data: Any) -> None:
    """The CSV's separator is one character, taken as it is (pandas reads a longer one as
    a regular expression, which can run for ever), and its encoding is one Python knows."""
    import codecs

    if len(str(data.sep)) != 1:
        raise ConfigError(
            f"the separator must be one character, got {data.sep!r}",
            where="data.sep",
            hint="e.g. data.sep=';' or data.sep='\\t' (a tab); for columns lined up with "
            "spaces, save the file as CSV first",
        )
    try:
        codecs.lookup(str(data.encoding))
    except LookupError:
        raise ConfigError(
            f"unknown encoding {data.encoding!r}",
            where="data.encoding",
            hint=did_you_mean(str(data.encoding), ENCODINGS)
            or f"e.g. data.encoding={ENCODINGS[0]} (or {', '.join(ENCODINGS[1:])})",
        ) from None


ENCODINGS = ("utf-8", "utf-8-sig", "cp949", "euc-kr", "latin-1", "cp1252", "utf-16")


def experiment_name(given: str | None) -> tuple[str, str]:
    """(the experiment's name, where it came from): ``tracking.experiment`` when given,
    else MLflow's own ``$MLFLOW_EXPERIMENT_NAME``, else ``dlpipe``."""
    if given is not None:
        return str(given), "tracking.experiment"
    from_env = os.environ.get(EXPERIMENT_ENV, "").strip()
    return (from_env, EXPERIMENT_ENV) if from_env else (DEFAULT_EXPERIMENT, "tracking.experiment")


def check_tracking(tracking: Any) -> None:
    """An experiment has a name MLflow accepts (one MLflow would refuse is found here, not
    after the data is read); ``tracking.experiment: null`` is filled in
    (:func:`experiment_name`)."""
    name, where = experiment_name(tracking.experiment)
    tracking.experiment = name
    if not name.strip():
        raise ConfigError(
            "the experiment needs a name",
            where=where,
            hint="e.g. tracking.experiment=penguins (runs are grouped by it)",
        )
    if len(name) > MAX_EXPERIMENT_NAME:
        raise ConfigError(
            f"{len(name):,} characters: MLflow takes experiment names of up to"
            f" {MAX_EXPERIMENT_NAME}",
            where=where,
            hint="a short name groups the runs, e.g. tracking.experiment=penguins",
        )
    check_registry(tracking)
    run_name = tracking.get("run_name")
    if run_name is not None and len(str(run_name)) > MAX_RUN_NAME:
        raise ConfigError(
            f"{len(str(run_name)):,} characters: MLflow takes run names of up to {MAX_RUN_NAME}",
            where="tracking.run_name",
            hint="a short name for the run, e.g. tracking.run_name=baseline",
        )


def check_registry(tracking: Any) -> None:
    """A registered model's name and alias MLflow accepts (its own rules,
    ``mlflow.utils.validation``), found before the data is read, not after training."""
    name = tracking.get("register")
    if name is not None:
        text = str(name)
        if not text.strip() or "/" in text or ":" in text or text.startswith((".", " ")):
            raise ConfigError(
                f"{text!r} cannot name a registered model: MLflow refuses an empty name,"
                " '/' and ':', and a name that starts with '.'",
                where="tracking.register",
                hint="e.g. tracking.register=penguins-classifier",
            )
    alias = str(tracking.get("alias"))
    if (
        not ALIAS.fullmatch(alias)
        or alias.lower() == "latest"
        or VERSION_LIKE.fullmatch(alias)
        or len(alias) > MAX_ALIAS
    ):
        raise ConfigError(
            f"{alias!r} cannot be a model alias: MLflow takes letters, digits, '_' and '-'"
            f" (up to {MAX_ALIAS}), not 'latest' or a version such as 'v2'",
            where="tracking.alias",
            hint="e.g. tracking.alias=candidate (then promote a version to champion yourself)",
        )


ALIAS = re.compile(r"[\w\-]+")  # MLflow's (_REGISTERED_MODEL_ALIAS_REGEX, not empty)
VERSION_LIKE = re.compile(r"[vV]\d+")  # read as a version by MLflow
MAX_ALIAS = 255
EXPERIMENT_ENV = "MLFLOW_EXPERIMENT_NAME"  # MLflow's own variable
DEFAULT_EXPERIMENT = "dlpipe"
# MLflow's limits (mlflow.utils.validation: MAX_EXPERIMENT_NAME_LENGTH; a run's name is
# its mlflow.runName tag, MAX_TAG_VAL_LENGTH)
MAX_EXPERIMENT_NAME = 500
MAX_RUN_NAME = 8000


# Files the run writes itself in its folder; a callback's file may not take their place.
RUN_FILE_NAMES = ("model.keras", "preprocessor.pkl", "dlpipe.log")


def check_file_name(name: str, where: str) -> None:
    """A file a callback writes is a plain name inside the run's folder: no folder part,
    so it can never land on (and overwrite) a file elsewhere."""
    stem = name.rsplit(".", 1)[0] if name.endswith((".keras", ".h5", ".hdf5")) else name
    if not stem.strip(".") or any(c in name for c in "/\\\0"):
        raise ConfigError(
            f"{name!r} is not a plain file name",
            where=where,
            hint="the file is written in the run's own folder: give a name only, e.g. "
            f"{where}=best.keras",
        )
    if f"{stem}.keras" in RUN_FILE_NAMES:
        raise ConfigError(
            f"{name!r} is the name of the run's final model",
            where=where,
            hint=f"give another name, e.g. {where}=best.keras",
        )


def check_data_kinds(data: Any) -> None:
    """The source name and the image / augment / text / series options."""
    _one_of(data.source, SOURCES, "data.source")
    _one_of(data.image.color_mode, COLOR_MODES, "data.image.color_mode")
    if data.augment.flip is not None:
        _one_of(data.augment.flip, FLIPS, "data.augment.flip")
    for key in ("rotation", "zoom", "translation", "noise"):
        if data.augment[key] < 0:
            raise ConfigError(
                f"must be >= 0, got {data.augment[key]}",
                where=f"data.augment.{key}",
                hint=f"a fraction, e.g. data.augment.{key}=0.1 (0: off)",
            )
    shape = data.get("input_shape")
    if shape is not None and not all(isinstance(d, int) and d >= 1 for d in shape if d is not None):
        raise ConfigError(
            f"every size must be a whole number >= 1, got {list(shape)}",
            where="data.input_shape",
            hint="e.g. data.input_shape=[28,28,1] (height, width, channels) or [8] (features)",
        )
    classes = data.get("num_classes")
    if classes is not None and (classes == 1 or classes < 0):
        raise ConfigError(
            f"must be 0 (a number to predict) or >= 2, got {classes}",
            where="data.num_classes",
            hint="a model tells classes apart: 2 or more (0: a number, as for series)",
        )
    _one_of(data.text.padding, PADDINGS, "data.text.padding")
    _one_of(data.text.truncating, PADDINGS, "data.text.truncating")
    _one_of(data.series.scale, SCALERS, "data.series.scale")
    check_series_difference(data.series)


def check_series_difference(series: Any) -> None:
    """A seasonal difference needs a season at least as long as the horizon."""
    _one_of(series.difference, DIFFERENCES, "data.series.difference")
    if series.difference != "seasonal":
        return
    if series.season is None:
        raise ConfigError(
            "difference: seasonal needs the season's length",
            where="data.series.season",
            hint="e.g. data.series.season=12 (monthly data, yearly season), or "
            "data.series.difference=first",
        )
    if series.season < series.horizon:
        raise ConfigError(
            f"a season of {series.season} steps is shorter than the horizon {series.horizon}",
            where="data.series.season",
            hint="the change is from one season before the predicted step, which must be "
            "known: use data.series.difference=first for long horizons",
        )


def check_optimizer(optimizer: Any) -> None:
    """The optimizer has a known name and no Keras 2 argument names."""
    name = optimizer.get("name")
    if name is None:
        raise ConfigError("missing 'name'", where="optimizer", hint="e.g. optimizer=adam")
    if str(name).lower() not in keras_names.OPTIMIZERS:
        raise ConfigError(
            f"unknown optimizer {name!r}",
            where="optimizer.name",
            hint=did_you_mean(str(name), keras_names.OPTIMIZERS)
            or f"one of: {', '.join(sorted(keras_names.OPTIMIZERS))}",
        )
    if "lr" in optimizer:
        raise ConfigError("unknown argument 'lr'", where="optimizer.lr", hint=OLD_KERAS_ARGS["lr"])
    name = str(name).lower()
    accepted = sorted(keras_names.OPTIMIZER_COMMON_ARGS | set(keras_names.OPTIMIZER_ARGS[name]))
    for key in optimizer:
        if key not in accepted:
            raise ConfigError(
                f"unknown argument {key!r} for the {keras_names.OPTIMIZERS[name]} optimizer",
                where=f"optimizer.{key}",
                hint=did_you_mean(str(key), accepted) or f"it accepts: {', '.join(accepted)}",
            )
    check_learning_rate(optimizer.get("learning_rate"))
    for key, value in optimizer.items():
        if (isinstance(value, float) and not math.isfinite(value)) or (
            key in NON_NEGATIVE and isinstance(value, int | float) and value < 0
        ):
            raise ConfigError(
                f"must be a finite number >= 0, got {value}",
                where=f"optimizer.{key}",
                hint=f"leave optimizer.{key} out to take Keras' default",
            )


# Optimizer settings that are sizes or rates: a negative one is a mistake Keras trains with.
NON_NEGATIVE = frozenset(
    {"weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "epsilon", "momentum", "rho"}
)


def check_learning_rate(value: Any) -> None:
    """A learning rate is a positive, finite number: a negative one trains uphill without a
    word, zero never moves, and nan or inf diverge after the first epoch."""
    if value is None:
        return
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or value <= 0:
        raise ConfigError(
            f"must be a positive number, got {value!r}",
            where="optimizer.learning_rate",
            hint="e.g. optimizer.learning_rate=0.001 (Adam's default)",
        )


def check_monitor(monitor: str, cfg: Any, where: str, tests: bool = False) -> None:
    """A callback watches a value training reports: the loss or one of ``model.metrics``,
    on the training data or with ``val_`` on the validation data (Keras would stop with
    its own error, or watch a name it never sees); ``tests``: also the test split's
    (``test_``), which a sweep's objective may be."""
    metrics = {"mae", "accuracy"} if "auto" in cfg.model.metrics else set()
    metrics |= {str(m) for m in cfg.model.metrics if m != "auto"} | {"loss"}
    prefixes = ("", "val_", "test_") if tests else ("", "val_")
    known = sorted(f"{p}{m}" for p in prefixes for m in metrics)
    if monitor not in known:
        raise ConfigError(
            f"training reports no value named {monitor!r}",
            where=where,
            hint=(did_you_mean(monitor, known) or f"one of: {', '.join(known)}")
            + " (a metric is watched once it is in model.metrics)",
        )


def check_model(model: Any) -> None:
    """The head and the loss are ones dlpipe and Keras know (the layers are the model
    stage's to judge: :func:`dlpipe.model.check.check_model_layers`)."""
    if model.head not in ("auto", "none"):
        raise ConfigError(
            f"expected 'auto' or 'none', got {model.head!r}",
            where="model.head",
            hint="auto appends the output layer the task needs; none: your last layer is it",
        )
    for i, metric in enumerate(model.metrics):
        if metric != "auto" and metric not in keras_names.METRICS:
            raise ConfigError(
                f"unknown metric {metric!r}",
                where=f"model.metrics[{i}]",
                hint=did_you_mean(str(metric), keras_names.METRICS)
                or "e.g. model.metrics=[auto] (accuracy, or mae for regression), "
                "[accuracy,auc] or [mae,mse]",
            )
    if model.loss != "auto" and model.loss not in keras_names.LOSSES:
        raise ConfigError(
            f"unknown loss {model.loss!r}",
            where="model.loss",
            hint=did_you_mean(model.loss, keras_names.LOSSES)
            or "e.g. auto, mse, binary_crossentropy",
        )


def _one_of(value: str, allowed: tuple[str, ...], where: str) -> None:
    if value not in allowed:
        raise ConfigError(
            f"expected one of {', '.join(allowed)}; received {value!r}",
            where=where,
            hint=did_you_mean(str(value), allowed) or f"e.g. {where}={allowed[0]}",
        )


def _unknown_key(exc: Exception) -> ConfigError:
    full_key = getattr(exc, "full_key", "") or ""
    key = str(getattr(exc, "key", "") or full_key.split(".")[-1])
    return ConfigError(
        f"unknown key {key!r}", where=full_key or key, hint=unknown_key_hint(full_key or key)
    )


def _schema_keys(path: str) -> list[str]:
    """The keys allowed at a dotted path ('' is the top), from the schema's type hints."""
    parts = path.split(".")
    if len(parts) == 3 and parts[:2] == ["model", "blocks"]:  # a mapping of named blocks
        return [f.name for f in dataclasses.fields(BlockCfg)]
    node: Any = Config
    for part in filter(None, path.split(".")):
        hints = typing.get_type_hints(node) if dataclasses.is_dataclass(node) else {}
        if part not in hints:
            return []
        node = _dataclass_in(hints[part])
        if node is None:
            return sorted(_OPEN_KEYS.get(f"{path}", ()))
    return [f.name for f in dataclasses.fields(node)]


def _dataclass_in(hint: Any) -> Any:
    """The dataclass a field holds (``X`` or ``X | None``), else None."""
    if dataclasses.is_dataclass(hint):
        return hint
    return next((a for a in typing.get_args(hint) if dataclasses.is_dataclass(a)), None)


# Mappings whose keys are not schema fields but still a known set.
_OPEN_KEYS = {
    "optimizer": keras_names.OPTIMIZER_COMMON_ARGS.union(*keras_names.OPTIMIZER_ARGS.values())
}


MAP_EXAMPLES = {
    "data.preprocess.replace": "a mapping of columns to {old: new} values, e.g."
    " data.preprocess.replace.sex={male: 1, female: 0}",
    "data.preprocess.kinds": "a mapping of columns to number, category, datetime or skip, e.g."
    " data.preprocess.kinds.zip=category",
}
LIST_EXAMPLES = {
    "model.layers": "a list of layers, e.g. model.layers=[{type:Dense,units:16},{type:Dense,units:8}]"
}


def _type_hint(exc: Exception) -> str | None:
    text = str(exc)
    if "is not a valid bool" in text:
        return "write true or false"
    if "could not be converted" in text or "is not a subclass" in text:
        return "check the value's type (a number, true/false, a list [a, b] or null)"
    if "Cannot assign" in text and "Dict" in text:
        key = getattr(exc, "full_key", "") or "key"
        return MAP_EXAMPLES.get(key, f"a mapping is expected here, e.g. {key}={{a: 1, b: 0}}")
    if "is not a ListConfig" in text:
        key = getattr(exc, "full_key", "") or "key"
        return LIST_EXAMPLES.get(key, f"write a list in brackets, e.g. {key}=[a,b]")
    if "Missing mandatory value" in text:
        return "this key has no default; set it on the command line, e.g. key=value"
    return None
