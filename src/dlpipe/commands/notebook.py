"""``export format=notebook``: a table run written out as the notebook a student writes by
hand — pandas, scikit-learn and Keras only, no dlpipe.

Every step is written from what the run recorded and fitted, in the order training took
them, so that the notebook run on a CPU with the same seed reaches the same test metrics:
read_csv, the row steps, the seeded split, the column transforms (the run's own
ColumnTransformer, unfitted, as code), the target's encoding, the model layer by layer,
compile, callbacks, fit (the same tf.data pipeline) and evaluate.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from dlpipe.errors import ConfigError

NOTEBOOK_FILE = "notebook.ipynb"


def refuse(why: str, hint: str = "export the model instead: format=savedmodel") -> ConfigError:
    """What the notebook cannot write yet, said once, naming the part of the run."""
    return ConfigError(f"format=notebook: {why}", where="format", hint=hint)


# The parts of the recorded config the notebook is written from.
USED = ("seed", "data", "model", "optimizer", "trainer", "callbacks")


def resolved(config: dict[str, Any]) -> dict[str, Any]:
    """The parts of the recorded config it needs, their ``${...}`` references filled in
    (``paths`` refers to Hydra's runtime, which is gone after the run: not needed here)."""
    from omegaconf import OmegaConf
    from omegaconf.errors import OmegaConfBaseException

    recorded = OmegaConf.create({k: v for k, v in config.items() if k != "hydra"})
    out: dict[str, Any] = {}
    for key in USED:
        try:
            value = OmegaConf.select(recorded, key, throw_on_resolution_failure=True)
            out[key] = (
                OmegaConf.to_container(value, resolve=True) if OmegaConf.is_config(value) else value
            )
        except OmegaConfBaseException as exc:
            first = str(exc).splitlines()[0]
            raise refuse(f"the run's {key} refers to values only Hydra had ({first})") from None
    return out


# ---- code from objects ------------------------------------------------------------------


def literal(value: Any) -> str:
    """Python source for a plain value (numbers exactly: repr round-trips floats)."""
    import math

    import numpy as np

    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return "np.nan"
    if isinstance(value, list | tuple):
        items = ", ".join(literal(v) for v in value)
        return (
            f"[{items}]"
            if isinstance(value, list)
            else f"({items}{',' if len(value) == 1 else ''})"
        )
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    raise refuse(f"cannot write {type(value).__name__} values as code")


def public_module(cls: type) -> str:
    """The module users import a class from: its module path without the private parts."""
    parts = cls.__module__.split(".")
    return ".".join(p for p in parts if not p.startswith("_"))


def estimator_code(estimator: Any, imports: set[tuple[str, str]]) -> str:
    """Source that builds ``estimator`` unfitted: its class with the settings it changed."""
    if isinstance(estimator, str):  # "passthrough", "drop"
        return repr(estimator)
    cls = type(estimator)
    module = public_module(cls)
    if not module.startswith("sklearn"):
        raise refuse(f"the column step {cls.__name__} is dlpipe's own (e.g. datetime parts)")
    if cls.__name__ == "Pipeline":
        imports.add(("sklearn.pipeline", "make_pipeline"))
        steps = ", ".join(estimator_code(step, imports) for _, step in estimator.steps)
        return f"make_pipeline({steps})"
    imports.add((module, cls.__name__))
    if cls.__name__ == "ColumnTransformer":
        rows = [
            f"        ({name!r}, {estimator_code(part, imports)}, {literal(list(columns))}),"
            for name, part, columns in estimator.transformers
        ]
        return (
            "ColumnTransformer(\n    [\n"
            + "\n".join(rows)
            + "\n    ],\n"
            + (f"    remainder={estimator.remainder!r},\n    verbose_feature_names_out=False,\n)")
        )
    defaults = cls().get_params(deep=False)
    changed = []
    for key, value in estimator.get_params(deep=False).items():
        if callable(value) and getattr(value, "__name__", "") == "median_or_zero":
            value = "median"  # dlpipe's faster median: the same numbers as scikit-learn's
        if key in defaults and same(defaults[key], value):
            continue
        changed.append(f"{key}={literal(value)}")
    return f"{cls.__name__}({', '.join(changed)})"


def same(a: Any, b: Any) -> bool:
    """Whether a setting is at its default (NaN equals NaN here)."""
    try:
        return bool(a == b) or (a != a and b != b)
    except (TypeError, ValueError):
        return False


# ---- the notebook's cells ---------------------------------------------------------------


def code_cell(source: str) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": source.strip("\n").splitlines(keepends=True),
    }


def text_cell(source: str) -> dict[str, Any]:
    return {
        "cell_type": "markdown",
        "metadata": {},
        "source": source.strip("\n").splitlines(keepends=True),
    }


def read_cell(data: dict[str, Any], csv: str) -> str:
    options = [f"sep={data.get('sep', ',')!r}", f"encoding={data.get('encoding', 'utf-8')!r}"]
    if data.get("limit"):
        options.append(f"nrows={int(data['limit'])}")
    return f"df = pd.read_csv({csv!r}, {', '.join(options)})\ndf.head()"


def row_step_lines(steps: dict[str, Any], target: str) -> list[str]:
    """The row steps, in the order the config lists them (as dlpipe runs them)."""
    lines: list[str] = []
    for name, step in steps.items():
        if step is None or step == [] or step == {}:
            continue
        if name == "clean":
            if step.get("lower_column_names"):
                raise refuse("clean.lower_column_names is not written out yet")
            ops = (".str.strip()" if step.get("strip", True) else "") + (
                ".str.lower()" if step.get("lower") else ""
            )
            if ops:
                lines += [
                    "# clean: every text cell"
                    + (" stripped" if "strip" in ops else "")
                    + (" and lower-cased" if "lower" in ops else ""),
                    'for column in df.select_dtypes(include=["object", "string"]).columns:',
                    "    if pd.api.types.infer_dtype(df[column], skipna=True) in"
                    ' ("string", "mixed", "mixed-integer", "empty"):',
                    f"        df[column] = df[column]{ops}",
                ]
        elif name == "drop":
            lines.append(f"df = df.drop(columns={literal(list(step))})")
        elif name == "dropna":
            subset = step.get("subset")
            lines.append(
                f"df = df.dropna(subset={literal(list(subset))})" if subset else "df = df.dropna()"
            )
        elif name == "replace":
            for column, mapping in step.items():
                lookup = {str(k): v for k, v in mapping.items()}
                lines.append(
                    f"df[{column!r}] = numeric_if_possible(df[{column!r}].map("
                    f"lambda v: {literal(lookup)}.get(str(v), v)))"
                )
    lines.append("df = df[df[TARGET].notna()]  # rows without a target: nothing to learn from")
    return lines


NUMERIC_HELPER = '''def numeric_if_possible(values):
    """A column of numbers as numbers (after a replace step), else as it is."""
    try:
        return pd.to_numeric(values)
    except (ValueError, TypeError):
        return values.astype(object)'''


def split_cell(split: dict[str, Any], stratify: bool) -> str:
    by = "{}[TARGET]" if stratify and split.get("shuffle", True) else None
    shuffle = bool(split.get("shuffle", True))
    train, val, test = (float(split[k]) for k in ("train", "val", "test"))

    def cut(frame: str, share: str) -> str:
        strat = by.format(frame) if by else "None"
        return (
            f"train_test_split({frame}, test_size={share}, random_state=SEED,"
            f" shuffle={shuffle}, stratify={strat})"
        )

    lines = [
        f"rest, test = {cut('df', repr(test))}" if test > 0 else "rest, test = df, df.iloc[0:0]"
    ]
    if val > 0:
        lines.append(f"train, val = {cut('rest', f'{val!r} / ({train!r} + {val!r})')}")
    else:
        lines.append("train, val = rest, rest.iloc[0:0]")
    lines.append('print(f"train {len(train)} / val {len(val)} / test {len(test)} rows")')
    return "\n".join(lines)


def features_cell(prep: Any, imports: set[tuple[str, str]]) -> str:
    from sklearn.base import clone

    columns = [c for c in prep.decided() if c.used and c.use != "text"]
    numbers = [c.name for c in columns if c.use == "number"]
    categories = [c.name for c in columns if c.use in ("onehot", "ordinal")]
    transformer = estimator_code(clone(prep.features), imports)
    return "\n".join(
        [
            f"FEATURES = {literal([c.name for c in columns])}",
            f"NUMBERS = {literal(numbers)}",
            f"CATEGORIES = {literal(categories)}",
            "",
            "",
            "def model_frame(frame):",
            '    """The feature columns as the transforms take them: numbers as floats,',
            '    categories as objects with NaN for a missing value."""',
            "    out = frame[FEATURES].copy()",
            "    for column in NUMBERS:",
            '        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")',
            "    for column in CATEGORIES:",
            "        if not pd.api.types.is_numeric_dtype(out[column]):",
            "            out[column] = pd.Series(out[column].to_numpy(dtype=object, na_value=np.nan), index=out.index)",
            "    return out",
            "",
            "",
            f"features = {transformer}",
            "features.fit(model_frame(train))  # fitted on the training rows only",
            'x_train = np.asarray(features.transform(model_frame(train)), dtype="float32")',
            'x_val = np.asarray(features.transform(model_frame(val)), dtype="float32") if len(val) else None',
            'x_test = np.asarray(features.transform(model_frame(test)), dtype="float32")',
            "print(list(features.get_feature_names_out()))",
        ]
    )


def target_cell(prep: Any) -> str:
    if prep.task == "regression":
        lines = [
            "def encode(frame):",
            '    return np.asarray(pd.to_numeric(frame[TARGET]), dtype="float32")',
        ]
        if (prep.target_mean, prep.target_scale) != (0.0, 1.0):
            lines += [
                "",
                "",
                "# the target standardised on the training rows; the model's last layer maps back",
                'values = pd.to_numeric(train[TARGET]).to_numpy(dtype="float64")',
                "TARGET_MEAN, TARGET_STD = float(values.mean()), float(values.std()) or 1.0",
            ]
    else:
        classes = [c.item() if hasattr(c, "item") else c for c in prep.classes]
        encode = 'np.eye(len(CLASSES), dtype="float32")[codes]' if prep.target_onehot else "codes"
        lines = [
            f"CLASSES = {literal(classes)}  # sorted, as seen in the training rows",
            "",
            "",
            "def encode(frame):",
            '    codes = np.asarray(pd.Categorical(frame[TARGET], categories=CLASSES).codes, dtype="int64")',
            f"    return {encode}",
        ]
    return "\n".join(
        [
            *lines,
            "",
            "",
            "y_train, y_test = encode(train), encode(test)",
            "y_val = encode(val) if len(val) else None",
        ]
    )


def layer_code(entry: dict[str, Any]) -> str:
    kwargs = {k: v for k, v in entry.items() if k != "type"}
    for key, value in kwargs.items():
        if isinstance(value, dict):
            raise refuse(
                f"the layer argument {entry['type']}.{key} is an object, not written out yet"
            )
    args = ", ".join(f"{k}={literal(v)}" for k, v in kwargs.items())
    return f"keras.layers.{entry['type']}({args})"


def model_cell(cfg: dict[str, Any], prep: Any, input_shape: tuple[int, ...]) -> str:
    from dlpipe.model import output_spec
    from dlpipe.model.head import resolve_head

    model = cfg["model"]
    if model.get("blocks") or model.get("head", "auto") != "auto":
        raise refuse("models with blocks or head: none are not written out yet")
    lines = [
        "keras.utils.set_random_seed(SEED)  # Python, NumPy and TensorFlow, from one number",
    ]
    if cfg["trainer"].get("deterministic"):
        lines.append("tf.config.experimental.enable_op_determinism()")
    lines.append(f"inputs = keras.Input(shape={literal(tuple(input_shape))})")
    lines.append("x = inputs")
    for index, entry in enumerate(model.get("layers") or []):
        if "type" not in entry or set(entry) & {"inputs", "block", "application"}:
            raise refuse(
                f"model.layers[{index}] is not a plain layer (a block, a branch or a pretrained base)"
            )
        if entry["type"] == "Input":
            continue
        lines.append(f"x = {layer_code(entry)}(x)")
    spec = output_spec(prep)
    units, activation = resolve_head(spec)
    lines.append(
        f"x = keras.layers.Dense({units}, activation={activation!r})(x)  # the output layer"
    )
    if spec.rescales:
        lines.append(
            "x = keras.layers.Rescaling(TARGET_STD, offset=TARGET_MEAN)(x)  # back to the target's units"
        )
    lines += ["model = keras.Model(inputs, x)", "model.summary()"]
    return "\n".join(lines)


def compile_cell(cfg: dict[str, Any], prep: Any) -> str:
    import inspect

    import keras

    from dlpipe.config import keras_names
    from dlpipe.model import loss_weight, output_spec, resolve_loss, resolve_metrics
    from dlpipe.model.head import SCALE_POWER
    from dlpipe.training.compile import as_floats

    spec = output_spec(prep)
    loss = resolve_loss(cfg["model"].get("loss", "auto"), spec)
    metrics = resolve_metrics(list(cfg["model"].get("metrics") or []), spec)
    options = dict(cfg["optimizer"])
    cls = keras_names.OPTIMIZERS[str(options.pop("name")).lower()]
    options = as_floats(
        options, inspect.signature(getattr(keras.optimizers, cls).__init__).parameters
    )
    args = ", ".join(f"{k}={literal(v)}" for k, v in options.items())
    parts = [
        f"optimizer=keras.optimizers.{cls}({args})",
        f"loss={loss!r}",
        f"metrics={literal(metrics)}",
    ]
    if loss_weight(loss, spec) != 1.0:
        parts.append(f"loss_weights=1.0 / TARGET_STD ** {SCALE_POWER.get(loss, 2)}")
    trainer = cfg["trainer"]
    if int(trainer.get("steps_per_execution", 1)) != 1:
        parts.append(f"steps_per_execution={int(trainer['steps_per_execution'])}")
    jit = str(trainer.get("jit_compile", "auto")).lower()
    if jit in ("true", "false"):
        parts.append(f"jit_compile={jit == 'true'}")
    return "model.compile(\n" + "".join(f"    {p},\n" for p in parts) + ")"


def callbacks_cell(cfg: dict[str, Any], has_validation: bool) -> str:
    callbacks = cfg.get("callbacks") or {}
    lines = ["callbacks = []"]

    def monitor(name: str) -> str:
        return name if has_validation or not name.startswith("val_") else name[4:]

    stop = callbacks.get("early_stopping")
    if stop is not None:
        lines.append(
            "callbacks.append(keras.callbacks.EarlyStopping("
            f"monitor={monitor(stop['monitor'])!r}, patience={int(stop['patience'])},"
            f" min_delta={float(stop['min_delta'])!r}, mode={stop['mode']!r},"
            f" restore_best_weights={bool(stop['restore_best_weights'])}))"
        )
    checkpoint = callbacks.get("checkpoint")
    if checkpoint is not None:
        lines.append(
            'callbacks.append(keras.callbacks.ModelCheckpoint("best.keras",'
            f" monitor={monitor(checkpoint['monitor'])!r},"
            f" save_best_only={bool(checkpoint['save_best_only'])}, mode={checkpoint['mode']!r}))"
        )
    return "\n".join(lines)


def fit_cell(trainer: dict[str, Any], tf_data: bool) -> str:
    epochs, batch = int(trainer["epochs"]), int(trainer["batch_size"])
    shuffle = bool(trainer.get("shuffle", True))
    if tf_data:
        return "\n".join(
            [
                "# the rows as a tf.data pipeline, reshuffled every epoch (faster than arrays)",
                "rows = tf.data.Dataset.from_tensor_slices((x_train, y_train))",
                *(
                    ["rows = rows.shuffle(len(x_train), reshuffle_each_iteration=True)"]
                    if shuffle
                    else []
                ),
                f"train_data = rows.batch({batch}).prefetch(tf.data.AUTOTUNE)",
                "val_data = (",
                f"    tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch({batch}).prefetch(tf.data.AUTOTUNE)",
                "    if x_val is not None else None",
                ")",
                f"history = model.fit(train_data, epochs={epochs}, validation_data=val_data,"
                " shuffle=False, callbacks=callbacks, verbose=2)",
            ]
        )
    split = float(trainer.get("validation_split", 0.0))
    return (
        f"history = model.fit(x_train, y_train, epochs={epochs}, batch_size={batch},"
        " validation_data=(x_val, y_val) if x_val is not None else None,"
        f" validation_split={split!r} if x_val is None else 0.0, shuffle={shuffle},"
        " callbacks=callbacks, verbose=2)"
    )


def evaluate_cell() -> str:
    return "\n".join(
        [
            "results = model.evaluate(x_test, y_test, verbose=0, return_dict=True)",
            'test_metrics = {f"test_{name}": round(float(value), 6) for name, value in sorted(results.items())}',
            "print(json.dumps(test_metrics))",
        ]
    )


def write_notebook(loaded: Any, folder: Path, metrics: dict[str, float] | None = None) -> Path:
    """The run as a plain notebook in ``folder`` (with the embedded table copied beside it)."""
    import numpy as np

    from dlpipe.training.inputs import use_tf_data
    from dlpipe.training.runtime import import_keras

    import_keras()  # (quietly: the optimizer's settings are read off its class)
    prep = loaded.preprocessor
    cfg = resolved(loaded.config)
    data = cfg.get("data") or {}
    if getattr(prep, "kind", "") != "table" or data.get("source") != "csv":
        raise refuse(
            f"it writes table runs (a CSV) for now; this run's data are {getattr(prep, 'kind', '?')}"
        )
    if prep.text_branches():
        raise refuse("text columns read as words are not written out yet")
    if data.get("columns") or not data.get("header", True):
        raise refuse("data.columns and data.header=false are not written out yet")
    csv = copy_table(data, folder)
    target = str(data["target"])
    stratify = prep.task != "regression" and bool(data["split"].get("stratify", True))
    imports: set[tuple[str, str]] = set()
    features = features_cell(prep, imports)
    shape = (len(prep.output_names),)
    trainer = cfg["trainer"]
    has_val = float(data["split"]["val"]) > 0
    settings = SimpleNamespace(  # the recorded trainer, where use_tf_data reads it
        tf_data=trainer.get("tf_data", True), validation_split=trainer.get("validation_split", 0)
    )
    tf_data = use_tf_data(cast(Any, settings), np.zeros((1, 1), "float32"), has_val)
    sklearn_imports = "\n".join(f"from {m} import {n}" for m, n in sorted(imports))
    title = f"# {loaded.source}, by hand: pandas, scikit-learn and Keras"
    recorded = (
        "\n\nThe run recorded: " + ", ".join(f"`{k}` {v:.4f}" for k, v in sorted(metrics.items()))
        if metrics
        else ""
    )
    cells = [
        text_cell(
            f"{title}\n\nWritten by `python -m dlpipe export format=notebook` from what the run"
            " recorded and fitted. Run every cell: on a CPU, with the same seed, it reaches the"
            f" run's test metrics.{recorded}"
        ),
        code_cell(
            "import json\n\nimport keras\nimport numpy as np\nimport pandas as pd\n"
            "import tensorflow as tf\nfrom sklearn.model_selection import train_test_split\n"
            f"{sklearn_imports}\n\nSEED = {int(cfg['seed'])}\nTARGET = {target!r}"
        ),
        text_cell("## The data"),
        code_cell(read_cell(data, csv)),
        text_cell("## Row steps, in the order the experiment lists them"),
        code_cell(
            NUMERIC_HELPER
            + "\n\n\n"
            + "\n".join(row_step_lines(data.get("preprocess") or {}, target))
        ),
        text_cell(
            "## Train, validation and test parts\n\nSeeded"
            + (", stratified by the target" if stratify else "")
            + "; the test part is cut first."
        ),
        code_cell(split_cell(data["split"], stratify)),
        text_cell("## Column transforms, fitted on the training part only"),
        code_cell(features),
        text_cell("## The target"),
        code_cell(target_cell(prep)),
        text_cell("## The model"),
        code_cell(model_cell(cfg, prep, shape)),
        code_cell(compile_cell(cfg, prep)),
        text_cell("## Training"),
        code_cell(callbacks_cell(cfg, has_val or float(trainer.get("validation_split", 0)) > 0)),
        code_cell(fit_cell(trainer, tf_data)),
        text_cell("## Test metrics"),
        code_cell(evaluate_cell()),
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for index, cell in enumerate(cells):  # nbformat 4.5 cells carry an id
        cell["id"] = f"cell-{index}"
    path = folder / NOTEBOOK_FILE
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def copy_table(data: dict[str, Any], folder: Path) -> str:
    """The CSV the notebook reads: the run's file where it is, the embedded one copied."""
    if data.get("path"):  # (training recorded the file it read)
        path = Path(str(data["path"]))
        return str(path.resolve()) if path.exists() else str(path)
    from dlpipe.data.builtin import builtin_csv

    source = builtin_csv(str(data["builtin"]))
    shutil.copyfile(source, folder / source.name)
    return source.name
