"""The edge: pick the verb, check the config, run it under Hydra, turn errors into messages.

A :class:`~dlpipe.errors.DlpipeError` (a user mistake) becomes one short message on stderr
and exit code 2. Anything else is a bug: its traceback is kept and the exit code is 1.
Nothing here imports TensorFlow; the stages import it when they need it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dlpipe.errors import DlpipeError

log = logging.getLogger("dlpipe")

HYDRA_VERBS = ("train", "summary")
VERBS = (*HYDRA_VERBS, "check", "predict", "compare", "reproduce")


def main(argv: list[str] | None = None) -> None:
    """Entry point of `dlpipe` and `python -m dlpipe`."""
    args = list(sys.argv[1:] if argv is None else argv)
    verb = args.pop(0) if args and args[0] in VERBS else "train"
    # A log file that cannot be written (a full disk) must not print a traceback per
    # line: what failed reaches the user as one message.
    logging.raiseExceptions = False
    try:
        code = run_verb(verb, args)
    except DlpipeError as exc:
        code = report(exc)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM while training (Terminated)
        print("dlpipe: interrupted", file=sys.stderr)
        code = 128 + getattr(exc, "signum", 2)
    if argv is None:  # the program itself, not a caller in Python
        exit_now(code)
    sys.exit(code)


def exit_now(code: int) -> None:
    """End the process without the interpreter's teardown, once TensorFlow is loaded.

    Tearing down the modules of a process that imported TensorFlow takes ~1.5 s here,
    after the run is over. Every file is written and closed by then, so dlpipe runs the
    exit handlers (logging, MLflow), flushes its output and leaves at once. Not under a
    debugger, profiler or coverage tracer (they write their results at teardown), and
    not while another thread is still working.
    """
    import threading

    if "tensorflow" not in sys.modules or sys.gettrace() or sys.getprofile():
        return
    others = [t for t in threading.enumerate() if t is not threading.main_thread()]
    if any(t.is_alive() and not t.daemon for t in others):
        return
    import contextlib
    import os

    from dlpipe.compat import run_exit_handlers

    run_exit_handlers()  # what a normal exit runs, logging.shutdown included
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`dlpipe … | head`)
            stream.flush()
    os._exit(code)


def report(exc: DlpipeError) -> int:
    """Print a user mistake as one clear message (and the MLflow run that recorded it,
    if one was open); return exit code 2."""
    print(f"dlpipe: error: {exc}", file=sys.stderr)
    run_id = getattr(exc, "run_id", None)
    if run_id:
        print(f"  recorded in MLflow run {run_id} (FAILED)", file=sys.stderr)
    return 2


def run_verb(verb: str, args: list[str]) -> int:
    """Dispatch to the verb's handler; returns the exit code."""
    if verb in HYDRA_VERBS:
        return run_under_hydra(TASKS[verb], args)
    if verb == "check":
        from dlpipe.commands.check import check

        return check(args)
    if verb == "reproduce":
        from dlpipe.reproduce import reproduce

        return reproduce(args)
    if verb == "predict":
        from dlpipe.predict import predict_command

        return predict_command(args)
    if verb == "compare":
        from dlpipe.track.compare import compare_command

        return compare_command(args)
    raise DlpipeError(
        f"'{verb}' is not available in this version of dlpipe", hint="see `python -m dlpipe --help`"
    )


def run_under_hydra(task: Callable[..., Any], args: list[str]) -> int:
    """A single run composes once; a sweep validates every variant, then Hydra takes over."""
    import hydra

    from dlpipe.commands.check import check_config
    from dlpipe.compat import hydra_args_parser
    from dlpipe.config import compose_all, location
    from dlpipe.config.args import refuse_own_config_folder
    from dlpipe.config.compose import declares_multirun

    parsed = hydra_args_parser().parse_args(args)
    informational = (
        parsed.help or parsed.hydra_help or parsed.cfg or parsed.info or parsed.shell_completion
    )
    refuse_own_config_folder(args)
    if parsed.help and not (parsed.hydra_help or parsed.resolve or parsed.cfg):
        from dlpipe.config.help import app_help, handles

        if handles(parsed.overrides):
            print(app_help(parsed.overrides))
            return 0
    searches = any(o.startswith("hparams_search=") for o in parsed.overrides)
    if not (informational or parsed.multirun or searches):
        code = run_single(task, parsed.overrides)
        if code is not None:
            return code
        # the config declares the sweep itself (`hydra.mode: MULTIRUN`): run it as one
    composed = [] if informational else compose_all(parsed.overrides)
    configs = [check_config(c) for c in composed]
    if configs and not parsed.multirun and (searches or declares_multirun(parsed.overrides)):
        # a search, or an experiment file with `hydra.mode: MULTIRUN`, is always a sweep
        args, parsed.multirun = ["--multirun", *args], True
    if configs and parsed.multirun:
        args = claimed_sweep_folder(composed[0], args, parsed.overrides)
    sys.argv = [sys.argv[0], *args]
    app = hydra.main(
        version_base="1.3", config_path=str(location.CONFIG_DIR), config_name="config"
    )(task)
    if not parsed.multirun or not configs or task is not train_task:
        app()
        return 0
    return run_sweep(app, configs[0], parsed.overrides)


def run_single(task: Callable[..., Any], overrides: list[str]) -> int | None:
    """One job the way ``@hydra.main`` runs it (run folder, ``.hydra/``, logging), from a
    single composition: Hydra's own route composes the config twice more. Returns None
    when the config declares a sweep."""
    from hydra.core.utils import run_job
    from hydra.types import HydraContext

    from dlpipe.commands.check import check_config
    from dlpipe.commands.run_folder import claim_folder, planned_folder
    from dlpipe.compat import hydra_callbacks
    from dlpipe.config.compose import compose_run, hydra_app

    with hydra_app() as app:
        cfg = compose_run(app, overrides)
        if cfg is None:
            return None
        checked = check_config(cfg)
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
            print(result.describe(sweep.objective))
            print(f"MLflow parent run {sweep.run_id}; compare the jobs: python -m dlpipe compare")
    if sweep is not None and result.failed:
        print(
            f"dlpipe: error: {len(result.failed)} of {result.jobs} sweep jobs failed "
            "(their messages are above)",
            file=sys.stderr,
        )
        return 2
    return 0


def _context(cfg: Any) -> Any:
    """What Hydra knows about this job, for the pipeline (which does not import Hydra)."""
    from hydra.core.hydra_config import HydraConfig

    from dlpipe.commands.context import RunContext

    hydra_cfg = HydraConfig.get()
    choices = {
        k: str(v)
        for k, v in hydra_cfg.runtime.choices.items()
        if v is not None and not k.startswith("hydra")
    }
    overrides = list(hydra_cfg.overrides.task)
    if not _is_multirun():
        return RunContext(Path(hydra_cfg.runtime.output_dir), overrides, choices)
    from dlpipe.track.sweep import job_run_name

    return RunContext(
        output_dir=Path(hydra_cfg.runtime.output_dir),
        overrides=overrides,
        choices=choices,
        job_num=int(hydra_cfg.job.num),
        run_name=job_run_name(int(hydra_cfg.job.num), overrides),
    )


def _is_multirun() -> bool:
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    return HydraConfig.get().mode == RunMode.MULTIRUN


def train_task(cfg: Any, checked: Any = None) -> float | None:
    """One training job (a single run, or one job of a sweep); ``checked``: ``cfg``
    already validated."""
    from dlpipe import pipeline
    from dlpipe.commands.check import check_config

    multirun = _is_multirun()
    if multirun:
        from dlpipe.train.runtime import reset_keras

        reset_keras()
    try:
        result = pipeline.train(checked or check_config(cfg), _context(cfg))
    except DlpipeError as exc:
        if not multirun:
            raise SystemExit(report(exc)) from None
        # One job's mistake ends that job (recorded as a FAILED run), not the whole sweep.
        from hydra.core.hydra_config import HydraConfig

        job = HydraConfig.get().job
        print(
            f"dlpipe: error in sweep job {job.num} ({job.override_dirname}): {exc}", file=sys.stderr
        )
        checked = check_config(cfg)
        if checked.tracking.enabled and getattr(exc, "run_id", None) is None:
            pipeline.record_failed_job(checked, _context(cfg), str(exc))
        return None
    if result["run_id"]:
        log.info(
            "MLflow run %s in experiment '%s' (%s)",
            result["run_id"],
            result.get("experiment", cfg.tracking.experiment),
            result["uri"],
        )
        if str(result["uri"]).startswith("http"):
            log.info("  see it at: %s", result["uri"])
        else:
            log.info(
                "  see it with: mlflow ui --backend-store-uri %s   (or: make ui)", result["uri"]
            )
    return result["objective"]


def summary_task(cfg: Any, checked: Any = None) -> None:
    """Build the model exactly as training would and print Keras' summary."""
    from dlpipe import pipeline
    from dlpipe.commands.check import check_config

    try:
        print(pipeline.summary(checked or check_config(cfg)))
    except DlpipeError as exc:
        raise SystemExit(report(exc)) from None


TASKS: dict[str, Callable[..., Any]] = {"train": train_task, "summary": summary_task}
