"""Track stage: MLflow store, one run per training, params/metrics/artifacts."""

from dlpipe.track.recorder import NullRecorder, Recorder, tracked_run
from dlpipe.track.store import ensure_store, resolve_uri

__all__ = ["NullRecorder", "Recorder", "ensure_store", "resolve_uri", "tracked_run"]
