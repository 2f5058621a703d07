"""``trainer.resume=<run id>``: continue an interrupted run from its last completed epoch.

The run's own stored config is used (so ``python -m dlpipe trainer.resume=<id>`` is
enough); only :data:`RESUMABLE_KEYS` may be changed on the command line. Training
restarts from the ``BackupAndRestore`` checkpoint in the run's output folder and logs
into the same MLflow run, skipping epochs that were already logged.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

from dlpipe.config.schema import Config
from dlpipe.errors import TrackingError
from dlpipe.training.callbacks import EpochLog

log = logging.getLogger("dlpipe")

# What a resumed run may change; everything else is the interrupted run's config.
RESUMABLE_KEYS = ("trainer.epochs", "trainer.verbose", "trainer.resume", "tracking.uri")
RESUMABLE_STATUSES = ("KILLED", "FAILED", "RUNNING")


@dataclass(frozen=True)
class Resume:
    """The run being continued and the epochs (steps) it already logged."""

    run_id: str
    logged: frozenset[int] = frozenset()  # the epochs (steps) the run has
    trained: bool = False  # training was over: only the record is to be completed

    @property
    def last_step(self) -> int:
        """The last epoch the run has (-1: none)."""
        return max(self.logged, default=-1)

    def skip_logged(self, recorder: Any) -> Any:
        """A recorder that drops per-epoch metrics for steps already in the run."""
        return _SkipLogged(recorder, self.last_step)

    def fill_gap(self, recorder: Any) -> Callable[[int, list[EpochLog]], None]:
        """What to do when training restarts from the backup after ``done`` epochs: record
        the epochs before it that the run lacks (sent by the training, but lost with a
        recorder killed before it wrote them, or refused by a store that was down), with the
        metrics and times the backup kept."""

        def fill(done: int, epochs: list[EpochLog]) -> None:
            for epoch in epochs:
                if epoch.step < done and epoch.step not in self.logged:
                    recorder.log_metrics(epoch.metrics, step=epoch.step, at_ms=epoch.at_ms)

        return fill


class _SkipLogged:
    def __init__(self, recorder: Any, last_step: int):
        self.recorder, self.last_step = recorder, last_step

    def log_metrics(self, metrics: Mapping[str, float], step: int | None = None) -> None:
        if step is not None and step <= self.last_step:
            return
        self.recorder.log_metrics(metrics, step=step)


def prepare_resume(cfg: Config, context: Any) -> tuple[Config, Any, Resume]:
    """The interrupted run's config and output folder, checked to be resumable."""
    from dlpipe.commands.check import check_config
    from dlpipe.commands.context import RunContext
    from dlpipe.track.runs import open_run, stored_config
    from dlpipe.track.store import resolve_uri
    from dlpipe.training.callbacks import BACKUP_DIR, has_backup, is_trained

    run_id = str(cfg.trainer.resume)
    uri = resolve_uri(cfg.tracking.uri)
    client, run = open_run(uri, run_id, where="trainer.resume")
    status = run.info.status
    if status not in RESUMABLE_STATUSES:
        raise TrackingError(
            f"run {run_id} is {status}: there is nothing to resume",
            where="trainer.resume",
            hint="a finished run's checkpoint is deleted; start a new run instead",
        )
    tags = run.data.tags
    if status == "RUNNING" and still_running(tags):
        raise TrackingError(
            f"run {run_id} is still being trained by process {tags.get('dlpipe.pid')}",
            where="trainer.resume",
            hint="wait for it, or stop it (Ctrl-C / kill) and resume then",
        )
    output_dir = Path(tags.get("dlpipe.output_dir", ""))
    here = Path.cwd().resolve()
    if not (here / output_dir).resolve().is_relative_to(here):
        raise TrackingError(
            f"run {run_id} was trained in {output_dir}, outside this folder ({here}); a resumed "
            "run writes only under the folder it is resumed from",
            where="trainer.resume",
            hint="run the command from the folder the run was trained in",
        )
    if not (has_backup(output_dir / BACKUP_DIR) or is_trained(output_dir)):
        raise TrackingError(
            f"run {run_id} left no checkpoint in {output_dir / BACKUP_DIR}",
            where="trainer.resume",
            hint="it was started with trainer.backup=false, or its folder was moved or deleted",
        )
    stored = stored_config(client, run_id)
    ignored = _apply_resumable(stored, cfg, context.overrides)
    if ignored:
        log.warning(
            "resuming run %s with its own config; ignored: %s (only %s may change)",
            run_id,
            " ".join(ignored),
            ", ".join(RESUMABLE_KEYS),
        )
    stored.tracking.uri = uri
    stored.trainer.resume = run_id
    stored.paths.output_dir = str(output_dir)
    logged = frozenset(m.step for m in client.get_metric_history(run_id, "loss"))
    last_step = max(logged, default=-1)
    trained = is_trained(output_dir)
    if trained:
        log.info(
            "completing the record of run %s (%s): its training finished, its files are in %s",
            run_id,
            status,
            output_dir,
        )
        resumed = "to complete its record"
    else:
        log.info("resuming run %s (%s; epochs 0..%d already logged)", run_id, status, last_step)
        resumed = f"at epoch {last_step + 1} with trainer.epochs={stored.trainer.epochs}"
    new_context = RunContext(output_dir=output_dir, tags={"dlpipe.resumed": resumed})
    return check_config(stored), new_context, Resume(run_id, logged, trained)


def _apply_resumable(stored: DictConfig, cfg: Any, overrides: list[str]) -> list[str]:
    """Copy the resumable keys given on the command line; return the other overrides
    that would change the stored config (ignored). Repeating the original ones is fine."""
    ignored = []
    for override in overrides:
        key = override.lstrip("+~").split("=", 1)[0]
        if key.startswith("hydra."):
            continue
        if key in RESUMABLE_KEYS:
            OmegaConf.update(stored, key, OmegaConf.select(cfg, key), merge=False)
        elif _value(cfg, key) != _value(stored, key):
            ignored.append(override)
    return ignored


def _value(cfg: Any, key: str) -> Any:
    """A key's resolved value (a group's whole node), or a marker when it cannot resolve."""
    try:
        node = OmegaConf.select(cfg, key.replace("/", "."))
        return OmegaConf.to_container(node, resolve=True) if OmegaConf.is_config(node) else node
    except Exception:  # an interpolation that only resolves inside Hydra, say
        return object()


def still_running(tags: Mapping[str, str]) -> bool:
    """Whether the process recorded in the run's tags is alive on this machine."""
    pid = tags.get("dlpipe.pid", "")
    if tags.get("dlpipe.host") != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"dlpipe" in cmdline
