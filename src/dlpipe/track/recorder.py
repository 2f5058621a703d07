"""One MLflow run per training: params, tags, per-epoch metrics, artifacts, final status.

Uses an explicit ``MlflowClient`` and run id (no fluent global run). A run that raises
ends FAILED (KILLED on Ctrl-C), never RUNNING. The recorder is the same whether it writes
from this process or from a recorder process beside the training
(:mod:`dlpipe.track.background`): the pipeline calls the methods below either way.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlpipe.errors import DlpipeError, TrackingError
from dlpipe.track.store import artifact_root, check_server, check_uri, ensure_store, resolve_uri

if TYPE_CHECKING:  # (the logged model's loader imports this package: no config stage)
    from dlpipe.config.schema import TrackingCfg

PARAM_MAX = 6000
# Set by the CLI for the jobs of a sweep: each job's run becomes a child of this run.
PARENT_ENV = "DLPIPE_PARENT_RUN_ID"
ERROR_TAG = "dlpipe.error"
REGISTERED_TAG = "dlpipe.registered"
# The experiment tag MLflow's UI reads to open an experiment in its model-training view
# rather than its GenAI one (the value its own "experiment type" switch writes); set on
# dlpipe's experiments unless one was chosen.
EXPERIMENT_KIND = "mlflow.experimentKind"
MODEL_TRAINING = "custom_model_development"  # the registered model's version, when registered
# A sqlite store file deleted or replaced while a run wrote to it (SQLite went on writing,
# unseen, into the deleted file).
STORE_GONE = "the store was deleted or replaced during the run"
STORE_UNWRITABLE_HINT = (
    "the store must be writable: check its file's permissions and its disk's free space"
    " (a server: that it is running and accepts writes), or choose another tracking.uri"
)


class NullRecorder:
    """Tracking off (``tracking.enabled=false``): same calls, nothing recorded."""

    run_id: str | None = None
    uri: str | None = None

    def log_metrics(
        self, metrics: Mapping[str, float], step: int | None = None, at_ms: int | None = None
    ) -> None:
        """Ignore metrics."""

    def log_artifact(self, path: Path, artifact_path: str | None = None) -> None:
        """Ignore files."""

    def log_text(self, text: str, artifact_file: str) -> None:
        """Ignore text."""

    def set_tags(self, tags: Mapping[str, Any]) -> None:
        """Ignore tags."""

    def log_dataset(self, dataset: Any) -> None:
        """Ignore the data set (a :class:`dlpipe.track.record.DatasetRecord`)."""

    def log_plots(self, plots: Any) -> None:
        """Ignore the plots (a :class:`dlpipe.track.plots.PlotRecord`)."""

    def reserve_models(self, names: list[str]) -> None:
        """Ignore the models to come."""

    def log_models(self, models: Any) -> None:
        """Ignore the models (a :class:`dlpipe.track.models.ModelRecord`)."""

    def close(self, status: str, error: str | None = None) -> list[str]:
        """End the run with ``status``; returns what could not be recorded (nothing here)."""
        return []


class Recorder(NullRecorder):
    """Records into one MLflow run, from this process."""

    run_id: str  # always open, unlike NullRecorder's

    def __init__(
        self, client: Any, run_id: str, uri: str, experiment_id: str, resumed: bool = False
    ):
        self.client, self.run_id, self.uri = client, run_id, uri
        self.experiment_id, self.resumed = experiment_id, resumed
        self.reserved: dict[str, Any] = {}  # logged models created ahead, not yet logged

    def log_metrics(
        self, metrics: Mapping[str, float], step: int | None = None, at_ms: int | None = None
    ) -> None:
        """All values in one batched call (one call per epoch, not one per value), stamped
        ``at_ms`` (when they were measured) or now."""
        from mlflow.entities import Metric

        now = at_ms or int(time.time() * 1000)
        batch = [Metric(k, float(v), now, step or 0) for k, v in metrics.items()]
        self.client.log_batch(self.run_id, metrics=batch, synchronous=True)

    def log_metric_rows(self, rows: list[tuple[Mapping[str, float], int | None, int]]) -> None:
        """Several ``(metrics, step, at_ms)`` in as few calls as MLflow allows (1000 values
        each): one database commit for many epochs."""
        from mlflow.entities import Metric

        batch = [Metric(k, float(v), at, step or 0) for m, step, at in rows for k, v in m.items()]
        for start in range(0, len(batch), 1000):
            self.client.log_batch(self.run_id, metrics=batch[start : start + 1000])

    def log_artifact(self, path: Path, artifact_path: str | None = None) -> None:
        """Upload a file or a folder."""
        if Path(path).is_dir():
            self.client.log_artifacts(self.run_id, str(path), artifact_path)
        else:
            self.client.log_artifact(self.run_id, str(path), artifact_path)

    def log_text(self, text: str, artifact_file: str) -> None:
        """Write ``text`` as an artifact file."""
        self.client.log_text(self.run_id, text, artifact_file)

    def set_tags(self, tags: Mapping[str, Any]) -> None:
        """Set several tags at once."""
        from mlflow.entities import RunTag

        self.client.log_batch(self.run_id, tags=[RunTag(k, _short(v)) for k, v in tags.items()])

    def log_dataset(self, dataset: Any) -> None:
        """The data set as the run's training input."""
        from dlpipe.track.record import write_dataset

        write_dataset(self.client, self.run_id, dataset)

    def log_plots(self, plots: Any) -> None:
        """Draw the plots into their folder and upload them into ``plots/``."""
        from dlpipe.track.plots import draw

        for path in draw(plots):
            self.log_artifact(path, "plots")

    def reserve_models(self, names: list[str]) -> None:
        """Create the run's logged models ahead of its end (``models.model_names``), so
        that logging them at the end only fills them in."""
        from dlpipe.track.models import reserve_models

        self.reserved.update(
            reserve_models(self.client, self.run_id, self.experiment_id, names, self.resumed)
        )

    def log_models(self, models: Any) -> None:
        """The run's MLflow model (the raw-rows pipeline for a table, else the Keras
        one), its ``models:/`` URI as a ``dlpipe.model.*`` tag; registered in the Model
        Registry when the record asks (``tracking.register``)."""
        from dlpipe.track.models import log_models

        reserved, self.reserved = self.reserved, {}
        uris = log_models(self.client, self.run_id, self.experiment_id, models, reserved)
        tags = {f"dlpipe.model.{k}": v for k, v in uris.items()}
        if models.register and uris:
            from dlpipe.track.models import register_model

            name, alias = models.register
            (uri,) = uris.values()
            version = register_model(
                self.client, self.run_id, uri.removeprefix("models:/"), name, alias
            )
            tags[REGISTERED_TAG] = f"models:/{name}/{version} (alias {alias})"
        self.set_tags(tags)

    def close(self, status: str, error: str | None = None) -> list[str]:
        """End the run: models reserved but never logged deleted, ``dlpipe.error`` (a
        user mistake, as ``str`` of its :class:`DlpipeError` gives it: secret-looking
        values masked; masked again as one text, a secret-looking key's place would hide
        the message's first word), then the status."""
        if self.reserved:
            from dlpipe.track.models import discard_models

            reserved, self.reserved = self.reserved, {}
            with contextlib.suppress(Exception):  # a stray PENDING model must not stop the end
                discard_models(self.client, reserved)
        if error:  # a DlpipeError's text: its place, message and hint masked one by one
            self.client.set_tag(self.run_id, ERROR_TAG, _short(error))
        self.client.set_terminated(self.run_id, status)
        return []


def start_run(
    uri: str,
    experiment: str,
    params: Mapping[str, Any],
    tags: Mapping[str, Any],
    run_id: str | None = None,
    run_name: str | None = None,
    parent: str | None = None,
    store_ready: bool = False,
) -> tuple[Recorder, Callable[[], None]]:
    """Create a run (params flattened, tags) under ``parent`` if given; with ``run_id``
    continue that run instead (set RUNNING again, tags only: params cannot change).
    ``store_ready``: this process has already opened the store (a recorder process's
    warm-up), so it is not checked again.

    In two steps: the run exists when this returns, and the returned call writes its
    params and tags (a recorder process answers the run's id in between, so the training
    need not wait for those writes)."""
    from mlflow.entities import Param, RunTag
    from mlflow.tracking import MlflowClient

    from dlpipe.track.params import flatten, readable

    if not store_ready:
        ensure_store(uri)
    client = MlflowClient(uri)
    tags = dict(tags)
    new = run_id is None
    if run_id is None:
        experiment_id = _experiment_id(client, experiment, artifact_root(uri))
        if parent:
            tags["mlflow.parentRunId"] = parent
        opened: str = client.create_run(experiment_id, run_name=run_name).info.run_id
    else:
        opened = run_id
        client.update_run(opened, status="RUNNING")
        experiment_id = client.get_run(opened).info.experiment_id

    def first_writes() -> None:
        first_params = (
            [Param(k, _short(readable(v))) for k, v in flatten(params).items()] if new else []
        )
        first_tags = [RunTag(k, _short(v)) for k, v in tags.items()]
        client.log_batch(opened, params=first_params, tags=first_tags)

    return Recorder(client, opened, uri, experiment_id, resumed=not new), first_writes


@contextmanager
def tracked_run(
    tracking: TrackingCfg,
    params: Mapping[str, Any],
    tags: Mapping[str, Any],
    run_id: str | None = None,
    run_name: str | None = None,
    process: Any = None,
    backup: Path | None = None,
) -> Iterator[NullRecorder]:
    """Open a run, yield a recorder, close it FINISHED / FAILED / KILLED.

    ``backup``: the training's backup folder, which a recorder process removes once the
    run is recorded FINISHED and complete, even if the training was killed meanwhile
    (then nothing is left to resume, and a backup would only mislead).

    With ``run_id`` an existing run is continued (resume). Inside a sweep
    (``$DLPIPE_PARENT_RUN_ID`` set) a new run is a child of the sweep's run. With
    ``process`` (a :class:`~dlpipe.track.background.RecorderProcess`) the run is written by
    that process, beside the training: it opens the run while the caller goes on, and the
    run's id is waited for when it is first read.
    """
    if not tracking.enabled:
        yield NullRecorder()
        return
    args = _run_args(tracking, params, tags, run_id, run_name)
    if process is None:
        recorder, first_writes = start_run(*args)
        first_writes()
    else:
        recorder = process.open(*args)  # returns at once; the id is waited for when read
        process.backup = backup
    try:
        yield recorder
    except KeyboardInterrupt:
        recorder.close("KILLED")
        raise
    except BaseException as exc:
        if isinstance(exc, DlpipeError):  # a user mistake: say which, and where it was recorded
            exc.run_id = _opened(recorder)
            recorder.close("FAILED", str(exc))
        else:
            recorder.close("FAILED")
        raise
    run_id = recorder.run_id  # (raises why the run could not be opened, if it was not)
    missing = recorder.close("FINISHED")
    if missing:
        gone = missing[0].startswith(STORE_GONE)
        raise TrackingError(
            f"MLflow run {run_id} is incomplete: {missing[0]}"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
            where="tracking.uri",
            hint="the training itself finished and its files are kept in its output folder"
            + (
                " (the run's record went with the store)"
                if gone
                else "; once the store is reachable (and has space), complete the record with:"
                f" python -m dlpipe trainer.resume={run_id}"
            ),
        )


def record_failed_run(
    tracking: TrackingCfg,
    params: Mapping[str, Any],
    tags: Mapping[str, Any],
    run_name: str | None,
    message: str,
) -> str | None:
    """A run stopped by a user mistake before it could start (a sweep job's), recorded as
    FAILED with ``message``, so that the sweep shows every job. Returns its id."""
    if not tracking.enabled:
        return None
    recorder, first_writes = start_run(*_run_args(tracking, params, tags, None, run_name))
    first_writes()
    recorder.close("FAILED", message)
    return recorder.run_id


def _run_args(
    tracking: TrackingCfg,
    params: Mapping[str, Any],
    tags: Mapping[str, Any],
    run_id: str | None,
    run_name: str | None,
) -> tuple[Any, ...]:
    """:func:`start_run`'s arguments for a run of ``tracking``'s store, which is checked
    first (a server not started is said now, not after MLflow's retries). Inside a sweep
    (``$DLPIPE_PARENT_RUN_ID`` set) a new run is a child of the sweep's run."""
    uri = resolve_uri(tracking.uri)
    check_uri(uri)
    check_server(uri)
    return (
        uri,
        str(tracking.experiment),
        params,
        tags,
        run_id,
        tracking.run_name or run_name or None,
        os.environ.get(PARENT_ENV) if run_id is None else None,
    )


def _opened(recorder: NullRecorder) -> str | None:
    """The run's id, or None when it could not be opened (a recorder process reports why
    when the id is first read: that may be the error being handled)."""
    try:
        return recorder.run_id
    except Exception:
        return None


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= PARAM_MAX else text[: PARAM_MAX - 1] + "…"


def _experiment_id(client: Any, name: str, location: str | None) -> str:
    from mlflow.exceptions import MlflowException

    found = client.get_experiment_by_name(name)
    if found is not None:
        if EXPERIMENT_KIND not in found.tags and found.lifecycle_stage != "deleted":
            client.set_experiment_tag(found.experiment_id, EXPERIMENT_KIND, MODEL_TRAINING)
        return active_experiment(found, client.tracking_uri)
    try:
        return client.create_experiment(
            name, artifact_location=location, tags={EXPERIMENT_KIND: MODEL_TRAINING}
        )
    except MlflowException as exc:  # created by a parallel job in the meantime?
        found = client.get_experiment_by_name(name)
        if found is not None:
            return active_experiment(found, client.tracking_uri)
        refused = exc.error_code == "INVALID_PARAMETER_VALUE"  # the name, not the store
        raise TrackingError(
            f"could not create experiment {name!r} in {client.tracking_uri}: " + first_line(exc),
            where="tracking.experiment" if refused else "tracking.uri",
            hint="choose another name, e.g. tracking.experiment=penguins"
            if refused
            else STORE_UNWRITABLE_HINT,
        ) from None


def active_experiment(experiment: Any, uri: str) -> str:
    """The id of an experiment runs can be added to: one deleted in the UI stays in the
    store's trash under its name (MLflow then refused the run with its own wording)."""
    if experiment.lifecycle_stage != "deleted":
        return str(experiment.experiment_id)
    raise TrackingError(
        f"the experiment {experiment.name!r} was deleted (it is in the trash of {uri})",
        where="tracking.experiment",
        hint=f"restore it: mlflow experiments restore --experiment-id"
        f" {experiment.experiment_id} (with MLflow's MLFLOW_TRACKING_URI set to that store);"
        " or use another name: tracking.experiment=<new name>",
    )


def first_line(exc: BaseException) -> str:
    """The first line of what caused ``exc`` (the exception it was raised from, if any):
    MLflow's wrap the database's or the network's error in text about the session, with
    SQL and URLs after it."""
    seen = {id(exc)}
    while (cause := exc.__cause__ or exc.__context__) is not None and id(cause) not in seen:
        exc = cause
        seen.add(id(cause))
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
