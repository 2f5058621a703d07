"""What the caller (the CLI, under Hydra) knows about a run, handed to the train command.

The commands never import Hydra: the CLI edge reads its output folder, overrides and
group choices into a :class:`RunContext`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class RunContext:
    """What the caller (the CLI, under Hydra) knows about this run."""

    output_dir: Path
    overrides: list[str] = field(default_factory=list)
    choices: dict[str, str] = field(default_factory=dict)
    # Extra run tags (e.g. `dlpipe.reproduces` on a `reproduce` run).
    tags: dict[str, str] = field(default_factory=dict)
    # Set for a job of a sweep (multirun): its number, and a name for its MLflow run.
    job_num: int | None = None
    run_name: str | None = None
