"""Composing conf/ with Hydra: defaults, overrides, sweeps and readable errors."""

from __future__ import annotations

import pytest

from dlpipe.config import compose, compose_all
from dlpipe.config.compose import parse_overrides, sweep_variants
from dlpipe.errors import ConfigError


def test_default_config_is_the_embedded_penguins_classifier() -> None:
    cfg = compose()
    assert cfg.data.name == "penguins"
    assert cfg.data.builtin == "palmerpenguins"
    assert cfg.model.name == "dense"
    assert cfg.optimizer.name == "adam"
    assert cfg.seed == 42
    assert list(cfg.data.preprocess) == [
        "clean",
        "drop",
        "dropna",
        "replace",
        "label_encode",
        "onehot",
        "scale",
        "infer",
        "kinds",
        "impute",
    ]


def test_cli_keys_from_the_contract_override() -> None:
    cfg = compose(
        [
            "seed=7",
            "data=titanic",
            "data.path=train.csv",
            "data.limit=50",
            "optimizer=sgd",
            "optimizer.learning_rate=0.1",
            "trainer.epochs=3",
            "trainer.batch_size=8",
            "callbacks.early_stopping.patience=5",
            "tracking.uri=sqlite:///x.db",
            "tracking.experiment=exp",
        ]
    )
    assert (cfg.seed, cfg.data.name, cfg.data.limit) == (7, "titanic", 50)
    assert (cfg.optimizer.name, cfg.optimizer.learning_rate) == ("sgd", 0.1)
    assert (cfg.trainer.epochs, cfg.trainer.batch_size) == (3, 8)
    assert cfg.callbacks.early_stopping.patience == 5
    assert cfg.callbacks.checkpoint.save_best_only is True
    assert (cfg.tracking.uri, cfg.tracking.experiment) == ("sqlite:///x.db", "exp")


def test_unknown_group_option_names_the_group_and_suggests() -> None:
    with pytest.raises(ConfigError) as err:
        compose(["data=penguinz"])
    assert err.value.where == "data=penguinz"
    assert "penguins" in err.value.hint


def test_unknown_key_without_plus_suggests_the_closest() -> None:
    with pytest.raises(ConfigError) as err:
        compose(["trainer.epoch=3"])
    assert err.value.where == "trainer.epoch"
    assert "'epochs'" in err.value.hint


def test_sweep_variants_cover_every_value_once() -> None:
    variants = sweep_variants(["model=dense,cnn", "optimizer.learning_rate=1e-3,1e-2", "seed=1"])
    assert variants == [
        ["model=dense", "optimizer.learning_rate=0.001", "seed=1"],
        ["model=cnn", "optimizer.learning_rate=0.001", "seed=1"],
        ["model=dense", "optimizer.learning_rate=0.01", "seed=1"],
    ]


def test_a_typo_in_any_swept_value_is_caught() -> None:
    with pytest.raises(ConfigError, match="no optimizer config named 'adamm'"):
        compose_all(["optimizer=adam,adamm"])


@pytest.mark.parametrize(
    ("override", "quoted"),
    [
        ("data.target=생존", """'data.target="생존"'"""),
        ("data.preprocess.drop=[이름,나이]", """'data.preprocess.drop=["이름","나이"]'"""),
        ("data.target=성별,생존", """'data.target="성별","생존"'"""),
    ],
)
def test_unquoted_korean_is_refused_with_the_override_quoted_for_the_shell(
    override: str, quoted: str
) -> None:
    """Hydra's grammar reads unquoted values in ASCII only: the hint is the fix to paste."""
    with pytest.raises(ConfigError) as err:
        parse_overrides(["trainer.epochs=2", override])
    assert err.value.where == override
    assert quoted in str(err.value)
    key, _, _ = override.partition("=")
    (parsed,) = parse_overrides([quoted.strip("'")])  # and the hint's form parses
    assert parsed.key_or_group == key


def test_a_mapping_with_korean_keys_is_sent_to_a_yaml_file() -> None:
    """Hydra's grammar has no quoted keys in a mapping: no quoting can fix it."""
    with pytest.raises(ConfigError) as err:
        parse_overrides(['data.preprocess.replace={"성별":{"수컷":1}}'])
    assert "YAML file" in str(err.value) and "conf/data/csv.yaml" in str(err.value)


def test_a_sweep_is_counted_without_listing_it_and_a_large_one_says_its_size(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from dlpipe.config.compose import check_sweep_size, parse_overrides

    assert check_sweep_size(parse_overrides(["seed=1,2", "trainer.epochs=5"])) == 2
    assert capsys.readouterr().out == ""
    assert (
        check_sweep_size(parse_overrides(["seed=range(0,20)", "optimizer=adam,sgd,rmsprop"])) == 60
    )
    assert "a sweep of 60 jobs" in capsys.readouterr().out
    assert check_sweep_size(parse_overrides(["seed=range(0,3000)", "sweep_limit=5000"])) == 3000
    assert check_sweep_size(parse_overrides(["lr=interval(0.1,1)", "seed=1,2"])) == 2


def test_a_group_set_to_null_is_one_message() -> None:
    from dlpipe.config import location
    from dlpipe.config.compose import OPTIONAL_GROUPS

    with pytest.raises(ConfigError) as caught:
        compose(["model=null"])
    assert caught.value.where == "model=null" and "dense" in (caught.value.hint or "")
    with pytest.raises(ConfigError) as caught:
        compose(["experiment=null"])  # (Hydra's own ValueError before)
    assert "leave experiment= out" in (caught.value.hint or "")
    declared = (location.CONFIG_DIR / "config.yaml").read_text()
    assert all(f"optional {group}: null" in declared for group in OPTIONAL_GROUPS)
