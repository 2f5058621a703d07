"""A recorded run read back: the run itself, the config it stored, its files.

`reproduce` and `trainer.resume` start from here; both get one clear error when the
store, the run or its ``config.yaml`` is missing. A stored config is untrusted input (a
shared store, a tampered artifact): it is checked before anything in it resolves.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from dlpipe.config.plain import to_dict
from dlpipe.config.safety import check_interpolations
from dlpipe.config.yaml_bounds import check_size, load_config
from dlpipe.errors import ConfigError, TrackingError


def open_run(uri: str, run_id: str, where: str) -> tuple[Any, Any]:
    """An MLflow client on ``uri`` and the run ``run_id``; a clear error when absent."""
    from mlflow.exceptions import MlflowException

    from dlpipe.track.store import client as mlflow_client

    client = mlflow_client(uri)
    try:
        return client, client.get_run(run_id)
    except MlflowException:
        raise TrackingError(
            f"no run {run_id!r} in {uri}",
            where=where,
            hint="copy the id the training printed ('MLflow run <id>') or from `mlflow ui`;"
            " set tracking.uri=<uri> when the run is in another store",
        ) from None


def stored_config(client: Any, run_id: str) -> DictConfig:
    """The resolved config the run logged as ``config.yaml``."""
    import os

    from mlflow.exceptions import MlflowException

    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    where = f"run {run_id} config.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        try:  # untrusted: its size is read before it is downloaded
            size = next(
                (f.file_size for f in client.list_artifacts(run_id) if f.path == "config.yaml"), 0
            )
            check_size(size or 0, where)
            local = client.download_artifacts(run_id, "config.yaml", tmp)
        except (MlflowException, OSError):
            raise TrackingError(
                f"run {run_id} has no config.yaml artifact",
                where=f"run {run_id}",
                hint="only runs recorded by `dlpipe` (with tracking enabled) can be re-run",
            ) from None
        stored = load_config(Path(local), where)
    if not isinstance(stored, DictConfig):
        raise TrackingError(
            f"run {run_id}'s config.yaml is not a config (a YAML mapping)",
            where=f"run {run_id}",
            hint="only runs recorded by `dlpipe` can be re-run; was the artifact replaced?",
        )
    try:  # untrusted: nothing in it may resolve from this machine's environment
        check_interpolations(to_dict(stored, resolve=False))
    except ConfigError as exc:
        exc.where = f"run {run_id} config.yaml: {exc.where}"
        raise
    return stored


def download_run_files(run_id: str, tracking_uri: str | None) -> Path:
    """The files ``predict`` needs of run ``run_id`` (model, preprocessor, config), in a new
    temporary folder the caller removes."""
    from mlflow.exceptions import MlflowException

    from dlpipe.track.run_files import OLDER_ARTIFACTS, RUN_ARTIFACTS
    from dlpipe.track.store import client as mlflow_client
    from dlpipe.track.store import quiet_mlflow, resolve_uri

    quiet_mlflow()
    uri = resolve_uri(tracking_uri)
    client = mlflow_client(uri)
    try:
        client.get_run(run_id)
    except MlflowException:
        raise TrackingError(
            f"no run {run_id!r} in {uri}",
            where="run",
            hint="give a run id from `dlpipe compare` (or the MLflow UI), or a run folder; "
            "set tracking.uri=... if the run is in another store",
        ) from None
    folder = Path(tempfile.mkdtemp(prefix="dlpipe-run-"))
    files = [*RUN_ARTIFACTS.items(), *OLDER_ARTIFACTS.items(), ("config.yaml", "config.yaml")]
    for name, artifact in files:
        try:
            local = Path(client.download_artifacts(run_id, artifact, str(folder)))
        except (MlflowException, OSError):
            continue
        if local != folder / name:
            local.replace(folder / name)
    return folder
