"""A Hydra Sweeper around current Optuna (ask/tell), for ``hparams_search=<name>`` configs.

Why not the ``hydra-optuna-sweeper`` plugin: its last release pins optuna<3, which breaks
with SQLAlchemy 2 (our MLflow's) as soon as a storage is used. This sweeper is ~100 lines
on Optuna's stable ask/tell API, reads the same search-space syntax (``choice``,
``range``, ``interval``, ``tag(log, ...)``) and uses whatever launcher Hydra is set to.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import (
    ChoiceSweep,
    IntervalSweep,
    Override,
    RangeSweep,
)
from hydra.core.plugins import Plugins
from hydra.plugins.sweeper import Sweeper
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, OmegaConf

from hydra_plugins.dlpipe_optuna_sweeper.config import OptunaSweeperConf  # noqa: F401 (registers)

log = logging.getLogger(__name__)

Suggest = Callable[[Any], str]


class OptunaSweeper(Sweeper):
    """Ask Optuna for ``n_jobs`` trials at a time, launch them, tell it the objectives."""

    def __init__(
        self,
        direction: str,
        n_trials: int,
        n_jobs: int,
        sampler: str,
        seed: int | None,
        storage: str | None,
        study_name: str | None,
        params: dict[str, Any],
    ) -> None:
        self.direction, self.n_trials, self.n_jobs = direction, int(n_trials), int(n_jobs)
        self.sampler, self.seed, self.storage = sampler, seed, storage
        self.study_name, self.params = study_name, dict(params or {})
        self.config: DictConfig | None = None

    def setup(
        self, *, hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig
    ) -> None:
        """Keep the config and set up the launcher Hydra is configured with."""
        self.config, self.hydra_context = config, hydra_context
        self.launcher = Plugins.instance().instantiate_launcher(
            hydra_context=hydra_context, task_function=task_function, config=config
        )

    def sweep(self, arguments: list[str]) -> Any:
        """Run the study; returns Optuna's best trial."""
        import optuna

        assert self.config is not None
        parser = OverridesParser.create()
        given = parser.parse_overrides(arguments)
        space_overrides = parser.parse_overrides([f"{k}={v}" for k, v in self.params.items()])
        space_overrides += [o for o in given if o.is_sweep_override()]
        fixed = [o.input_line for o in given if o.input_line and not o.is_sweep_override()]
        space = {o.get_key_element(): suggestion(o) for o in space_overrides}
        if not space:
            raise ValueError(
                "the optuna sweeper has nothing to search: give hydra.sweeper.params "
                "(e.g. in an hparams_search config) or sweep overrides like lr=interval(1e-4,1e-2)"
            )
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        study = optuna.create_study(
            direction=self._direction(),
            sampler=self._sampler(),
            storage=self.storage,
            study_name=self.study_name,
            load_if_exists=bool(self.storage),
        )
        log.info(
            "Optuna study: %s %s, %d trials (%s), search space: %s",
            study.direction.name.lower(),
            self.config.get("objective"),
            self.n_trials,
            self.sampler,
            ", ".join(f"{k}={self.params.get(k, '(command line)')}" for k in space),
        )
        done = 0
        while done < self.n_trials:
            trials = [study.ask() for _ in range(min(self.n_jobs, self.n_trials - done))]
            batch = [
                tuple(fixed + [f"{key}={suggest(trial)}" for key, suggest in space.items()])
                for trial in trials
            ]
            self.validate_batch_is_legal(batch)
            assert self.launcher is not None  # set by setup(), which Hydra calls first
            returns = self.launcher.launch(batch, initial_job_idx=done)
            for trial, ret in zip(trials, returns, strict=True):
                _tell(study, trial, ret)
            done += len(trials)
        return self._report(study)

    def _direction(self) -> Literal["minimize", "maximize"]:
        if self.direction == "minimize":
            return "minimize"
        if self.direction == "maximize":
            return "maximize"
        from dlpipe.track.sweep import higher_is_better

        objective = str(self.config.get("objective") or "val_loss") if self.config else "val_loss"
        return "maximize" if higher_is_better(objective) else "minimize"

    def _sampler(self) -> Any:
        import optuna

        samplers = {"tpe": optuna.samplers.TPESampler, "random": optuna.samplers.RandomSampler}
        if self.sampler not in samplers:
            raise ValueError(
                f"hydra.sweeper.sampler: expected one of {', '.join(samplers)}; received {self.sampler!r}"
            )
        return samplers[self.sampler](seed=self.seed)

    def _report(self, study: Any) -> Any:
        from optuna.trial import TrialState

        complete = [t for t in study.trials if t.state == TrialState.COMPLETE]
        if not complete:
            log.warning("Optuna: no trial finished")
            return None
        best = study.best_trial
        log.info(
            "Optuna best trial #%d: value=%.6g params=%s", best.number, best.value, best.params
        )
        assert self.config is not None
        results = {"name": "optuna", "best_params": best.params, "best_value": best.value}
        out = Path(self.config.hydra.sweep.dir) / "optimization_results.yaml"
        out.parent.mkdir(parents=True, exist_ok=True)
        OmegaConf.save(OmegaConf.create(results), out)
        return best


def suggestion(override: Override) -> Suggest:
    """How to ask a trial for this key's value, from Hydra's sweep syntax."""
    name = override.get_key_element()
    value = override.value()
    if isinstance(value, IntervalSweep):
        log_scale = "log" in value.tags
        low, high = value.start, value.end
        if low is None or high is None:
            raise ValueError(f"{name}: interval() needs both ends ({override.input_line})")
        if isinstance(low, int) and isinstance(high, int):
            first, last = low, high
            return lambda t: str(t.suggest_int(name, first, last, log=log_scale))
        lowest, highest = float(low), float(high)
        return lambda t: repr(t.suggest_float(name, lowest, highest, log=log_scale))
    if isinstance(value, RangeSweep):
        start, stop, step = value.start, value.stop, value.step
        if isinstance(start, int) and isinstance(stop, int) and isinstance(step, int):
            end = stop - step  # range() excludes its end
            return lambda t: str(t.suggest_int(name, start, end, step=step))
    if isinstance(value, ChoiceSweep | RangeSweep) or override.is_sweep_override():
        choices: Sequence[str] = list(override.sweep_string_iterator())
        return lambda t: t.suggest_categorical(name, list(choices))
    raise ValueError(f"{name}: not a search space ({override.input_line})")


def _tell(study: Any, trial: Any, ret: Any) -> None:
    """Report a job's objective; a failed job (or no objective) is a failed trial."""
    from hydra.core.utils import JobStatus
    from optuna.trial import TrialState

    value = ret.return_value if ret.status == JobStatus.COMPLETED else None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        study.tell(trial, state=TrialState.FAIL)
    else:
        study.tell(trial, float(value))
