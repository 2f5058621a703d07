"""An MLflow run per training: params flattened, and never left RUNNING — whether the run
is written from this process or by a recorder process beside it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mlflow.tracking import MlflowClient
from omegaconf import OmegaConf

from dlpipe.errors import TrackingError
from dlpipe.track.background import recorder_process
from dlpipe.track.recorder import tracked_run


def tracking(tmp_path: Path):
    return OmegaConf.create(
        {"enabled": True, "uri": f"sqlite:///{tmp_path}/t.db", "experiment": "e", "run_name": None}
    )


def only_run(tmp_path: Path):
    client = MlflowClient(f"sqlite:///{tmp_path}/t.db")
    (run,) = client.search_runs([client.get_experiment_by_name("e").experiment_id])
    return client, run


@pytest.fixture(params=["here", "recorder process"])
def process(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """None (write from this process) or a recorder process, as a single run uses."""
    with recorder_process(tracking(tmp_path), background=request.param != "here") as started:
        yield started


def test_a_finished_run_has_params_tags_and_batched_metrics(tmp_path: Path, process) -> None:
    with tracked_run(
        tracking(tmp_path),
        params={"trainer": {"epochs": 2}},
        tags={"dlpipe.overrides": "a=1"},
        process=process,
    ) as rec:
        rec.log_metrics({"loss": 0.5, "accuracy": 0.75}, step=0)
        rec.log_metrics({"loss": 0.25, "accuracy": 0.875}, step=1)
        rec.log_text("hello", "notes.txt")
    client, run = only_run(tmp_path)
    assert run.info.status == "FINISHED"
    assert run.data.params == {"trainer.epochs": "2"}
    assert run.data.tags["dlpipe.overrides"] == "a=1"
    assert [m.value for m in client.get_metric_history(run.info.run_id, "loss")] == [0.5, 0.25]
    assert [a.path for a in client.list_artifacts(run.info.run_id)] == ["notes.txt"]


def test_metrics_keep_the_time_they_were_measured(tmp_path: Path, process) -> None:
    with tracked_run(tracking(tmp_path), params={}, tags={}, process=process) as rec:
        rec.log_metrics({"loss": 1.0}, step=0, at_ms=1_000_000)
    client, run = only_run(tmp_path)
    assert [m.timestamp for m in client.get_metric_history(run.info.run_id, "loss")] == [1_000_000]


def test_a_run_that_raises_ends_failed(tmp_path: Path, process) -> None:
    with (
        pytest.raises(RuntimeError),
        tracked_run(tracking(tmp_path), params={}, tags={}, process=process),
    ):
        raise RuntimeError("boom")
    assert only_run(tmp_path)[1].info.status == "FAILED"


def test_a_user_mistake_is_recorded_with_the_run(tmp_path: Path, process) -> None:
    with (
        pytest.raises(TrackingError) as caught,
        tracked_run(tracking(tmp_path), params={}, tags={}, process=process),
    ):
        raise TrackingError("bad thing", where="somewhere", hint="fix it")
    run = only_run(tmp_path)[1]
    assert run.info.status == "FAILED"
    assert caught.value.run_id == run.info.run_id
    assert run.data.tags["dlpipe.error"].startswith("somewhere: bad thing")


def test_a_mistake_quoting_a_secret_records_no_secret(tmp_path: Path, process) -> None:
    line = "AWS_SECRET_ACCESS_KEY=hunter2"  # the first line of an .env file given as data
    with (
        pytest.raises(TrackingError) as caught,
        tracked_run(tracking(tmp_path), params={}, tags={}, process=process),
    ):
        raise TrackingError(f"cannot parse {line!r}", where="data.path", hint=f"see {line}")
    run = only_run(tmp_path)[1]
    assert run.info.status == "FAILED"
    assert "hunter2" not in str(run.data.tags) and "hunter2" not in str(caught.value)
    assert "data.path: cannot parse 'AWS_SECRET_ACCESS_KEY=***'" in run.data.tags["dlpipe.error"]


def test_models_reserved_but_never_logged_leave_nothing_behind(tmp_path: Path, process) -> None:
    """The run's models are created ahead of its end; a run that fails first deletes them."""
    with (
        pytest.raises(RuntimeError),
        tracked_run(tracking(tmp_path), params={}, tags={}, process=process) as rec,
    ):
        rec.reserve_models(["keras", "pipeline"])
        raise RuntimeError("the model could not be built")
    client, run = only_run(tmp_path)
    assert run.info.status == "FAILED"
    assert client.search_logged_models([run.info.experiment_id]) == []


def unopenable(tmp_path: Path):
    """A store that cannot be created: its folder would be inside a file."""
    (tmp_path / "a-file").write_text("")
    return OmegaConf.create(
        {"enabled": True, "uri": f"sqlite:///{tmp_path}/a-file/t.db", "experiment": "e"}
        | {"run_name": None}
    )


def test_a_recorder_process_opens_the_run_while_the_training_goes_on(tmp_path: Path) -> None:
    """The training is not held up by the open; a run that cannot be opened says why when
    its id is first read, and what was sent before is dropped with it."""
    broken = unopenable(tmp_path)
    with (
        recorder_process(broken) as process,
        pytest.raises(TrackingError, match="could not open a run") as caught,
        tracked_run(broken, params={}, tags={}, process=process) as rec,
    ):
        rec.log_metrics({"loss": 1.0}, step=0)  # sent before the answer is known
        reached = True
        rec.run_id  # noqa: B018  (reading it waits for the answer)
    assert reached and caught.value.where == "tracking.uri"


def test_a_mistake_made_while_the_run_opens_is_the_one_reported(tmp_path: Path) -> None:
    broken = unopenable(tmp_path)
    with (
        recorder_process(broken) as process,
        pytest.raises(TrackingError, match="bad thing") as caught,
        tracked_run(broken, params={}, tags={}, process=process),
    ):
        raise TrackingError("bad thing", where="somewhere", hint="fix it")
    assert caught.value.run_id is None  # no run could record it


def test_ctrl_c_ends_the_run_killed(tmp_path: Path, process) -> None:
    with (
        pytest.raises(KeyboardInterrupt),
        tracked_run(tracking(tmp_path), params={}, tags={}, process=process),
    ):
        raise KeyboardInterrupt
    assert only_run(tmp_path)[1].info.status == "KILLED"


def test_a_write_that_fails_is_not_lost_silently(tmp_path: Path, process) -> None:
    with (
        pytest.raises((TrackingError, OSError)) as caught,
        tracked_run(tracking(tmp_path), params={}, tags={}, process=process) as rec,
    ):
        rec.log_metrics({"loss": 1.0}, step=0)
        rec.log_artifact(tmp_path / "no-such-file.txt")
        rec.log_text("after the failure", "later.txt")
    client, run = only_run(tmp_path)
    assert run.info.status == "FAILED"
    if process is not None:  # the recorder process carries on, then says what failed
        assert "incomplete" in str(caught.value) and "no-such-file" in str(caught.value)
        assert "no-such-file" in run.data.tags["dlpipe.error"]
        assert [a.path for a in client.list_artifacts(run.info.run_id)] == ["later.txt"]


def test_tracking_can_be_turned_off(tmp_path: Path) -> None:
    off = OmegaConf.create({"enabled": False, "uri": f"sqlite:///{tmp_path}/t.db"})
    with recorder_process(off) as process, tracked_run(off, params={}, tags={}) as rec:
        assert process is None
        rec.log_metrics({"loss": 1.0})
        assert rec.run_id is None
    assert not (tmp_path / "t.db").exists()


def test_every_recorder_has_the_one_interface() -> None:
    """Tracking off, in this process, or through the recorder process: the pipeline calls
    the same methods with the same parameters, and the process carries out each write."""
    import inspect

    from dlpipe.track.background import CALLS, RemoteRecorder
    from dlpipe.track.recorder import NullRecorder, Recorder

    interface = {
        name: list(inspect.signature(member).parameters)
        for name, member in vars(NullRecorder).items()
        if inspect.isfunction(member) and not name.startswith("_")
    }
    for kind in (Recorder, RemoteRecorder):
        mine = {name: list(inspect.signature(getattr(kind, name)).parameters) for name in interface}
        assert mine == interface, kind.__name__
        assert all(name in vars(kind) for name in interface), kind.__name__  # each its own
    assert set(interface) - {"close"} == CALLS


def test_a_mistake_at_a_secret_looking_key_records_its_message(tmp_path: Path, process) -> None:
    from dlpipe.errors import ConfigError

    with (
        pytest.raises(ConfigError),
        tracked_run(tracking(tmp_path), params={}, tags={}, process=process),
    ):
        raise ConfigError("must be text, got {'password': 'hunter2'}", where="data.api_key")
    tag = only_run(tmp_path)[1].data.tags["dlpipe.error"]
    assert tag == "data.api_key: must be text, got {'password': ***}"


def test_dlpipes_experiments_open_in_mlflows_model_training_view(tmp_path: Path) -> None:
    from dlpipe.track.recorder import EXPERIMENT_KIND, MODEL_TRAINING

    client = MlflowClient(f"sqlite:///{tmp_path}/t.db")
    with tracked_run(tracking(tmp_path), params={}, tags={}):  # creates experiment "e"
        pass
    assert client.get_experiment_by_name("e").tags[EXPERIMENT_KIND] == MODEL_TRAINING
    older = client.create_experiment("older")  # made before dlpipe tagged its own
    chosen = client.create_experiment("chosen", tags={EXPERIMENT_KIND: "genai_development"})
    for name in ("older", "chosen"):
        with tracked_run(
            OmegaConf.merge(tracking(tmp_path), {"experiment": name}), params={}, tags={}
        ):
            pass
    assert client.get_experiment(older).tags[EXPERIMENT_KIND] == MODEL_TRAINING
    assert client.get_experiment(chosen).tags[EXPERIMENT_KIND] == "genai_development"
