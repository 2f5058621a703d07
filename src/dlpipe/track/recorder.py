"""One MLflow run per training: params, tags, per-epoch metrics, artifacts, final status.

Uses an explicit ``MlflowClient`` and run id (no fluent global run). A run that raises
ends FAILED (KILLED on Ctrl-C), never RUNNING.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dlpipe.errors import DlpipeError
from dlpipe.track.store import artifact_root, ensure_store, resolve_uri

PARAM_MAX = 6000
# Set by the CLI for the jobs of a sweep: each job's run becomes a child of this run.
PARENT_ENV = "DLPIPE_PARENT_RUN_ID"


class NullRecorder:
    """Tracking off (``tracking.enabled=false``): same calls, nothing recorded."""

    run_id: str | None = None
    uri: str | None = None

    def log_metrics(self, metrics: Mapping[str, float], step: int | None = None) -> None:
        """Ignore metrics."""

    def log_artifact(self, path: Path, artifact_path: str | None = None) -> None:
        """Ignore files."""

    def log_text(self, text: str, artifact_file: str) -> None:
        """Ignore text."""

    def set_tags(self, tags: Mapping[str, Any]) -> None:
        """Ignore tags."""


class Recorder(NullRecorder):
    """Records into one MLflow run."""

    def __init__(self, client: Any, run_id: str, uri: str):
        self.client, self.run_id, self.uri = client, run_id, uri

    def log_metrics(self, metrics: Mapping[str, float], step: int | None = None) -> None:
        """All values in one batched call (one call per epoch, not one per value)."""
        from mlflow.entities import Metric

        now = int(time.time() * 1000)
        batch = [Metric(k, float(v), now, step or 0) for k, v in metrics.items()]
        self.client.log_batch(self.run_id, metrics=batch, synchronous=True)

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

        self.client.log_batch(
            self.run_id, tags=[RunTag(k, str(v)[:PARAM_MAX]) for k, v in tags.items()]
        )


@contextmanager
def tracked_run(
    tracking: Any,
    params: Mapping[str, Any],
    tags: Mapping[str, Any],
    run_id: str | None = None,
    run_name: str | None = None,
) -> Iterator[NullRecorder]:
    """Open a run, yield a recorder, close it FINISHED / FAILED / KILLED.

    With ``run_id`` an existing run is continued (resume): it is set RUNNING again, only
    ``tags`` are written (params were logged when it started and cannot change).
    Inside a sweep (``$DLPIPE_PARENT_RUN_ID`` set) a new run is a child of the sweep's run.
    """
    if not tracking.enabled:
        yield NullRecorder()
        return
    from mlflow.entities import Param, RunTag
    from mlflow.tracking import MlflowClient

    uri = resolve_uri(tracking.uri)
    ensure_store(uri)
    client = MlflowClient(uri)
    tags = dict(tags)
    if run_id is None:
        experiment_id = _experiment_id(client, str(tracking.experiment), artifact_root(uri))
        if os.environ.get(PARENT_ENV):
            tags["mlflow.parentRunId"] = os.environ[PARENT_ENV]
        run = client.create_run(experiment_id, run_name=tracking.run_name or run_name or None)
        run_id = run.info.run_id
        first_params = [Param(k, _short(v)) for k, v in flatten(params).items()]
    else:
        client.update_run(run_id, status="RUNNING")
        first_params = []
    recorder = Recorder(client, run_id, uri)
    try:
        client.log_batch(
            run_id, params=first_params, tags=[RunTag(k, _short(v)) for k, v in tags.items()]
        )
        yield recorder
    except KeyboardInterrupt:
        client.set_terminated(run_id, "KILLED")
        raise
    except BaseException as exc:
        if isinstance(exc, DlpipeError):  # a user mistake: say which, and where it was recorded
            client.set_tag(run_id, "dlpipe.error", _short(exc))
            exc.run_id = run_id
        client.set_terminated(run_id, "FAILED")
        raise
    else:
        client.set_terminated(run_id, "FINISHED")


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{a: {b: 1}}`` → ``{"a.b": 1}``; lists become JSON strings."""
    out: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            out.update(flatten(value, name + "."))
        elif isinstance(value, list | tuple | Mapping):
            out[name] = json.dumps(value, default=str)
        else:
            out[name] = value
    return out


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= PARAM_MAX else text[: PARAM_MAX - 1] + "…"


def _experiment_id(client: Any, name: str, location: str | None) -> str:
    from mlflow.exceptions import MlflowException

    found = client.get_experiment_by_name(name)
    if found is not None:
        return found.experiment_id
    try:
        return client.create_experiment(name, artifact_location=location)
    except MlflowException:  # created by a parallel job in the meantime
        return client.get_experiment_by_name(name).experiment_id
