"""The sweeper's config (``hydra/sweeper=optuna``), registered in Hydra's ConfigStore."""

# No `from __future__ import annotations`: OmegaConf reads these annotations at runtime
# (and Hydra loads this module without registering it in sys.modules).
from dataclasses import dataclass, field
from typing import Any

from hydra.core.config_store import ConfigStore


@dataclass
class OptunaSweeperConf:
    """A Bayesian (TPE) or random search over ``params`` for ``n_trials`` trials."""

    _target_: str = "hydra_plugins.dlpipe_optuna_sweeper.optuna_sweeper.OptunaSweeper"
    # auto: maximise accuracy-like objectives, minimise losses (from the config's `objective`)
    direction: str = "auto"
    n_trials: int = 20
    # Trials launched together (run in parallel with hydra/launcher=joblib).
    n_jobs: int = 1
    sampler: str = "tpe"  # tpe | random
    seed: int | None = None
    # null keeps the study in memory; e.g. sqlite:///optuna.db keeps it across sweeps.
    storage: str | None = None
    study_name: str | None = None
    # Search space: key -> Hydra sweep syntax, e.g. "tag(log, interval(1e-4, 1e-1))",
    # "choice(16, 32, 64)", "range(1, 4)", "interval(0.0, 0.5)".
    params: dict[str, Any] = field(default_factory=dict)


ConfigStore.instance().store(
    group="hydra/sweeper", name="optuna", node=OptunaSweeperConf, provider="dlpipe"
)
