"""The error catalogue: every user mistake gets one clear message, exit 2, no traceback.

Each case runs the real CLI. Most mistakes are caught before TensorFlow is imported
(config, overrides, data); a few only show when the model is built or trained. Any
MLflow run a mistake opened must end FAILED, with the message as its `dlpipe.error` tag.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import CliResult, penguin_like_frame
from datafiles import write_png_header, write_sentences
from dlpipe.korean import has_korean, translated
from dlpipe.preprocess.images import ImagePreprocessor
from dlpipe.preprocess.persist import save_preprocessor

# Placeholders in the arguments, replaced by files of the `mistakes` folder.
GOOD, DIR = "{good}", "{dir}"
RUN_ID = "0123456789abcdef0123456789abcdef"

# (id, CLI arguments, words the message must contain: what/where/how)
CATALOGUE: list[tuple[str, list[str], list[str]]] = [
    # --- config keys and overrides (no TensorFlow) ---
    ("misspelt-key", ["trainer.epoch=3"], ["trainer.epoch", "epochs"]),
    ("misspelt-added-key", ["+callbacks.early_stopping.patiance=3"], ["patiance", "'patience'"]),
    ("wrong-type", ["trainer.epochs=ten"], ["trainer.epochs", "Integer"]),
    ("not-positive", ["trainer.epochs=0"], ["trainer.epochs", ">= 1"]),
    ("unknown-group-option", ["model=dens"], ["model=dens", "'dense'"]),
    ("override-syntax", ["trainer.epochs=[1,"], ["trainer.epochs", "key=value"]),
    ("unquoted-korean", ["data.target=생존"], ["data.target=생존", "'data.target=\"생존\"'"]),
    ("required-value-missing", ["data=titanic"], ["data.path", "data.path=<value>"]),
    ("unknown-optimizer", ["optimizer.name=adamm"], ["optimizer.name", "'adam'"]),
    ("keras2-lr", ["+optimizer.lr=0.1"], ["optimizer.lr", "learning_rate"]),
    (
        "optimizer-arg-typo",
        ["optimizer=sgd", "+optimizer.momentom=0.9"],
        ["optimizer.momentom", "'momentum'"],
    ),
    ("config-dir-missing", ["--config-dir", "{dir}/nope"], ["--config-dir", "no such folder"]),
    (
        "config-dir-with-primary",
        ["check", "--config-dir", "{dir}/with_primary"],
        ["config.yaml", "experiment/<name>.yaml"],
    ),
    ("config-dir-with-hydra", ["--config-dir={dir}/with_hydra"], ["hydra", "remove the folder"]),
    ("split-not-summing-to-1", ["data.split.train=0.9"], ["data.split", "sum to 1"]),
    ("unknown-task", ["data.task=classify"], ["data.task", "multiclass"]),
    (
        "unknown-scaler",
        ["data.preprocess.scale.method=maxmin"],
        ["data.preprocess.scale.method", "minmax"],
    ),
    ("unknown-layer", ["model.layers=[{type:Dence,units:4}]"], ["model.layers[0]", "'Dense'"]),
    ("lambda-layer", ["model.layers=[{type:Lambda}]"], ["model.layers[0]", "arbitrary code"]),
    ("layer-without-type", ["model.layers=[{units:4}]"], ["model.layers[0]", "type: Dense"]),
    (
        "keras2-input-shape",
        ["model.layers=[{type:Dense,units:4,input_shape:[8]}]"],
        ["input_shape", "from the data"],
    ),
    ("unknown-loss", ["model.loss=crossentropy"], ["model.loss", "categorical_crossentropy"]),
    (
        "target-instantiation",
        ["+optimizer._target_=os.system"],
        ["optimizer._target_", "cannot import"],
    ),
    (
        "hydra-callback",
        ["+hydra.callbacks.a._target_=pathlib.Path.touch", "+hydra.callbacks.a._args_=[x]"],
        ["hydra.callbacks.a._target_", "hydra.run.dir"],
    ),
    ("hydra-env", ["+hydra.job.env_set.LD_PRELOAD=x.so"], ["hydra.job.env_set", "not settable"]),
    (
        "env-resolver",
        ["tracking.run_name=${oc.env:HOME}"],
        ["tracking.run_name", "environment variables"],
    ),
    ("sweep-without-m", ["trainer.epochs=1,2"], ["trainer.epochs=1,2", "-m"]),
    ("sweep-bad-value", ["-m", "trainer.epochs=1,x"], ["trainer.epochs", "Integer"]),
    ("sweep-unknown-option", ["-m", "optimizer=adam,adamm"], ["optimizer=adamm", "'adam'"]),
    ("sweep-too-large", ["-m", "seed=range(0,100000)"], ["100,000 jobs", "sweep_limit=100000"]),
    (
        "sweep-product-too-large",
        ["-m", "seed=range(0,50)", "trainer.batch_size=8,16,32,64", "trainer.epochs=1,2,3,4,5,6"],
        ["1,200 jobs", "50 (seed) × 4 (trainer.batch_size) × 6 (trainer.epochs)"],
    ),
    ("sweep-range-of-a-trillion", ["-m", "seed=range(0,1000000000000)"], ["1,000,000,000,000"]),
    ("sweep-limit-zero", ["sweep_limit=0"], ["sweep_limit", ">= 1"]),
    ("sweep-range-step-zero", ["-m", "seed=range(0,10,0)"], ["seed", "step of 0"]),
    (
        "search-without-trials",
        ["hparams_search=dense_optuna", "hydra.sweeper.n_trials=0"],
        ["hydra.sweeper.n_trials", ">= 1"],
    ),
    (
        "unknown-sweep-definition",
        ["hparams_search=nope"],
        ["hparams_search=nope", "conf/hparams_search"],
    ),
    (
        "check-verb-bad-column",
        ["check", f"data.path={GOOD}", "data.target=specie"],
        ["data.target", "'species'"],
    ),
    # --- ranges, references and names (no TensorFlow) ---
    ("seed-negative", ["seed=-1"], ["seed", ">= 0"]),
    ("seed-not-whole", ["seed=1.5"], ["seed", "Integer"]),
    ("epochs-infinite", ["trainer.epochs=1e400"], ["trainer.epochs", "Integer"]),
    ("batch-not-whole", ["trainer.batch_size=1.5"], ["trainer.batch_size", "Integer"]),
    ("batch-beyond-int32", ["trainer.batch_size=99999999999"], ["trainer.batch_size", "<= "]),
    ("limit-negative", ["data.limit=-5"], ["data.limit", ">= 1"]),
    ("limit-zero", ["data.limit=0"], ["data.limit", ">= 1"]),
    ("window-zero", ["data=series", "data.series.window=0"], ["data.series.window", ">= 1"]),
    (
        "seasonal-difference-without-season",
        ["data=series", "data.series.difference=seasonal"],
        ["data.series.season", "season=12"],
    ),
    (
        "season-shorter-than-horizon",
        [
            "data=sine",
            "data.series.difference=seasonal",
            "data.series.season=4",
            "data.series.horizon=6",
        ],
        ["data.series.season", "horizon 6"],
    ),
    (
        "difference-unknown",
        ["data=sine", "data.series.difference=log"],
        ["data.series.difference", "first"],
    ),
    (
        "patience-negative",
        ["callbacks.early_stopping.patience=-1"],
        ["callbacks.early_stopping.patience", ">= 0"],
    ),
    ("lr-negative", ["optimizer.learning_rate=-0.1"], ["optimizer.learning_rate", "positive"]),
    ("lr-zero", ["optimizer.learning_rate=0"], ["optimizer.learning_rate", "positive"]),
    ("lr-text", ["optimizer.learning_rate=fast"], ["optimizer.learning_rate", "positive"]),
    ("lr-nan", ["optimizer.learning_rate=nan"], ["optimizer.learning_rate", "positive"]),
    ("clipnorm-negative", ["+optimizer.clipnorm=-1"], ["optimizer.clipnorm", ">= 0"]),
    ("momentum-negative", ["optimizer=sgd", "optimizer.momentum=-0.5"], ["optimizer.momentum"]),
    ("sep-empty", ["data.sep=''"], ["data.sep", "one character"]),
    ("sep-regex", ["data.sep='\\s+'"], ["data.sep", "one character"]),
    ("encoding-unknown", ["data.encoding=utf8x"], ["data.encoding", "'utf-8'"]),
    ("experiment-empty", ["tracking.experiment=''"], ["tracking.experiment", "a name"]),
    ("reference-missing", ["trainer.epochs=${nope}"], ["trainer.epochs", "${nope}"]),
    ("reference-loop", ["trainer.epochs=${trainer.epochs}"], ["trainer.epochs", "loop"]),
    (
        "reference-in-a-layer",
        ["model.layers=[{type:Dense,units:'${nope.x}'}]"],
        ["model.layers[0].units", "${nope.x}"],
    ),
    ("layers-not-a-list", ["model.layers=3"], ["model.layers", "a list", "type:Dense"]),
    ("step-not-a-list", ["data.preprocess.onehot=3"], ["data.preprocess.onehot", "[a,b]"]),
    ("resolver-decode", ["tracking.run_name=${oc.decode:'[1]'}"], ["oc.decode", "not allowed"]),
    ("new-top-level-key", ["+foo=1"], ["foo", "valid keys"]),
    ("head-unknown", ["model.head=bogus"], ["model.head", "'auto'"]),
    (
        "initializer-unknown",
        ["model.layers=[{type:Dense,units:4,kernel_initializer:nope}]"],
        ["kernel_initializer", "glorot_uniform"],
    ),
    ("unknown-debug-preset", ["debug=nope"], ["debug=nope", "fast"]),
    ("unknown-data-config", ["data=nope"], ["data=nope", "penguins"]),
    ("unknown-experiment", ["experiment=nope"], ["experiment=nope", "conf/experiment"]),
    ("metric-unknown", ["model.metrics=[accurracy]"], ["model.metrics[0]", "'accuracy'"]),
    (
        "monitor-unknown",
        ["callbacks.early_stopping.monitor=val_acc"],
        ["callbacks.early_stopping.monitor", "'val_accuracy'"],
    ),
    (
        "monitor-of-a-metric-not-listed",
        ["callbacks.checkpoint.monitor=val_auc"],
        ["callbacks.checkpoint.monitor", "model.metrics"],
    ),
    ("key-not-in-this-config", ["data=digits", "data.image.size=[16,16]"], ["+data.image.size"]),
    ("check-with-unknown-option", ["check", "--nope"], ["check", "'--nope'"]),
    ("augment-negative", ["data=digits", "data.augment.rotation=-1"], ["data.augment.rotation"]),
    ("verbose-unknown", ["trainer.verbose=loud"], ["trainer.verbose", "auto, 0, 1, 2"]),
    ("jit-unknown", ["trainer.jit_compile=maybe"], ["trainer.jit_compile", "true"]),
    ("objective-unknown", ["-m", "seed=1,2", "objective=val_acc"], ["objective", "'val_accuracy'"]),
    (
        "replace-not-a-mapping-at-all",
        ["data.preprocess.replace=3"],
        ["data.preprocess.replace", "sex="],
    ),
    ("input-shape-negative", ["data=mnist", "data.input_shape=[-1,28]"], ["data.input_shape"]),
    ("one-class-declared", ["data=mnist", "data.num_classes=1"], ["data.num_classes", ">= 2"]),
    ("validation-split-above-1", ["trainer.validation_split=1.5"], ["[0, 1)"]),
    ("bool-not-a-bool", ["trainer.deterministic=perhaps"], ["trainer.deterministic", "true or"]),
    ("target-encoding-unknown", ["data.target_encoding=hot"], ["'onehot'"]),
    ("flip-unknown", ["data=digits", "data.augment.flip=sideways"], ["data.augment.flip"]),
    ("colour-mode-unknown", ["data=image_folder", "data.image.color_mode=cmyk"], ["rgb"]),
    (
        "layer-name-twice",
        ["model.layers=[{type:Dense,units:4,name:a},{type:Dense,units:4,name:a}]"],
        ["used twice"],
    ),
    (
        "layer-input-unknown",
        ["model.layers=[{type:Dense,units:4,name:a},{type:Concatenate,inputs:[a,b]}]"],
        ["unknown input 'b'"],
    ),
    (
        "regularizer-unknown",
        ["model.layers=[{type:Dense,units:4,kernel_regularizer:{l3:0.1}}]"],
        ["'l3'", "l2"],
    ),
    (
        "constraint-unknown",
        ["model.layers=[{type:Dense,units:4,kernel_constraint:nope}]"],
        ["max_norm"],
    ),
    (
        "block-unknown",
        ["model=cnn_blocks", "model.layers=[{block:nope}]"],
        ["unknown block 'nope'"],
    ),
    ("application-unknown", ["model.layers=[{application:ResNet51}]"], ["'ResNet50'"]),
    ("keras-dataset-unknown", ["data=mnist", "data.builtin=mnst"], ["data.builtin", "'mnist'"]),
    ("keras-dataset-path-missing", ["data=fashion_mnist", "data.path={dir}/nope"], [".npz"]),
    ("image-folder-is-a-file", ["data=image_folder", f"data.path={GOOD}"], ["not a folder"]),
    ("image-folder-missing", ["data=image_folder", "data.path={dir}/nope"], ["does not exist"]),
    ("series-target-missing", ["data=series", f"data.path={GOOD}"], ["data.target", "'value'"]),
    (
        "series-time-column-missing",
        [
            "data=series",
            f"data.path={GOOD}",
            "data.target=body_mass_g",
            "data.series.time_column=nope",
        ],
        ["data.series.time_column"],
    ),
    (
        "text-glob-matches-nothing",
        ["data=sentiment", "data.path={dir}/*.nope"],
        ["no file matches"],
    ),
    (
        "text-column-missing",
        ["data=sentiment", "data.path={dir}/sentences.txt", "data.text.column=nope"],
        ["data.text.column", "text, label"],
    ),
    (
        "target-also-a-feature-step",
        [f"data.path={GOOD}", "data.preprocess.onehot=[species]"],
        ["is the target", "remove it"],
    ),
    (
        "target-dropped",
        [f"data.path={GOOD}", "data.preprocess.drop=[species]"],
        ["data.target", "'species'"],
    ),
    (
        "columns-list-names-a-missing-one",
        [f"data.path={GOOD}", "data.columns=[species,nope]"],
        ["data.columns", "'nope'"],
    ),
    ("reproduce-two-run-ids", ["reproduce", "a", "b"], ["exactly one run id"]),
    # --- predict and compare (no TensorFlow) ---
    ("predict-without-input", ["predict", "run={dir}"], ["input", "input=new.csv"]),
    (
        "predict-misspelt-argument",
        ["predict", "run={dir}", "input=x.csv", "outptu=y.csv"],
        ["'outptu=y.csv'", "output=..."],
    ),
    (
        "predict-overwrite-not-a-bool",
        ["predict", "run={dir}", f"input={GOOD}", "overwrite=yes"],
        ["overwrite", "true or false"],
    ),
    (
        "predict-output-is-a-folder",
        ["predict", "run={dir}", f"input={GOOD}", "output={dir}"],
        ["output", "is a folder"],
    ),
    (
        "predict-output-is-the-input",
        ["predict", "run={dir}", f"input={GOOD}", f"output={GOOD}"],
        ["output", "is the input"],
    ),
    (
        "predict-run-without-a-model",
        ["predict", "run={dir}", f"input={GOOD}"],
        ["run", "model.keras"],
    ),
    ("compare-misspelt-argument", ["compare", "metrik=x"], ["'metrik=x'", "metric=..."]),
    ("group-set-to-null", ["model=null"], ["model=null", "dense"]),
    ("group-option-out-of-conf", ["data=../../../../tmp/x"], ["not a name of conf/data/"]),
    ("optional-group-set-to-null", ["experiment=null"], ["experiment=null", "leave"]),
    ("reference-of-the-wrong-type", ["model.metrics=${seed}"], ["model.metrics", "gives 42"]),
    ("reference-as-a-loss-name", ["model.loss=${seed}"], ["model.loss", "unknown loss 42"]),
    ("verb-misspelt", ["trian"], ["'trian'", "'train'"]),
    ("split-fraction-above-1", ["data.split.train=1.5"], ["data.split", "sum to 1"]),
    (
        "checkpoint-named-like-the-model",
        ["callbacks.checkpoint.filename=model.keras"],
        ["callbacks.checkpoint.filename", "final model"],
    ),
    ("verb-misspelt-after-train", ["train", "sumary"], ["'sumary'", "'summary'"]),
    ("summary-explain-not-a-switch", ["summary", "explain=yes"], ["explain", "true or false"]),
    ("export-unknown-format", ["export", "run=x", "format=pmml"], ["format", "'pmml'", "onnx"]),
    ("export-without-format", ["export", "run=x"], ["format", "required", "format=savedmodel"]),
    # --- the CSV and its content (no TensorFlow) ---
    ("missing-file", ["data.path={dir}/nope.csv"], ["data.path", "does not exist"]),
    ("folder-not-file", ["data.path={dir}/folder"], ["data.path", "is a folder"]),
    ("empty-file", ["data.path={dir}/empty.csv"], ["data.path", "is empty"]),
    ("header-only", ["data.path={dir}/header_only.csv"], ["data.path", "no rows"]),
    ("wrong-separator", ["data.path={dir}/semicolon.csv"], ["data.sep", "data.sep=';'"]),
    ("wrong-encoding", ["data.path={dir}/latin1.csv"], ["data.encoding", "latin-1"]),
    ("unknown-builtin", ["data.builtin=penguinz"], ["data.builtin", "'palmerpenguins'"]),
    (
        "missing-target-column",
        [f"data.path={GOOD}", "data.target=specie"],
        ["data.target", "'species'"],
    ),
    (
        "unknown-drop-column",
        [f"data.path={GOOD}", "data.preprocess.drop=[yeer]"],
        ["data.preprocess.drop", "'year'"],
    ),
    (
        "replace-not-a-mapping",
        [f"data.path={GOOD}", "data.preprocess.replace.sex=1"],
        ["data.preprocess.replace.sex", "male: 1"],
    ),
    (
        "text-left-after-preprocessing",
        [f"data.path={GOOD}", "data.preprocess.onehot=[]", "data.preprocess.infer=false"],
        ["'island'", "onehot"],
    ),
    (
        "missing-values-in-features",
        [f"data.path={GOOD}", "data.preprocess.dropna=null", "data.preprocess.impute=null"],
        ["data.preprocess", "dropna"],
    ),
    (
        "every-column-problem-at-once",
        ["check", "data.path={dir}/three_problems.csv"],
        [
            "3 columns cannot be used as they are",
            "'island' holds a NUL",
            "'bill_length_mm' holds numbers and 1 cell(s) of text: 'n/a?'",
            "'body_mass_g' holds 1 infinite value(s)",
            "data.preprocess.drop=[year,body_mass_g]",
        ],
    ),
    (
        "nothing-left-to-learn-from",
        ["data=csv", "data.path={dir}/only_names.csv", "data.target=y"],
        ["no column is left to learn from", "'who' (id", "data.preprocess.onehot=[who]"],
    ),
    (
        "column-kind-misspelt",
        ["check", "+data.preprocess.kinds.island=categry"],
        ["data.preprocess.kinds.island", "did you mean 'category'"],
    ),
    (
        "column-kind-for-a-missing-column",
        ["check", f"data.path={GOOD}", "+data.preprocess.kinds.iland=number"],
        ["data.preprocess.kinds.iland", "did you mean 'island'"],
    ),
    (
        "impute-strategy-misspelt",
        ["check", "data.preprocess.impute.number=medain"],
        ["data.preprocess.impute.number", "did you mean 'median'"],
    ),
    ("single-class-target", ["data.path={dir}/one_class.csv"], ["data.target", "at least 2"]),
    ("too-few-rows", [f"data.path={GOOD}", "data.limit=3"], ["data.split", "data.limit"]),
    (
        "class-too-rare-to-stratify",
        [f"data.path={GOOD}", "data.limit=10"],
        ["data.split.stratify", "stratify=false"],
    ),
    (
        "binary-task-with-3-classes",
        [f"data.path={GOOD}", "data.task=binary"],
        ["data.task", "multiclass"],
    ),
    (
        "no-test-split",
        [f"data.path={GOOD}", "data.split.train=0.8", "data.split.val=0.2", "data.split.test=0"],
        ["data.split.test", "data.split.test=0.2"],
    ),
    ("infinite-value", ["data.path={dir}/infinite.csv"], ["'bill_length_mm'", "infinite"]),
    (
        "column-named-twice",
        ["data=csv", "data.path={dir}/twice.csv", "data.target=species"],
        ["data.path", "'a'", "own name"],
    ),
    (
        "target-column-empty",
        ["data=csv", "data.path={dir}/empty_column.csv", "data.target=empty"],
        ["data.target", "all its 90 values are missing"],
    ),
    ("data-is-a-device", ["data.path=/dev/zero"], ["data.path", "not a regular file"]),
    ("data-is-a-pipe", ["data.path={dir}/pipe.csv"], ["data.path", "not a regular file"]),
    ("data-is-a-web-address", ["data.path=http://example.com/x.csv"], ["data.path", "curl"]),
    (
        "text-data-is-a-device",
        ["data=sentiment", "data.path=/dev/zero"],
        ["data.path", "not a regular file"],
    ),
    (
        "text-length-past-memory",
        ["data=sentiment", "data.path={dir}/sentences.txt", "data.text.length=1000000000"],
        ["data.text.length", "memory available"],
    ),
    # --- the tracking store (no TensorFlow) ---
    (
        "postgres-without-driver",
        [f"data.path={GOOD}", "tracking.uri=postgresql://u@localhost/db"],
        ["tracking.uri", "pip install"],
    ),
    (
        "mysql-without-driver",
        [f"data.path={GOOD}", "tracking.uri=mysql://u@localhost/db"],
        ["tracking.uri", "mysqlclient"],
    ),
    ("unknown-uri-scheme", [f"data.path={GOOD}", "tracking.uri=garbage://x"], ["garbage://"]),
    # --- loss vs labels (known from the data, still no TensorFlow) ---
    (
        "regression-loss-on-classes",
        [f"data.path={GOOD}", "model.loss=mse"],
        ["model.loss", "loss: auto"],
    ),
    (
        "binary-loss-on-3-classes",
        [f"data.path={GOOD}", "model.loss=binary_crossentropy"],
        ["model.loss", "sparse_categorical"],
    ),
    (
        "sparse-loss-on-onehot",
        [
            f"data.path={GOOD}",
            "model.loss=sparse_categorical_crossentropy",
            "data.target_encoding=onehot",
        ],
        ["model.loss", "one-hot"],
    ),
    (
        "checkpoint-outside-run",
        ["callbacks.checkpoint.filename=../../elsewhere.keras"],
        ["callbacks.checkpoint.filename", "plain file name"],
    ),
    (
        "study-outside-working-folder",
        ["hparams_search=dense_optuna", "hydra.sweeper.storage=sqlite:///../studies.db"],
        ["hydra.sweeper.storage", "outside the working folder"],
    ),
    (
        "store-in-another-database",
        [f"data.path={GOOD}", f"tracking.uri=sqlite:///{DIR}/app.db"],
        ["tracking.uri", "not an MLflow store"],
    ),
    # --- model building (TensorFlow) ---
    (
        "conv2d-on-tabular-rows",
        [f"data.path={GOOD}", "model.layers=[{type:Conv2D,filters:4,kernel_size:3}]"],
        ["model.layers[0] (Conv2D)", "images"],
    ),
    (
        "output-units-vs-classes",
        [
            f"data.path={GOOD}",
            "model.head=none",
            "model.layers=[{type:Dense,units:2,activation:softmax}]",
        ],
        ["model.layers[0] (Dense)", "units: 3"],
    ),
    (
        "recurrent-layer-on-images",
        ["summary", "data=mnist", "model.layers=[{type:LSTM,units:4}]"],
        ["model.layers[0] (LSTM)", "sequences"],
    ),
    # --- during training: the MLflow run is open and must end FAILED ---
    (
        "loss-diverges",
        [
            f"data.path={GOOD}",
            "data.target=body_mass_g",
            "data.preprocess.drop=[year,species]",
            "optimizer=sgd",
            "optimizer.learning_rate=1e12",
            "trainer.epochs=3",
            "callbacks=none",
        ],
        ["optimizer.learning_rate", "lower the learning rate"],
    ),
    ("compare-limit-text", ["compare", "limit=ten"], ["limit", "whole number >= 1"]),
    ("compare-limit-negative", ["compare", "limit=-3"], ["limit", "'-3'", "limit=10"]),
    (
        "empty-feature-column-under-dropna",
        ["data.path={dir}/empty_column.csv"],
        ["column 'empty' has no values at all", "data.preprocess.drop=[year,empty]"],
    ),
    ("csv-binary-bytes", ["check", "data.path={dir}/random.csv"], ["binary data", "CSV"]),
    ("csv-utf16", ["check", "data.path={dir}/utf16.csv"], ["UTF-16", "data.encoding=utf-16"]),
    ("csv-cp949", ["check", "data.path={dir}/cp949.csv"], ["data.encoding=cp949"]),
    ("csv-nul-in-text", ["data.path={dir}/nul.csv"], ["'island' holds a NUL", "data row 4"]),
    (
        "csv-text-among-numbers",
        ["data.path={dir}/text_in_numbers.csv"],
        ["'bill_length_mm' holds numbers and 1 cell(s) of text: 'n/a?'", "data row 61"],
    ),
    ("experiment-name-too-long", ["tracking.experiment=" + "x" * 501], ["501 characters", "500"]),
    (
        "uri-one-slash",
        ["check", "tracking.uri=sqlite:/x.db"],
        ["not a complete URI", "sqlite:///x.db"],
    ),
    ("uri-a-path", ["check", "tracking.uri=runs.db"], ["a file's path", "sqlite:///runs.db"]),
    ("uri-a-folder", ["check", "tracking.uri=mlruns"], ["a folder (a file store)", "sqlite:///"]),
    (
        "shell-split-list-of-dicts",
        ["check", "model.layers=[{type:", "Dense,", "units:", "4}]"],
        ["the shell split this value", "'model.layers=[{type: Dense, units: 4}]'"],
    ),
    ("tilde-unexpanded", ["check", "data.path=~/p.csv"], ["~ is not your home", "$HOME/p.csv"]),
    ("tilde-quoted", ["check", 'data.path="~/p.csv"'], ["does not exist", "$HOME/p.csv"]),
    (
        "run-folder-python-tag",
        ["predict", f"run={DIR}/tagged_run", f"input={GOOD}"],
        ["config.yaml, line 1", "'!!python/object/apply:os.system' is not allowed"],
    ),
    (
        "regression-target-text",
        [f"data.path={GOOD}", "data.task=regression"],
        ["data.task", "'species' holds text", "data.task=auto"],
    ),
    (
        "image-decompression-bomb",
        ["predict", f"run={DIR}/image_run", f"input={DIR}/bomb.png"],
        ["bomb.png declares 10,000 × 10,000 pixels", "resize it"],
    ),
    (
        "archive-of-two-tables",
        ["check", f"data.path={DIR}/two.csv.zip"],
        ["two.csv.zip holds 2 files", "data.path"],
    ),
    (
        "cut-gzip",
        ["check", f"data.path={DIR}/cut.csv.gz"],
        ["could not be read as a gz", "data.path"],
    ),
    # --- config files others wrote (conf/experiment/<name>.yaml from EXPERIMENT_FILES) ---
    ("experiment-cp949", ["experiment=cp949"], ["cp949.yaml", "CP949", "save it as UTF-8"]),
    ("experiment-utf16", ["experiment=utf16"], ["utf16.yaml", "UTF-16", "save it as UTF-8"]),
    ("experiment-bom", ["experiment=bom"], ["bom.yaml", "byte-order mark"]),
    (
        "experiment-without-header",
        ["experiment=no_header"],
        ["no_header.yaml: has no '# @package _global_' line", "first line"],
    ),
    ("experiment-file-empty", ["experiment=empty"], ["empty.yaml: is empty", "@package _global_"]),
    ("experiment-a-list", ["experiment=a_list"], ["a_list.yaml: holds a YAML list", "not YAML"]),
    (
        "experiment-deeper-than-libyaml",
        ["experiment=deep"],
        ["deep.yaml, line 2", "nested more than 50"],
    ),
    (
        "experiment-defaults-path-out",
        ["experiment=reaches_out"],
        ["reaches_out.yaml, defaults: ", "not a name of conf/"],
    ),
    (
        "package-option-out-of-group",
        ["+data@extra=../../elsewhere/x"],
        ["data=../../elsewhere/x", "not a name of conf/data/"],
    ),
    ("hydra-searchpath", ["hydra.searchpath=[file:///tmp]"], ["hydra.searchpath", "conf/"]),
    # --- reproduce / resume ---
    ("reproduce-without-run-id", ["reproduce"], ["reproduce", "<run id>"]),
    ("reproduce-unknown-run", ["reproduce", RUN_ID], ["tracking.uri", "no MLflow store"]),
    ("resume-unknown-run", [f"trainer.resume={RUN_ID}"], ["tracking.uri", "no MLflow store"]),
]


# Experiment files as others save them, put into a copy of conf/ for the case naming them.
EXPERIMENT_FILES = {
    "cp949": "# @package _global_\n# 실험\ntrainer: {epochs: 1}\n".encode("cp949"),
    "utf16": "# @package _global_\ntrainer: {epochs: 1}\n".encode("utf-16"),
    "bom": b"\xef\xbb\xbf# @package _global_\ntrainer: {epochs: 1}\n",
    "deep": ("# @package _global_\nx: " + "[" * 3000 + "]" * 3000 + "\n").encode(),
    "reaches_out": b"# @package _global_\ndefaults:\n  - ../../elsewhere/x\n",
    "no_header": b"trainer:\n  epochs: 2\n",
    "empty": b"# nothing yet\n",
    "a_list": b"# @package _global_\n- trainer.epochs=2\n",
}


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bad inputs: an empty file, a header without rows, a ';' CSV, latin-1 bytes, …"""
    folder = tmp_path_factory.mktemp("mistakes")
    frame = penguin_like_frame()
    frame.to_csv(folder / "good.csv", index=False)
    (folder / "empty.csv").write_text("")
    (folder / "header_only.csv").write_text(",".join(frame.columns) + "\n")
    frame.to_csv(folder / "semicolon.csv", index=False, sep=";")
    latin = frame.copy()
    latin["island"] = "Bíscoe"
    latin.to_csv(folder / "latin1.csv", index=False, encoding="latin-1")
    frame.assign(species="Adelie").to_csv(folder / "one_class.csv", index=False)
    (folder / "folder").mkdir()
    (folder / "with_primary").mkdir()
    (folder / "with_primary" / "config.yaml").write_text("defaults:\n  - data: csv\n")
    (folder / "with_hydra" / "hydra" / "launcher").mkdir(parents=True)
    (folder / "with_hydra" / "hydra" / "launcher" / "x.yaml").write_text("a: 1\n")
    frame.assign(bill_length_mm=frame["bill_length_mm"].where(frame.index != 3, np.inf)).to_csv(
        folder / "infinite.csv", index=False
    )
    (folder / "twice.csv").write_text("a,a,species\n" + "1,2,x\n3,4,y\n" * 10)
    frame.assign(empty=np.nan).to_csv(folder / "empty_column.csv", index=False)
    (folder / "random.csv").write_bytes(np.random.default_rng(0).bytes(4000))
    frame.to_csv(folder / "utf16.csv", index=False, encoding="utf-16")
    frame.assign(island="섬").to_csv(folder / "cp949.csv", index=False, encoding="cp949")
    nul = frame.astype({"island": str})
    nul.loc[3, "island"] = "Bis\0coe"
    nul.to_csv(folder / "nul.csv", index=False)
    mixed = frame.astype({"bill_length_mm": object})
    mixed.loc[60, "bill_length_mm"] = "n/a?"
    mixed.to_csv(folder / "text_in_numbers.csv", index=False)
    mixed.assign(
        island=nul["island"], body_mass_g=frame["body_mass_g"].where(frame.index != 9, np.inf)
    ).to_csv(folder / "three_problems.csv", index=False)
    pd.DataFrame({"who": [f"p{i}" for i in range(40)], "y": [0, 1] * 20}).to_csv(
        folder / "only_names.csv", index=False
    )
    os.mkfifo(folder / "pipe.csv")
    with zipfile.ZipFile(folder / "two.csv.zip", "w") as archive:  # pandas reads one
        archive.writestr("a.csv", "x,y\n1,2\n")
        archive.writestr("b.csv", "x,y\n1,2\n")
    tagged = folder / "tagged_run"  # a run folder someone altered
    tagged.mkdir()
    (tagged / "model.keras").write_bytes(b"")
    (tagged / "preprocessor.pkl").write_bytes(b"")
    (tagged / "config.yaml").write_text('seed: !!python/object/apply:os.system ["id"]\n')
    image_run = folder / "image_run"
    image_run.mkdir()
    (image_run / "config.yaml").write_text("data: {source: image_folder}\n")
    (image_run / "model.keras").write_bytes(b"")  # not read: the input is refused first
    save_preprocessor(ImagePreprocessor((8, 8, 1), 255.0, ["a", "b"], "binary"), image_run)
    write_png_header(folder / "bomb.png", 10_000, 10_000)
    (folder / "cut.csv.gz").write_bytes(b"\x1f\x8b\x08\x00cut")
    write_sentences(folder / "sentences.txt", n=40)
    with sqlite3.connect(folder / "app.db") as app:  # someone else's database
        app.execute("CREATE TABLE studies (id INTEGER)")
    return folder


# The mistakes that show only once TensorFlow builds or trains the model (the MLflow run
# is open and must end FAILED). Every case runs in this process, through the same entry
# point (`dlpipe.cli.main`); the others must fail before TensorFlow is imported. The real
# program's path for such a mistake: tests/e2e/test_train_cli.py (a model mistake ends its
# run FAILED with the message).
NEEDS_TENSORFLOW = {
    "conv2d-on-tabular-rows",
    "output-units-vs-classes",
    "recurrent-layer-on-images",
    "loss-diverges",
}
BEFORE_TF = [c for c in CATALOGUE if c[0] not in NEEDS_TENSORFLOW]
WITH_TF = [c for c in CATALOGUE if c[0] in NEEDS_TENSORFLOW]


def _run_folders(args: list[str]) -> list[str]:
    """Where a Hydra verb's run or sweep goes (predict, compare and export take no Hydra keys)."""
    return (
        []
        if args[0] in ("predict", "compare", "export")
        else ["hydra.run.dir=out", "hydra.sweep.dir=multi"]
    )


def _filled(args: list[str], mistakes: Path) -> list[str]:
    return [a.replace(GOOD, str(mistakes / "good.csv")).replace(DIR, str(mistakes)) for a in args]


@pytest.mark.parametrize(
    ("args", "expected"), [c[1:] for c in BEFORE_TF], ids=[c[0] for c in BEFORE_TF]
)
def test_mistake_caught_before_tensorflow_gets_one_clear_message(
    args: list[str],
    expected: list[str],
    mistakes: Path,
    tmp_path: Path,
    cli_here: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    tf_before = "tensorflow" in sys.modules

    def too_late() -> None:  # (holds where another test of this worker has imported TF)
        raise AssertionError("the mistake was found only after training started")

    monkeypatch.setattr("dlpipe.training.runtime.import_keras", too_late)
    for name in [a.partition("=")[2] for a in args if a.startswith("experiment=")]:
        if name in EXPERIMENT_FILES:
            conf = request.getfixturevalue("own_conf")
            (conf / "experiment" / f"{name}.yaml").write_bytes(EXPERIMENT_FILES[name])
    result = cli_here(*_filled(args, mistakes), *_run_folders(args))

    if not tf_before:  # (another test of this worker may have imported it already)
        assert "tensorflow" not in sys.modules, "the mistake was found only after importing TF"
    assert_one_clear_message(result, expected, tmp_path)


@pytest.mark.parametrize(
    ("args", "expected"), [c[1:] for c in WITH_TF], ids=[c[0] for c in WITH_TF]
)
def test_mistake_found_by_keras_gets_one_clear_message(
    args: list[str],
    expected: list[str],
    mistakes: Path,
    tmp_path: Path,
    cli_here: Callable[..., CliResult],
) -> None:
    # in this process: the same entry point, without a TensorFlow import per case
    result = cli_here(*_filled(args, mistakes), *_run_folders(args))
    assert_one_clear_message(result, expected, tmp_path)


def assert_one_clear_message(result: CliResult, expected: list[str], tmp_path: Path) -> None:
    """Exit 2, no traceback, the words expected after 'dlpipe: error:' with a hint; any
    MLflow run it opened ended FAILED with the message."""
    assert result.code == 2, result.text
    assert "Traceback" not in result.text
    message = result.err[result.err.index("dlpipe: error:") :]
    assert "hint:" in message, message  # how to fix it
    for word in expected:
        assert word in message, f"{word!r} not in:\n{message}"
    # and in Korean (DLPIPE_LANG=ko): message and hint, names unchanged (tests/test_korean.py
    # runs the CLI in Korean; here each catalogued message is translated as it prints)
    said = message.removeprefix("dlpipe: error: ")
    first, _, hint = said.partition("\n  hint: ")
    hint = hint.split("\n  recorded in MLflow run")[0]
    assert has_korean(translated(first)) and has_korean(translated(hint)), said
    store = tmp_path / "mlflow.db"
    if store.exists():
        from mlflow.tracking import MlflowClient

        client = MlflowClient(f"sqlite:///{store}")
        runs = client.search_runs([e.experiment_id for e in client.search_experiments()])
        assert runs, "a store was created without a run"
        for run in runs:
            assert run.info.status == "FAILED"
            assert expected[0] in run.data.tags["dlpipe.error"]


def test_catalogue_is_large_and_distinct() -> None:
    ids = [c[0] for c in CATALOGUE]
    assert len(set(ids)) == len(ids) >= 150
    assert len({tuple(c[1]) for c in CATALOGUE}) == len(CATALOGUE)
