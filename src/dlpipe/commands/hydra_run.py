"""Run a Hydra verb (train, summary): one job, or a sweep of them.

dlpipe checks every config before Hydra instantiates or launches anything: a single run
is composed once and run as ``@hydra.main`` would run it; a sweep is composed and checked
job by job, then handed to Hydra's launcher. The only module besides the config stage that
imports Hydra; the verbs' tasks get what Hydra knows as a :class:`RunContext`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dlpipe.commands.context import RunContext
from dlpipe.commands.terminal import say
from dlpipe.config.folders import SHIPPED, ConfigFolders


def run_under_hydra(task: Callable[..., Any], args: list[str], *, tracked: bool = False) -> int:
    """A single run composes once; a sweep validates every variant, then Hydra takes over.

    ``task(cfg, checked)`` runs one job; ``tracked``: a sweep of them is recorded under one
    MLflow parent run (training), and the sweep's exit code says whether a job failed.
    """
    import hydra

    from dlpipe.commands.check import check_config
    from dlpipe.commands.run_folder import check_own_choices
    from dlpipe.compat import hydra_args_parser
    from dlpipe.config import compose_all, location
    from dlpipe.config.adapt import fitted_to_data
    from dlpipe.config.args import refuse_own_config_folder
    from dlpipe.config.compose import check_folders, declares_multirun
    from dlpipe.config.folders import config_folders

    refuse_own_config_folder(args)
    folders, args = config_folders(args)  # --config-dir DIR, else ./conf: checked here
    parsed = hydra_args_parser().parse_args(args)
    check_folders(folders)  # --help, --cfg and --info read them too
    informational = (
        parsed.help or parsed.hydra_help or parsed.cfg or parsed.info or parsed.shell_completion
    )
    if folders.own and not informational:
        say(f"dlpipe: your configs from {folders.own} (read before dlpipe's own)")
    if parsed.help and not (parsed.hydra_help or parsed.resolve or parsed.cfg):
        from dlpipe.config.help import app_help, handles

        if handles(parsed.overrides):
            print(app_help(parsed.overrides, folders))
            return 0
    searches = any(o.startswith("hparams_search=") for o in parsed.overrides)
    if not (informational or parsed.multirun or searches):
        code = run_single(task, parsed.overrides, folders)
        if code is not None:
            return code
        # the config declares the sweep itself (`hydra.mode: MULTIRUN`): run it as one
    composed: list[Any] = []
    if not informational:  # a model group added (model=lstm for a series): every job,
        # and Hydra's launcher, get it; each job's task adapts its layers the same way
        fitted, composed, notes = fitted_to_data(
            parsed.overrides, lambda overrides: compose_all(overrides, folders)
        )
        args = [*args, *fitted[len(parsed.overrides) :]]
        parsed.overrides = fitted
        for note in notes:
            say(note)
    configs = [check_config(c) for c in composed]
    for cfg in composed:  # each job's: where it reads and records
        check_own_choices(cfg, parsed.overrides)
    if (
        configs
        and not parsed.multirun
        and (searches or declares_multirun(parsed.overrides, folders))
    ):
        # a search, or an experiment file with `hydra.mode: MULTIRUN`, is always a sweep
        args, parsed.multirun = ["--multirun", *args], True
    if configs and parsed.multirun:
        args = claimed_sweep_folder(composed[0], args, parsed.overrides)
    # Hydra's route on the same folders: the user's first, dlpipe's conf/ added after it
    added = [f"--config-dir={location.CONFIG_DIR}"] if folders.own else []
    sys.argv = [sys.argv[0], *added, *args]
    app = hydra.main(version_base="1.3", config_path=str(folders.search[0]), config_name="config")(
        task
    )
    if not parsed.multirun or not configs or not tracked:
        app()
        return 0
    return run_sweep(app, configs[0], parsed.overrides)


def run_here(task: Callable[..., Any], args: list[str]) -> int:
    """Runs for a caller in Python: :func:`run_under_hydra` on the same arguments (a
    sweep too), with what Hydra's own route leaves set in the process (its global state,
    ``sys.argv``) put back. Hydra's informational flags are refused in one message."""
    from dlpipe.compat import hydra_args_parser
    from dlpipe.config.folders import split_folder_flag
    from dlpipe.errors import ConfigError, DlpipeError

    parsed = hydra_args_parser().parse_args(split_folder_flag(args)[1])
    asked = [
        flag
        for flag, on in (
            ("--help", parsed.help or parsed.hydra_help),
            ("--cfg", parsed.cfg),
            ("--info", parsed.info),
            ("--shell-completion", parsed.shell_completion),
        )
        if on
    ]
    if asked:
        raise ConfigError(
            "Hydra's informational flags are for the command line",
            where=asked[0],
            hint="dlpipe.compose(...) gives the config; python -m dlpipe --help lists the groups",
        )
    argv = list(sys.argv)
    try:
        with hydra_state_kept():
            return run_under_hydra(task, args, tracked=True)
    except SystemExit as exited:  # Hydra's own route ends a failure so: not in a notebook
        raise DlpipeError(
            f"the sweep stopped (Hydra's exit code {exited.code})",
            where="sweep",
            hint="its message is above; the same command in a shell says the same",
        ) from None
    finally:
        sys.argv = argv


@contextmanager
def hydra_state_kept() -> Iterator[None]:
    """Hydra's global state as it was before (``@hydra.main`` sets it up and leaves it so
    for the process's life): a Python caller may compose and run again."""
    from hydra.core.global_hydra import GlobalHydra

    state = GlobalHydra.instance()
    before = state.hydra if state.is_initialized() else None
    try:
        yield
    finally:
        state.clear()
        if before is not None:
            state.initialize(before)


def run_single(
    task: Callable[..., Any], overrides: list[str], folders: ConfigFolders = SHIPPED
) -> int | None:
    """One job the way ``@hydra.main`` runs it (run folder, ``.hydra/``, logging), from a
    single composition: Hydra's own route composes the config twice more. Returns None
    when the config declares a sweep."""
    from hydra.core.utils import run_job
    from hydra.types import HydraContext

    from dlpipe.commands.check import check_config
    from dlpipe.commands.run_folder import check_own_choices, claim_folder, planned_folder
    from dlpipe.compat import hydra_callbacks
    from dlpipe.config.adapt import fitted_to_data
    from dlpipe.config.compose import compose_run, hydra_app

    def compose_job(overrides: list[str]) -> list[Any]:
        cfg = compose_run(app, overrides, folders)
        return [] if cfg is None else [cfg]

    with hydra_app(folders) as app:
        # fitted before Hydra writes the run's config: it shows the model that runs
        overrides, composed, notes = fitted_to_data(overrides, compose_job)
        if not composed:
            return None
        (cfg,) = composed
        for note in notes:
            say(note)
        checked = check_config(cfg)
        check_own_choices(cfg, overrides)
        cfg.hydra.run.dir = str(claim_folder(planned_folder(cfg, "run", overrides)))
        callbacks = hydra_callbacks(cfg)
        callbacks.on_run_start(config=cfg, config_name="config")
        job = run_job(
            task_function=lambda task_cfg: task(task_cfg, checked),
            config=cfg,
            job_dir_key="hydra.run.dir",
            job_subdir_key=None,
            hydra_context=HydraContext(config_loader=app.config_loader, callbacks=callbacks),
        )
        callbacks.on_run_end(config=cfg, config_name="config", job_return=job)
        _ = job.return_value  # re-raises what the task raised
    return 0


def claimed_sweep_folder(cfg: Any, args: list[str], overrides: list[str]) -> list[str]:
    """The arguments with the sweep's folder, checked and created, in place of the
    config's (Hydra's launcher would otherwise work out a name and write into it)."""
    from dlpipe.commands.run_folder import (
        claim_folder,
        folder_override,
        planned_folder,
        without_key,
    )

    planned = planned_folder(cfg, "sweep", overrides)
    return [*without_key(planned.key, args), folder_override(planned.key, claim_folder(planned))]


def run_sweep(app: Callable[[], Any], cfg: Any, overrides: list[str]) -> int:
    """A multirun under one MLflow parent run; prints the best job at the end."""
    from dlpipe.track.sweep import finish_sweep, start_sweep

    sweep = start_sweep(cfg.tracking, str(cfg.objective), overrides)
    crashed = True
    try:
        app()
        crashed = False
    finally:
        if sweep is not None:
            result = finish_sweep(sweep, crashed)
            say(result.describe(sweep.objective))
            say(f"MLflow parent run {sweep.run_id}; compare the jobs: python -m dlpipe compare")
    if sweep is not None and result.failed:
        print(
            f"dlpipe: error: {len(result.failed)} of {result.jobs} sweep jobs failed "
            "(their messages are above)",
            file=sys.stderr,
        )
        return 2
    return 0


def run_context() -> RunContext:
    """What Hydra knows about the job it is running, for the verb's task (which does not
    ask Hydra)."""
    from hydra.core.hydra_config import HydraConfig

    hydra_cfg = HydraConfig.get()
    choices = {
        k: str(v)
        for k, v in hydra_cfg.runtime.choices.items()
        if v is not None and not k.startswith("hydra")
    }
    overrides = list(hydra_cfg.overrides.task)
    tags = {OWN_FOLDER_TAG: own} if (own := own_folder(hydra_cfg)) else {}
    described = experiment_description(hydra_cfg, choices.get("experiment"))
    if not is_multirun():
        from dlpipe.track.names import run_name

        return RunContext(
            Path(hydra_cfg.runtime.output_dir),
            overrides,
            choices,
            tags,
            run_name=run_name(choices),
            description=described,
        )
    from dlpipe.track.sweep import job_run_name

    return RunContext(
        output_dir=Path(hydra_cfg.runtime.output_dir),
        overrides=overrides,
        choices=choices,
        tags=tags,
        job_num=int(hydra_cfg.job.num),
        run_name=job_run_name(int(hydra_cfg.job.num), overrides),
        description=described,
    )


# The run tag naming the user's own config folder the run's config was composed from.
OWN_FOLDER_TAG = "dlpipe.config_dir"


def experiment_description(hydra_cfg: Any, choice: str | None) -> str | None:
    """The first comment of the experiment file Hydra read for ``experiment=<choice>``
    (the user's config folders first, then dlpipe's own), if any."""
    from dlpipe.config import location
    from dlpipe.config.folders import first_comment

    if not choice:
        return None
    folders = [Path(s.path) for s in hydra_cfg.runtime.config_sources if s.schema == "file"]
    for folder in [*folders, location.CONFIG_DIR]:
        file = folder / "experiment" / f"{choice}.yaml"
        if file.is_file():
            return first_comment(file.read_text(encoding="utf-8", errors="replace"))
    return None


def own_folder(hydra_cfg: Any) -> str | None:
    """The user's config folder Hydra read first (its ``main`` source), if not dlpipe's."""
    from dlpipe.config import location

    main = [s.path for s in hydra_cfg.runtime.config_sources if s.provider == "main"]
    return main[0] if main and Path(main[0]).resolve() != location.CONFIG_DIR else None


def is_multirun() -> bool:
    """Whether this job is one of a sweep's (Hydra's ``--multirun``)."""
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    return HydraConfig.get().mode == RunMode.MULTIRUN


def sweep_job() -> str:
    """This sweep job as messages name it: its number and its overrides."""
    from hydra.core.hydra_config import HydraConfig

    job = HydraConfig.get().job
    return f"{job.num} ({job.override_dirname})"
