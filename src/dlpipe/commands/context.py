"""What Hydra knows about a run, handed to the train command.

Only :mod:`dlpipe.commands.hydra_run` asks Hydra; it reads the run's output folder,
overrides and group choices into a :class:`RunContext`, and the train command (and
``reproduce``, ``resume``, the Python callers) work from that alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class RunContext:
    """What the caller (Hydra's job, or a verb that starts a run itself) knows about this run."""

    output_dir: Path
    overrides: list[str] = field(default_factory=list)
    choices: dict[str, str] = field(default_factory=dict)
    # Extra run tags (e.g. `dlpipe.reproduces` on a `reproduce` run).
    tags: dict[str, str] = field(default_factory=dict)
    # Set for a job of a sweep (multirun): its number, and a name for its MLflow run.
    job_num: int | None = None
    run_name: str | None = None
    # The experiment file's first comment: the run's description unless
    # tracking.description gives one.
    description: str | None = None
