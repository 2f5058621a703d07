"""Small pure parts of tracking and sweeps: objective direction, job names, the Optuna
sweeper's search-space syntax (on a real in-memory Optuna study), data fingerprints."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from dlpipe.track.fingerprint import file_sha256, folder_sha256
from dlpipe.track.record import arrays_sha256
from dlpipe.track.sweep import FIXED_ENV, fixed_overrides, higher_is_better, job_run_name


def test_objective_direction() -> None:
    assert higher_is_better("val_accuracy") and higher_is_better("test_auc")
    assert not higher_is_better("val_loss") and not higher_is_better("test_mae")


def test_job_run_name_keeps_only_the_swept_values(monkeypatch: pytest.MonkeyPatch) -> None:
    fixed = fixed_overrides(["data=penguins", "seed=1,2", "optimizer.learning_rate=1e-3"])
    assert fixed == ["data=penguins", "optimizer.learning_rate=1e-3"]
    monkeypatch.setenv(FIXED_ENV, '["data=penguins", "optimizer.learning_rate=1e-3"]')
    name = job_run_name(3, ["data=penguins", "seed=2", "optimizer.learning_rate=1e-3"])
    assert name == "seed=2 · job 3"


def test_job_run_name_sees_a_fixed_value_through_the_sweepers_escaping(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fixed = fixed_overrides(["tracking.uri=sqlite:////tmp/x.db", "seed=1,2"])
    monkeypatch.setenv(FIXED_ENV, json.dumps(fixed))
    name = job_run_name(1, ["tracking.uri=sqlite\\:////tmp/x.db", "seed=2"])
    assert name == "seed=2 · job 1"


def test_search_space_syntax_on_a_real_study() -> None:
    import optuna
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from hydra_plugins.dlpipe_optuna_sweeper.optuna_sweeper import suggestion

    parsed = OverridesParser.create().parse_overrides(
        [
            "lr=tag(log, interval(1e-4, 1e-1))",
            "units=choice(16, 32)",
            "patience=range(2, 6)",
            "model=dense,cnn",
        ]
    )
    space = {o.get_key_element(): suggestion(o) for o in parsed}
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    for _ in range(5):
        trial = study.ask()
        values = {key: suggest(trial) for key, suggest in space.items()}
        assert 1e-4 <= float(values["lr"]) <= 1e-1
        assert values["units"] in ("16", "32")
        assert int(values["patience"]) in (2, 3, 4, 5)
        assert values["model"] in ("dense", "cnn")
        study.tell(trial, 1.0)
    lr = study.trials[0].distributions["lr"]
    assert lr.log and lr.low == 1e-4


def test_fingerprints(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_bytes(b"hello")
    assert file_sha256(tmp_path / "a" / "x.txt") == hashlib.sha256(b"hello").hexdigest()
    before = folder_sha256(tmp_path / "a")
    (tmp_path / "a" / "y.txt").write_bytes(b"")
    assert folder_sha256(tmp_path / "a") != before
    one = np.arange(6, dtype="float32")
    assert arrays_sha256([one]) != arrays_sha256([one.reshape(2, 3)])


def test_a_sweep_without_one_trained_job_ends_failed(tmp_path: Path) -> None:
    from mlflow.tracking import MlflowClient

    from dlpipe.track.store import ensure_store
    from dlpipe.track.sweep import Sweep, finish_sweep

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    ensure_store(uri)
    client = MlflowClient(uri)
    experiment = client.create_experiment("sweeps")
    for children, parent_status in [
        (["FAILED", "FAILED"], "FAILED"),  # every job failed
        (["FAILED", "FINISHED"], "FINISHED"),  # one trained
        ([], "FAILED"),  # no job ran
    ]:
        parent = client.create_run(experiment).info.run_id
        for status in children:
            child = client.create_run(experiment, tags={"mlflow.parentRunId": parent})
            client.set_terminated(child.info.run_id, status)
        result = finish_sweep(Sweep(client, parent, experiment, uri, "val_loss"), crashed=False)
        assert result.jobs == len(children)
        assert client.get_run(parent).info.status == parent_status, children
