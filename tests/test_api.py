"""dlpipe from Python: ``dlpipe.train``, ``dlpipe.load``, ``dlpipe.compose`` take the
command line's path, raise dlpipe's own errors and can be called again and again."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import dlpipe
from conftest import CliResult, cli_env, penguin_like_frame
from dlpipe.api import _value


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A notebook's folder: its table, and logging as it was (a Hydra job sets it up)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    penguin_like_frame().to_csv(tmp_path / "birds.csv", index=False)
    return tmp_path


# (pytest holds the captured streams that a Hydra job's logging set-up would close)
QUIET = "hydra/job_logging=none"


def test_import_dlpipe_is_light_and_names_its_api() -> None:
    code = (
        "import sys, dlpipe; print(sorted(n for n in dir(dlpipe) if not n.startswith('_')));"
        " print('tensorflow' in sys.modules, 'hydra' in sys.modules, 'pandas' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=cli_env(), capture_output=True, text=True, check=True
    ).stdout.splitlines()

    assert {"train", "load", "compose", "DlpipeError"} <= set(eval(out[0]))
    assert out[1] == "False False False"


def test_compose_gives_the_validated_config_and_mistakes_raise_the_clis_message(
    here: Path, cli_here: Callable[..., CliResult]
) -> None:
    cfg = dlpipe.compose("data.path=birds.csv", seed=7, **{"trainer.epochs": 3})

    assert (cfg.seed, cfg.trainer.epochs, cfg.data.path) == (7, 3, "birds.csv")
    with pytest.raises(dlpipe.ConfigError) as caught:
        dlpipe.compose("trainer.epoch=3")
    cli = cli_here("check", "trainer.epoch=3")
    assert f"dlpipe: error: {caught.value}" == cli.err.strip()
    with pytest.raises(dlpipe.ConfigError, match="a sweep of 2 configs"):
        dlpipe.compose("seed=1,2")


def test_train_twice_in_one_process_then_load_and_predict_like_the_verb(
    here: Path, cli_here: Callable[..., CliResult]
) -> None:
    quick = ("debug=fast", QUIET)
    first = dlpipe.train(
        "data.path=birds.csv", *quick, **{"tracking.enabled": False, "hydra.run.dir": "one"}
    )
    shared = here / "course" / "conf"  # a folder of configs from elsewhere: config_dir=
    (shared / "data").mkdir(parents=True)
    (shared / "data" / "birds.yaml").write_text(
        "defaults: [penguins, _self_]\nname: birds\npath: birds.csv\n"
    )
    second = dlpipe.train(
        "data=birds", *quick, seed=7, config_dir=shared, **{"hydra.run.dir": "two"}
    )

    assert first.run_id is None and len(second.run_id) == 32
    assert set(first.history) >= {"loss", "val_loss", "accuracy"}
    assert len(first.history["loss"]) == 2
    assert set(first.metrics) >= {"test_accuracy", "test_loss", "test_naive_accuracy"}
    assert (first.output_dir, second.output_dir) == (here / "one", here / "two")
    assert second.config.seed == 7 and first.config.seed == 42
    assert second.model.name == first.model.name  # no layer names left from the first call

    from mlflow.tracking import MlflowClient

    run = MlflowClient(f"sqlite:///{here / 'mlflow.db'}").get_run(second.run_id)
    assert run.data.tags["dlpipe.config_dir"] == str(shared)  # where its configs came from
    assert run.data.tags["dlpipe.choice.data"] == "birds"

    trained = dlpipe.load(second.run_id)
    rows = pd.read_csv("birds.csv").drop(columns="species").head(4)
    by_frame = trained.predict(rows)
    by_path = trained.predict("birds.csv").head(4)
    numbers = rows[["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]]
    assert list(by_frame.columns[: len(rows.columns)]) == list(rows.columns)
    assert by_frame["prediction"].tolist() == by_path["prediction"].tolist()
    from_folder = dlpipe.load(here / "two").predict(rows)
    assert np.allclose(
        from_folder.filter(like="probability_").to_numpy(),
        by_frame.filter(like="probability_").to_numpy(),
    )
    verb = cli_here("predict", f"run={second.run_id}", "input=birds.csv", "output=p.csv")
    assert verb.code == 0, verb.text
    assert (
        pd.read_csv(here / "p.csv")["prediction"].head(4).tolist() == by_path["prediction"].tolist()
    )
    by_array = trained.predict(rows[trained.preprocessor.feature_columns].to_numpy())
    assert by_array["prediction"].tolist() == by_frame["prediction"].tolist()
    with pytest.raises(dlpipe.DataError, match="for a table of"):
        trained.predict(numbers.to_numpy())


def test_a_mistake_in_train_raises_and_never_exits(here: Path) -> None:
    with pytest.raises(dlpipe.DataError) as caught:
        dlpipe.train("data.path=nope.csv", QUIET)
    assert caught.value.where == "data.path"
    with pytest.raises(dlpipe.ConfigError, match="informational flags"):
        dlpipe.train("--cfg", "job", QUIET)


def test_a_sweep_from_python_returns_each_job_and_leaves_nothing_behind(here: Path) -> None:
    jobs = dlpipe.train(
        "-m", "data.path=birds.csv", "debug=fast", "seed=1,2", QUIET, **{"hydra.sweep.dir": "sweep"}
    )

    assert [job.config.seed for job in jobs] == [1, 2]
    assert [job.output_dir for job in jobs] == [here / "sweep" / "0", here / "sweep" / "1"]
    from mlflow.tracking import MlflowClient

    client = MlflowClient(f"sqlite:///{here / 'mlflow.db'}")
    parents = {client.get_run(job.run_id).data.tags["mlflow.parentRunId"] for job in jobs}
    assert len(parents) == 1  # one parent run, as on the command line
    # Hydra's own route leaves nothing set: composing and a single run work after it
    assert dlpipe.compose("seed=3").seed == 3
    with pytest.raises(dlpipe.DlpipeError, match="of the sweep's jobs failed"):
        dlpipe.train("-m", "data.path=nope1.csv,nope2.csv", "debug=fast", QUIET)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (None, "null"),
        (True, "true"),
        (5, "5"),
        (1e-3, "0.001"),
        ("relu", "relu"),
        ("생존", '"생존"'),
        ("a b", '"a b"'),
        (["x", 1], "[x,1]"),
        ({"type": "Dense", "units": 4}, "{type:Dense,units:4}"),
    ],
)
def test_keyword_values_are_written_as_hydra_reads_them(value: object, written: str) -> None:
    assert _value(value) == written
