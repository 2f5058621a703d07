"""Run names lead with what tells runs apart (MLflow's own are random words)."""

from __future__ import annotations

import re

from dlpipe.track.names import job_name, run_name, sweep_name, values_name


def test_a_single_run_is_named_by_its_model_and_data_or_experiment() -> None:
    assert re.fullmatch(
        r"dense-penguins-[0-9a-f]{4}", run_name({"model": "dense", "data": "penguins"})
    )
    assert run_name(
        {"model": "dense", "data": "titanic", "experiment": "titanic_dense"}, "ab12"
    ) == ("titanic_dense-ab12")
    assert run_name({"model": "dense"}, "00ff") == "dense-data-00ff"
    names = {run_name({"model": "cnn", "data": "mnist"}) for _ in range(20)}
    assert len(names) > 1  # two runs of one config are told apart


def test_a_jobs_name_leads_with_its_values_and_keys_are_short_unless_ambiguous() -> None:
    own = ["optimizer.learning_rate=0.01", "trainer.batch_size=32", "model=cnn"]
    assert job_name(own, 3) == "learning_rate=0.01 batch_size=32 model=cnn · job 3"
    assert values_name(["data.split.test=0.2", "data.preprocess.scale.test=1"]) == (
        "data.split.test=0.2 data.preprocess.scale.test=1"
    )
    assert job_name([], 0) == "(defaults) · job 0"
    assert values_name(["data.path=/home/me/data/train.csv", "tracking.uri=http://h:5000/"]) == (
        "path=train.csv uri=http://h:5000/"
    )


def test_a_sweeps_name_says_what_it_sweeps() -> None:
    swept = ["optimizer.learning_rate=1e-3,1e-2", "trainer.batch_size=16,32"]
    assert sweep_name(swept, ["data=penguins"]) == "sweep learning_rate × batch_size"
    assert sweep_name([], ["experiment=sweep_lr_batch"]) == "sweep experiment=sweep_lr_batch"
    assert sweep_name([], []) == "sweep (defaults)"
