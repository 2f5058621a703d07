"""Schema validation: keys, types, names and fractions are checked before any work."""

from __future__ import annotations

import pytest
from omegaconf import OmegaConf

from dlpipe.commands.check import check_config
from dlpipe.config import compose, keras_names, validate
from dlpipe.errors import DlpipeError


def _error(overrides: list[str]) -> DlpipeError:
    with pytest.raises(DlpipeError) as err:
        check_config(compose(overrides))  # what every verb runs: the model's layers too
    return err.value


def test_the_default_config_is_valid_and_keeps_the_written_step_order() -> None:
    composed = compose()
    composed.data.preprocess = {"dropna": {"subset": None}, "clean": {"strip": True}}
    cfg = validate(composed)
    assert list(cfg.data.preprocess)[:2] == ["dropna", "clean"]
    assert cfg.trainer.steps_per_execution == 32  # the measured speed default (bench/)
    assert cfg.trainer.tf_data is True


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ({"dropna": True}, {"dropna": {"subset": None}}),
        ({"dropna": ["age", "embarked"]}, {"dropna": {"subset": ["age", "embarked"]}}),
        ({"dropna": "age"}, {"dropna": {"subset": ["age"]}}),
        ({"dropna": False}, {"dropna": None}),
        ({"scale": "standard"}, {"scale": {"method": "standard", "columns": None}}),
        ({"scale": True}, {"scale": {"method": "minmax", "columns": None}}),
        ({"scale": False}, {"scale": None}),
        ({"clean": True}, {"clean": {"strip": True, "lower": False, "lower_column_names": False}}),
    ],
)
def test_short_forms_of_the_steps_mean_their_full_forms(short: dict, full: dict) -> None:
    """What people write first (`dropna: true`) works, in the place it was written."""
    composed = compose()
    composed.data.preprocess = {"drop": ["year"], **short, "onehot": ["island"]}
    steps = validate(composed).data.preprocess
    key = next(iter(short))
    assert list(steps)[:3] == ["drop", key, "onehot"]
    assert (OmegaConf.to_container(steps[key]) if steps[key] is not None else None) == full[key]


def test_short_forms_work_as_overrides_too() -> None:
    cfg = validate(compose(["data.preprocess.dropna=true", "data.preprocess.scale=standard"]))
    assert cfg.data.preprocess.dropna.subset is None
    assert cfg.data.preprocess.scale.method == "standard"


@pytest.mark.parametrize(
    ("overrides", "where", "hint"),
    [
        (["+callbacks.early_stopping.pateince=3"], "callbacks.early_stopping.pateince", "patience"),
        (["+trainer.epoch=3"], "trainer.epoch", "epochs"),
        (["+data.targt=x"], "data.targt", "target"),
        (["trainer.epochs=abc"], "trainer.epochs", "type"),
        (["data=titanic"], "data.path", "data.path=<value>"),
        (["data.split.train=0.9"], "data.split", "6:2:2"),
        (["data.task=classify"], "data.task", None),
        (["model.layers.0.type=Dence"], "model.layers[0]", "Dense"),
        (["+model.layers.0.input_shape=[4]"], "model.layers[0] (Dense)", "input shape"),
        (["model.layers.0.type=Lambda"], "model.layers[0]", "arbitrary code"),
        (["optimizer.name=adamm"], "optimizer.name", "adam"),
        (["+optimizer.lr=0.1"], "optimizer.lr", "learning_rate"),
        (
            ["model.loss=sparse_categorical_crossentropi"],
            "model.loss",
            "sparse_categorical_crossentropy",
        ),
        (["trainer.batch_size=0"], "trainer.batch_size", None),
    ],
)
def test_mistakes_name_the_key_and_how_to_fix(
    overrides: list[str], where: str, hint: str | None
) -> None:
    error = _error(overrides)
    assert error.where == where
    if hint:
        assert hint in str(error)


def test_layer_table_matches_the_installed_keras() -> None:
    import keras

    public = {
        n
        for n in dir(keras.layers)
        if n[0].isupper()
        and isinstance(getattr(keras.layers, n), type)
        and issubclass(getattr(keras.layers, n), keras.layers.Layer)
    }
    assert public - keras_names.EXCLUDED_LAYERS == keras_names.LAYERS
    for class_name in keras_names.OPTIMIZERS.values():
        assert hasattr(keras.optimizers, class_name)
    for loss in keras_names.LOSSES:
        assert keras.losses.get(loss) is not None
    for name in keras_names.METRICS:
        metric = keras.metrics.get(name)
        metric = metric() if isinstance(metric, type) else metric
        assert callable(metric), name


@pytest.mark.parametrize(
    ("filename", "words"),
    [
        ("/tmp/elsewhere.keras", "not a plain file name"),
        ("../best.keras", "not a plain file name"),
        ("sub/best.keras", "not a plain file name"),
        ("..", "not a plain file name"),
        (".keras", "not a plain file name"),
        ("model.keras", "the run's final model"),
        ("model", "the run's final model"),
    ],
)
def test_a_checkpoint_file_is_a_plain_name_in_the_run_folder(filename: str, words: str) -> None:
    error = _error([f"callbacks.checkpoint.filename={filename}"])
    assert error.where == "callbacks.checkpoint.filename"
    assert words in str(error)
    assert "best.keras" in error.hint


def test_a_checkpoint_named_like_an_old_keras_file_is_still_fine() -> None:
    check_config(compose(["callbacks.checkpoint.filename=best_model.h5"]))


def test_the_experiment_is_mlflows_variable_when_the_config_names_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MLFLOW_EXPERIMENT_NAME", raising=False)
    assert validate(compose()).tracking.experiment == "dlpipe"
    monkeypatch.setenv("MLFLOW_EXPERIMENT_NAME", "birds")
    assert validate(compose()).tracking.experiment == "birds"
    assert validate(compose(["tracking.experiment=fish"])).tracking.experiment == "fish"
    monkeypatch.setenv("MLFLOW_EXPERIMENT_NAME", "x" * 501)
    err = _error([])
    assert err.where == "MLFLOW_EXPERIMENT_NAME" and "up to 500" in str(err)


@pytest.mark.parametrize(
    ("override", "where"),
    [
        ("tracking.register=a/b", "tracking.register"),
        ("tracking.register=' '", "tracking.register"),
        ("tracking.register=..x", "tracking.register"),
        ("tracking.alias=latest", "tracking.alias"),
        ("tracking.alias=v2", "tracking.alias"),
        ("tracking.alias='my alias'", "tracking.alias"),
    ],
)
def test_a_registered_name_or_alias_mlflow_refuses_is_said_before_training(
    override: str, where: str
) -> None:
    assert _error([override]).where == where


def test_a_registered_name_and_alias_mlflow_takes_are_fine() -> None:
    cfg = validate(compose(["tracking.register=penguins-classifier", "tracking.alias=champion"]))
    assert (cfg.tracking.register, cfg.tracking.alias) == ("penguins-classifier", "champion")
