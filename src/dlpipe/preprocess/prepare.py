"""The preprocess stage's entry: per data source, read (``dlpipe.data``) → split → fit the
preprocessor on the training part → model-ready arrays or ``tf.data`` streams.

``data.source`` picks the function: csv (tabular), keras (MNIST, Fashion-MNIST, CIFAR-10),
digits (embedded), image_folder, text, series. Each returns a :class:`Prepared`; what the
model must output (and so the loss) follows from its fitted preprocessor, in the model
stage (:func:`dlpipe.model.output_spec`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dlpipe.config.plain import to_dict
from dlpipe.config.schema import Config
from dlpipe.data.memory import check_fits
from dlpipe.errors import ConfigError, DataError

log = logging.getLogger("dlpipe")


@dataclass
class Prepared:
    """Data ready for Keras, and the fitted preprocessing that made them.

    ``x[split]`` is an array (with labels in ``y[split]``), or a batched ``tf.data``
    dataset of ``(inputs, labels)`` (then ``y[split]`` is None and ``shape`` is set).
    ``extra_metrics(model)`` adds source-specific test metrics (e.g. a naive baseline).
    """

    preprocessor: Any
    x: dict[str, Any]
    y: dict[str, Any]
    shape: tuple[int, ...] | None = None
    extra_metrics: Callable[[Any], dict[str, float]] | None = None
    # The raw table as read (before row steps), when the data is a table: MLflow's dataset
    # input and the pyfunc model's input signature come from it.
    raw: Any = None

    @property
    def input_shape(self) -> tuple[int, ...]:
        if self.shape is not None:
            return tuple(self.shape)
        return tuple(self.x["train"].shape[1:])


def prepare(cfg: Config) -> Prepared:
    """The data of ``cfg``, prepared for Keras (dispatch on ``data.source``)."""
    source = str(cfg.data.source)
    if source not in PREPARERS:
        from dlpipe.errors import did_you_mean

        raise ConfigError(
            f"unknown data source {source!r}",
            where="data.source",
            hint=did_you_mean(source, PREPARERS) or f"one of: {', '.join(PREPARERS)}",
        )
    prepared = PREPARERS[source](cfg)
    if prepared.extra_metrics is None and _arrays(prepared.y, "train", "test"):
        task, y = prepared.preprocessor.task, prepared.y
        prepared.extra_metrics = lambda model: naive_metrics(task, y["train"], y["test"])
    if "test" not in prepared.x:  # the run's results are measured on it
        raise DataError(
            f"there is no test part to measure the model on (data.split.test={cfg.data.split.test})",
            where="data.split.test",
            hint="give it a share, e.g. data.split.train=0.6 data.split.val=0.2 "
            "data.split.test=0.2",
        )
    return prepared


def _arrays(parts: dict[str, Any], *names: str) -> bool:
    return all(isinstance(parts.get(n), np.ndarray) for n in names)


def naive_metrics(task: str, y_train: np.ndarray, y_test: np.ndarray) -> dict[str, float]:
    """What a model that learned nothing from the features scores on the test split:
    the training majority class (accuracy), or the training mean (mae, mse)."""
    if task == "regression":
        guess = float(np.mean(y_train))
        errors = np.asarray(y_test, dtype="float64").reshape(-1) - guess
        return {
            "test_naive_mae": float(np.mean(np.abs(errors))),
            "test_naive_mse": float(np.mean(errors**2)),
        }
    train, test = _labels(y_train), _labels(y_test)
    majority = int(np.bincount(train).argmax())
    return {"test_naive_accuracy": float(np.mean(test == majority))}


def _labels(y: np.ndarray) -> np.ndarray:
    """Class numbers from integer labels or one-hot rows."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    return y.reshape(-1).astype("int64")


@dataclass
class Examined:
    """A table read and judged, before anything is fitted: what ``check`` finds too."""

    raw: Any  # as read (MLflow's dataset input and the model's signature come from it)
    frame: Any  # after the row steps, rows without a target dropped
    steps: dict[str, Any]
    target: str
    task: str
    columns: list[Any]  # kinds.Column, one per feature column


def examine_table(cfg: Config) -> Examined:
    """Read the table, run the row steps, drop rows without a target, decide each
    column's kind and find every column that cannot be used (one message for all)."""
    from dlpipe.data import read_table
    from dlpipe.data.columns import own_table_hint
    from dlpipe.data.header import missing_column
    from dlpipe.data.split import check_splittable
    from dlpipe.preprocess import apply_row_steps, infer_task
    from dlpipe.preprocess.kinds import decide_columns, one_error, table_problems

    data = cfg.data
    with own_table_hint(data):
        raw = read_table(data)
        steps = to_dict(data.preprocess, resolve=True)  # in the order the user wrote them
        frame = apply_row_steps(raw, steps)
        target = str(data.target)
        if target not in frame.columns:
            raise missing_column(target, list(frame.columns), "data.target")
        if frame[target].isna().all():
            raise DataError(
                f"the target column {target!r} is empty: all its {len(frame)} values are missing",
                where="data.target",
                hint=f"choose the column to predict (columns: {', '.join(map(str, frame.columns))})",
            )
        unlabelled = int(frame[target].isna().sum())
        if unlabelled:
            log.info(
                "data: %d rows have no %r value: left out (nothing to learn from)",
                unlabelled,
                target,
            )
            frame = frame[frame[target].notna()]
        columns = decide_columns(frame, steps, target)
    problems = table_problems(frame, columns, steps, target)
    if problems:
        raise one_error(problems, steps)
    task = infer_task(frame[target], data.task)
    check_splittable(frame, target, data.split, classify=task != "regression")
    return Examined(raw, frame, steps, target, task, columns)


def prepare_tabular(cfg: Config) -> Prepared:
    """Read, run row steps, decide column kinds, split, fit preprocessing on train,
    transform every split."""
    from dlpipe.data import split_frame
    from dlpipe.preprocess import fit_tabular
    from dlpipe.preprocess.kinds import left_out_hints, printed_table

    data = cfg.data
    table = examine_table(cfg)
    frame, target, task = table.frame, table.target, table.task
    for line in printed_table(table.columns, table.steps):
        log.info("%s", line)
    for line in left_out_hints(table.columns, table.steps):
        log.info("note: %s", line)
    onehot = _onehot(cfg, task)
    splits = split_frame(frame, target, data.split, cfg.seed, classify=task != "regression")
    prep = fit_tabular(
        table.steps,
        splits.train,
        target,
        task,
        onehot,
        table.columns,
        scale_target=data.target_scale == "standard",
        text=to_dict(data.text, resolve=True),
    )
    parts = {"train": splits.train, "val": splits.val, "test": splits.test}
    x = {k: prep.transform(v) for k, v in parts.items() if len(v)}
    y = {k: prep.encode_target(v[target]) for k, v in parts.items() if len(v)}
    log.info(
        "data: %s — %d rows after row steps → train %d / val %d / test %d; %d features; task %s%s",
        data.name,
        len(frame),
        len(splits.train),
        len(splits.val),
        len(splits.test),
        x["train"].shape[1],
        task,
        f" ({prep.n_classes} classes)" if prep.n_classes else "",
    )
    return Prepared(prep, x, y, raw=table.raw)


def _onehot(cfg: Config, task: str) -> bool:
    from dlpipe.preprocess.labels import wants_onehot

    return task == "multiclass" and wants_onehot(cfg.model.loss, cfg.data.target_encoding)


def _limit(n: int, limit: Any) -> int:
    return min(n, int(limit)) if limit else n


# --- images ---------------------------------------------------------------------------


def prepare_keras(cfg: Config) -> Prepared:
    """A Keras data set: its training part → train/val by ``data.split``; its test part → test."""
    from dlpipe.data.keras_datasets import load_keras_dataset
    from dlpipe.data.split import split_indices

    data = cfg.data
    (x_train, y_train, x_test, y_test), kset = load_keras_dataset(data)
    n, n_test = _limit(len(x_train), data.limit), _limit(len(x_test), data.limit)
    x_train, y_train, x_test, y_test = x_train[:n], y_train[:n], x_test[:n_test], y_test[:n_test]
    if data.split.test > 0:
        log.warning("data.split.test is not used: %s brings its own test set", kset.name)
    train, val, _ = split_indices(y_train, data.split, cfg.seed, True, parts=2)
    parts = {
        "train": (x_train[train], y_train[train]),
        "val": (x_train[val], y_train[val]),
        "test": (x_test, y_test),
    }
    return _image_arrays(cfg, parts, list(kset.classes), 1.0 / 255.0)


def prepare_digits(cfg: Config) -> Prepared:
    """scikit-learn's embedded 8×8 digits, split by ``data.split`` (pixels 0..16 → 0..1)."""
    from dlpipe.data.builtin import load_digits
    from dlpipe.data.split import split_indices

    images, labels = load_digits()
    n = _limit(len(images), cfg.data.limit)
    images, labels = images[:n], labels[:n]
    train, val, test = split_indices(labels, cfg.data.split, cfg.seed, True)
    parts = {k: (images[i], labels[i]) for k, i in (("train", train), ("val", val), ("test", test))}
    return _image_arrays(cfg, parts, list(range(10)), 1.0 / 16.0)


def _image_arrays(
    cfg: Config, parts: dict[str, tuple[np.ndarray, np.ndarray]], classes: list, scale: float
) -> Prepared:
    from dlpipe.preprocess.images import fit_images
    from dlpipe.preprocess.labels import task_for

    task = task_for(len(classes))
    prep = fit_images(
        parts["train"][0], classes, task, _onehot(cfg, task), cfg.data.image.rescale, scale
    )
    x = {k: prep.transform(v[0]) for k, v in parts.items() if len(v[0])}
    y = {k: prep.encode_target(v[1]) for k, v in parts.items() if len(v[0])}
    log.info(
        "data: %s — images %s, %d classes → train %d / val %d / test %d (pixels × %.4g)",
        cfg.data.name,
        prep.input_shape,
        prep.n_classes,
        *(len(x.get(k, ())) for k in ("train", "val", "test")),
        prep.scale,
    )
    return Prepared(prep, x, y)


def prepare_image_folder(cfg: Config) -> Prepared:
    """An image folder, streamed in batches through tf.data (scaled, cached if asked, prefetched)."""
    from dlpipe.data.image_folder import class_folders, load_image_folder, split_roots
    from dlpipe.data.streams import autotune_on, prefetched
    from dlpipe.preprocess.images import ImagePreprocessor
    from dlpipe.preprocess.labels import task_for

    data = cfg.data
    if not data.path:
        raise DataError("no folder to read", where="data.path", hint="data.path=<folder>")
    path = Path(str(data.path))
    classes = class_folders(split_roots(path).get("train", path))
    task = task_for(len(classes))
    onehot = _onehot(cfg, task)
    label_mode = "binary" if task == "binary" else "categorical" if onehot else "int"
    if data.image.size:
        height, width = (int(v) for v in data.image.size)
        batch = int(cfg.trainer.batch_size)
        check_fits(  # a few float32 batches in flight (decoded, scaled, prefetched)
            batch * height * width * 4 * 4 * 4,
            f"batches of {batch} images of {height}×{width}",
            "data.image.size",
            hint="a smaller size (e.g. data.image.size=[128,128]) or trainer.batch_size",
            error=DataError,
        )
    folder = load_image_folder(data, label_mode, int(cfg.trainer.batch_size), int(cfg.seed))
    import tensorflow as tf  # (once the folder is known to hold images)

    rescale = data.image.rescale
    prep = ImagePreprocessor(
        input_shape=folder.image_shape,
        scale=float(1.0 / 255.0 if rescale is None else rescale),
        classes=folder.classes,
        task=task,
        target_onehot=onehot,
    )
    scale = np.float32(prep.scale)
    autotune = autotune_on(cfg.trainer)
    streams = {}
    for name, ds in folder.datasets.items():
        ds = ds.map(lambda x, y: (x * scale, y), num_parallel_calls=tf.data.AUTOTUNE)
        streams[name] = prefetched(ds.cache() if data.image.cache else ds, autotune)
    log.info(
        "data: %s — image folder %s, %d classes (%s), images %s → %s (streamed in batches)",
        data.name,
        path,
        len(classes),
        ", ".join(classes[:10]),
        folder.image_shape,
        " / ".join(f"{k} {v}" for k, v in folder.counts.items()),
    )
    return Prepared(prep, streams, dict.fromkeys(streams), shape=tuple(folder.image_shape))


# --- text -----------------------------------------------------------------------------


def prepare_text(cfg: Config) -> Prepared:
    """Labelled sentences → integer sequences; the vocabulary is learned on train only."""
    from dlpipe.data.split import split_indices
    from dlpipe.data.text import read_sentences
    from dlpipe.preprocess import infer_task
    from dlpipe.preprocess.text import fit_text

    data = cfg.data
    frame = read_sentences(data)
    column, labels = str(data.text.column), frame[data.target]
    task = infer_task(labels, data.task)
    if task == "regression":
        raise DataError(
            f"the label column {data.target!r} looks continuous; text runs classify",
            where="data.task",
            hint="set data.task=binary or multiclass",
        )
    train, val, test = split_indices(labels, data.split, cfg.seed, True)
    prep = fit_text(
        to_dict(data.text, resolve=True),
        frame[column].iloc[train].tolist(),
        labels.iloc[train].tolist(),
        task,
        _onehot(cfg, task),
    )
    _check_embedding(cfg.model, prep.vocabulary_size)
    length = int(data.text.length)
    check_fits(
        len(frame) * length * 4 * 2,  # the int32 sequences, and TensorFlow's copy of them
        f"{len(frame):,} sentences padded to {length:,} tokens",
        "data.text.length",
        hint="a length most sentences fit in, e.g. data.text.length=50 (longer ones are cut)",
        error=DataError,
    )
    splits = {"train": train, "val": val, "test": test}
    x = {k: prep.transform(frame[column].iloc[i]) for k, i in splits.items() if len(i)}
    y = {k: prep.encode_target(labels.iloc[i].tolist()) for k, i in splits.items() if len(i)}
    log.info(
        "data: %s — %d sentences → train %d / val %d / test %d; vocabulary %d words "
        "(learned on train), sequences of %d, %s-padded",
        data.name,
        len(frame),
        len(train),
        len(val),
        len(test),
        prep.vocabulary_size,
        prep.length,
        prep.padding,
    )
    return Prepared(prep, x, y)


def _check_embedding(model: Any, vocabulary_size: int) -> None:
    """An Embedding smaller than the vocabulary would fail mid-training; say so now."""
    for index, layer in enumerate(model.layers):
        if layer.get("type") == "Embedding" and int(layer.get("input_dim", 0)) < vocabulary_size:
            raise ConfigError(
                f"input_dim={layer.get('input_dim')} is smaller than the vocabulary "
                f"({vocabulary_size} indices, counting 0 = padding and 1 = unknown)",
                where=f"model.layers[{index}] (Embedding)",
                hint="use input_dim: ${data.text.max_tokens}, or lower data.text.max_tokens",
            )


# --- time series ----------------------------------------------------------------------


def prepare_series(cfg: Config) -> Prepared:
    """Chronological split, scalers fitted on the training part, windows streamed by tf.data."""
    from dlpipe.data.series import read_series
    from dlpipe.data.split import chronological
    from dlpipe.preprocess.series import LONGEST_DERIVED_WINDOW, fit_series

    data = cfg.data
    frame = read_series(data)
    cuts = chronological(len(frame), data.split)
    parts = {k: range(len(frame))[s] for k, s in zip(("train", "val", "test"), cuts, strict=True)}
    settings = to_dict(data.series, resolve=True)
    prep = fit_series(settings, frame.iloc[cuts[0]], str(data.target))
    streams, ends = {}, {}
    for name, rows in parts.items():
        # training windows stay inside the training part; the others may look back
        part_ends = prep.ends(rows.stop if name == "train" else len(frame), True, rows)
        if len(part_ends) == 0:
            if name in ("train", "test"):
                raise too_short_for_windows(name, len(rows), prep)
            if len(rows):
                log.warning("data: the %s part is shorter than one window; not used", name)
            continue
        ends[name] = part_ends
        streams[name] = _windows(prep, frame, part_ends, cfg, shuffle=name == "train")
    log.info(
        "data: %s — %d rows in time order → windows of %d × %d features%s, horizon %d, "
        "stride %d, %s: %s",
        data.name,
        len(frame),
        prep.window,
        len(prep.features),
        ""
        if settings.get("window")
        else f" (derived: a fifth of {len(parts['train'])} training rows, at most {LONGEST_DERIVED_WINDOW})",
        prep.horizon,
        prep.stride,
        {"none": "values", "first": "changes from the step before"}.get(
            prep.difference, f"changes from {prep.season} steps before"
        ),
        " / ".join(f"{k} {len(v)}" for k, v in ends.items()),
    )
    report = None
    if "test" in streams:
        test_ends, test_stream = ends["test"], streams["test"]
        report = lambda model: series_report(model, prep, frame, test_ends, test_stream)  # noqa: E731
    return Prepared(
        prep,
        streams,
        dict.fromkeys(streams),
        shape=(prep.window, len(prep.features)),
        extra_metrics=report,
    )


def too_short_for_windows(part: str, rows: int, prep: Any) -> DataError:
    """The training or test part holds no window: name what to change."""
    needs = prep.window + prep.input_lag + prep.horizon
    if part == "test":
        return DataError(
            f"the test part has {rows} rows: too few for one prediction {prep.horizon} "
            "step(s) ahead",
            where="data.split.test",
            hint="use more rows or a larger data.split.test",
        )
    return DataError(
        f"the training part has {rows} rows: too few for one window of {prep.window}"
        + (f" after a difference of {prep.input_lag}" if prep.input_lag else "")
        + f" + horizon {prep.horizon} ({needs} rows)",
        where="data.series.window",
        hint="use more rows, a shorter window (data.series.window), or a larger data.split.train",
    )


def _windows(prep: Any, frame: Any, ends: Any, cfg: Config, shuffle: bool) -> Any:
    """Keras' ``timeseries_dataset_from_array``: windows are cut lazily, batch by batch."""
    import keras

    from dlpipe.data.streams import autotune_on, prefetched

    first = int(ends[0]) - prep.window + 1
    ds = keras.utils.timeseries_dataset_from_array(
        prep.scaled_features(frame)[first : int(ends[-1]) + 1],
        prep.scaled_targets(frame, ends),
        sequence_length=prep.window,
        sequence_stride=prep.stride,
        batch_size=int(cfg.trainer.batch_size),
        shuffle=shuffle and bool(cfg.data.split.shuffle),
        seed=int(cfg.seed),
    )
    return prefetched(ds, autotune_on(cfg.trainer))


def series_report(model: Any, prep: Any, frame: Any, ends: Any, stream: Any) -> dict[str, float]:
    """Test error in the target's own units, and the naive last-value forecast's."""
    predicted = np.asarray(model.predict(stream, verbose=0)).reshape(-1)
    levels = frame[prep.target].to_numpy(dtype="float64")
    truth, naive = prep.scaled_targets(frame, ends), prep.naive(frame, ends)
    anchors = prep.anchors(levels, ends)
    truth_units, naive_units = levels[ends + prep.horizon], levels[ends]
    return {
        "test_naive_mae": float(np.mean(np.abs(naive - truth))),
        "test_mae_original": float(np.mean(np.abs(prep.decode(predicted, anchors) - truth_units))),
        "test_naive_mae_original": float(np.mean(np.abs(naive_units - truth_units))),
    }


PREPARERS: dict[str, Callable[[Config], Prepared]] = {
    "csv": prepare_tabular,
    "keras": prepare_keras,
    "digits": prepare_digits,
    "image_folder": prepare_image_folder,
    "text": prepare_text,
    "series": prepare_series,
}
