"""`train`: the run, start to end — config → data → preprocess → model → train → track.

Each step calls one stage package; this module only wires them. Hydra runs
:func:`train_task` (:mod:`dlpipe.commands.hydra_run`), which hands :func:`train` what Hydra
knows (output folder, overrides, group choices) as a :class:`RunContext`.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from omegaconf import OmegaConf

from dlpipe.commands.context import RunContext
from dlpipe.config.plain import to_dict
from dlpipe.config.schema import Config
from dlpipe.errors import DlpipeError, OutputError, report, unwritable

if TYPE_CHECKING:  # the stages load pandas and more: the verb imports them when it runs
    from dlpipe.preprocess.prepare import Prepared

log = logging.getLogger("dlpipe")


def build(cfg: Config, prepared: Prepared) -> Any:
    """Build and compile the Keras model for the prepared data."""
    from dlpipe.model import loss_weight, output_spec, resolve_loss, resolve_metrics
    from dlpipe.model.augment import with_augmentation
    from dlpipe.model.build import build_model
    from dlpipe.training.compile import compile_model

    spec = output_spec(prepared.preprocessor)
    texts = prepared.preprocessor.text_branches()
    model = build_model(cfg.model, prepared.input_shape, spec, cfg.data.source, texts)
    model = with_augmentation(model, cfg.data.augment, int(cfg.seed))
    loss = resolve_loss(cfg.model.loss, spec)
    compile_model(
        model,
        cfg.optimizer,
        loss,
        resolve_metrics(list(cfg.model.metrics), spec),
        cfg.trainer,
        loss_weight(loss, spec),
    )
    return model


def main(args: list[str]) -> int:
    """`dlpipe train` (the default verb): one run, or a sweep under one MLflow parent run."""
    from dlpipe.commands.hydra_run import run_under_hydra

    return run_under_hydra(train_task, args, tracked=True)


def train_task(cfg: Any, checked: Any = None, done: list[Any] | None = None) -> float | None:
    """One training job (a single run, or one job of a sweep); ``checked``: ``cfg``
    already validated. ``done``: a Python caller's list, which gets ``(config, results)``
    of each job, and whose single run raises its mistake instead of exiting."""
    from dlpipe.commands.check import check_config
    from dlpipe.commands.hydra_run import is_multirun, run_context, sweep_job

    multirun = is_multirun()
    if multirun or done is not None:  # (a caller in Python may have trained before)
        from dlpipe.training.runtime import reset_keras

        reset_keras()
    try:
        checked = checked or check_config(cfg)
        result = train(checked, run_context())
    except DlpipeError as exc:
        if not multirun:
            if done is not None:
                raise
            raise SystemExit(report(exc)) from None
        # One job's mistake ends that job (recorded as a FAILED run), not the whole sweep.
        print(f"dlpipe: error in sweep job {sweep_job()}: {exc}", file=sys.stderr)
        checked = check_config(cfg)
        if checked.tracking.enabled and getattr(exc, "run_id", None) is None:
            record_failed_job(checked, run_context(), str(exc))
        return None
    say_where(result, cfg)
    if done is not None:
        done.append((checked, result))
    return result["objective"]


def say_where(result: dict[str, Any], cfg: Any) -> None:
    """Where the run's record is, and how to look at it."""
    if not result["run_id"]:
        return
    log.info(
        "MLflow run %s in experiment '%s' (%s)",
        result["run_id"],
        result.get("experiment", cfg.tracking.experiment),
        result["uri"],
    )
    if str(result["uri"]).startswith("http"):
        log.info("  see it at: %s", result["uri"])
    elif make_ui_opens(str(result["uri"]), Path.cwd()):
        log.info("  see it with: mlflow ui --backend-store-uri %s   (or: make ui)", result["uri"])
    else:
        log.info("  see it with: mlflow ui --backend-store-uri %s", result["uri"])


def make_ui_opens(uri: str, cwd: Path) -> bool:
    """Whether ``make ui`` here opens the store ``uri``: dlpipe's own checkout (its
    Makefile's ``ui`` target) and its default store, ``./mlflow.db``."""
    makefile = cwd / "Makefile"
    try:
        ours = MAKE_UI in makefile.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return ours and uri == f"sqlite:///{(cwd / 'mlflow.db').resolve()}"


MAKE_UI = "mlflow ui --backend-store-uri sqlite:///mlflow.db"  # what dlpipe's `make ui` runs


def train_here(args: list[str]) -> list[tuple[Config, dict[str, Any]]]:
    """Runs for a caller in Python (:func:`dlpipe.train`): the CLI's path — the same
    composition, checks, run folders and record, a sweep under one parent run — in this
    process. Returns each job's checked config and results; a mistake raises its
    :class:`DlpipeError` (a sweep's failed jobs: one error once the sweep is over)."""
    from dlpipe.commands.hydra_run import run_here

    done: list[tuple[Config, dict[str, Any]]] = []

    def task(cfg: Any, checked: Any = None) -> float | None:  # (Hydra reads its module)
        return train_task(cfg, checked, done)

    if run_here(task, args) != 0:
        raise DlpipeError(
            f"{'some' if done else 'every one'} of the sweep's jobs failed"
            f" ({len(done)} finished; their messages are above)",
            where="sweep",
            hint="the failed jobs are recorded as FAILED runs; see them with"
            " python -m dlpipe compare",
        )
    return done


def train(cfg: Config, context: RunContext) -> dict[str, Any]:
    """Train and evaluate one configuration; record it in MLflow. Returns the results.

    The data stage runs before TensorFlow is imported, so data mistakes are reported in
    a second, not after the framework's start-up. ``trainer.resume`` continues a run.
    A single run is recorded by a recorder process beside the training
    (:mod:`dlpipe.track.background`); a sweep's jobs, which share one process, record
    from it.
    """
    from dlpipe.track.background import recorder_process

    resumed = None
    if cfg.trainer.resume:
        from dlpipe.commands.resume import prepare_resume

        cfg, context, resumed = prepare_resume(cfg, context)
    with recorder_process(cfg.tracking, background=context.job_num is None) as process:
        return _train(cfg, context, resumed, process)


def _train(cfg: Config, context: RunContext, resumed: Any, process: Any) -> dict[str, Any]:
    from dlpipe.model import output_spec, resolve_loss
    from dlpipe.model.summary import summary_text
    from dlpipe.preprocess.prepare import prepare
    from dlpipe.track.fingerprint import DETERMINISM, provenance_tags
    from dlpipe.track.keras_callback import epoch_logger
    from dlpipe.track.models import model_names
    from dlpipe.track.params import record_params
    from dlpipe.track.record import environment_tags, record_data
    from dlpipe.track.recorder import tracked_run
    from dlpipe.track.run_files import MODEL_FILE
    from dlpipe.training.callbacks import (
        BACKUP_DIR,
        backup_callback,
        clear_backup,
        divergence_guard,
        make_callbacks,
        stop_when_terminated,
        stopping_summary,
        trained_history,
    )
    from dlpipe.training.fit import fit
    from dlpipe.training.runtime import interrupt_on_sigterm, long_lived, seed_everything

    # A single run's start-up is frozen for the GC; a sweep's jobs share one process and
    # leave their objects to it (a frozen model would stay in memory for the next job).
    def start_up() -> contextlib.AbstractContextManager[None]:
        return long_lived() if context.job_num is None else contextlib.nullcontext()

    with start_up():
        prepared = prepare(cfg)  # data mistakes: reported before any run is opened
    # a loss that does not fit the labels too (before TensorFlow is imported)
    resolve_loss(cfg.model.loss, output_spec(prepared.preprocessor))
    output_dir = Path(context.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    resolved = to_dict(cfg, resolve=True)
    tags = {**run_tags(cfg, context, output_dir), **provenance_tags(cfg)}
    if resumed:  # keep how the run was first asked for
        tags.pop("dlpipe.overrides")
    tracking = bool(cfg.tracking.enabled)

    with (
        interrupt_on_sigterm() as termination,
        tracked_run(
            cfg.tracking,
            params=record_params(resolved),
            tags=tags,
            run_id=resumed and resumed.run_id,
            run_name=context.run_name,
            process=process,
            backup=output_dir / BACKUP_DIR,
        ) as recorder,
    ):
        # A recorder process opens the run while TensorFlow is imported and the model
        # built (a mistake in the model ends the run FAILED, with the message).
        if tracking and cfg.tracking.log_model:
            recorder.reserve_models(model_names(prepared.raw, prepared.preprocessor))
        with start_up():
            determinism = seed_everything(cfg.seed, bool(cfg.trainer.deterministic))
            model = build(cfg, prepared)
        if tracking:
            recorder.set_tags({DETERMINISM: determinism, **environment_tags(int(cfg.seed))})
        # On resume too: trainer.epochs may have changed, and `reproduce` reads this file.
        recorder.log_text(OmegaConf.to_yaml(cfg, resolve=True), "config.yaml")
        if resumed is None and tracking:
            recorder.log_text(summary_text(model), "model_summary.txt")
            record_data(recorder, cfg.data, prepared, tags)
        if recorder.run_id:
            log.info(
                "MLflow run %s%s (if interrupted, continue it with: "
                "python -m dlpipe trainer.resume=%s)",
                recorder.run_id,
                " resumed" if resumed else "",
                recorder.run_id,
            )
        has_val = "val" in prepared.x
        callbacks = make_callbacks(
            cfg.callbacks, output_dir, has_val or cfg.trainer.validation_split > 0
        )
        # Log an epoch before backing it up: an interrupt in between re-runs the epoch,
        # and the resumed logger skips the steps already logged (no gap, no duplicate).
        callbacks.append(epoch_logger(resumed.skip_logged(recorder) if resumed else recorder))
        callbacks.append(divergence_guard())
        callbacks.append(stop_when_terminated(termination))
        if cfg.trainer.backup or resumed:
            callbacks.append(
                backup_callback(
                    output_dir,
                    fresh=resumed is None,
                    on_restore=resumed.fill_gap(recorder) if resumed else None,
                )
            )
        validation = (prepared.x["val"], prepared.y["val"]) if has_val else None
        try:
            if resumed and resumed.trained:  # only the record is left: from the saved files
                model.load_weights(output_dir / MODEL_FILE)
                epochs, history = trained_history(output_dir)
                resumed.fill_gap(recorder)(len(epochs), epochs)
            else:
                history = fit(
                    model,
                    prepared.x["train"],
                    prepared.y["train"],
                    cfg.trainer,
                    callbacks,
                    validation,
                ).history
        except KeyboardInterrupt as exc:
            if recorder.run_id:
                exc.said = True  # type: ignore[attr-defined]  # (the CLI edge says no more)
                log.warning(
                    "interrupted: MLflow run %s ends KILLED; the last completed epoch is "
                    "backed up in %s\n  continue it with: python -m dlpipe trainer.resume=%s",
                    recorder.run_id,
                    output_dir,
                    recorder.run_id,
                )
            raise
        except OSError as exc:
            raise _not_written(exc, output_dir, recorder.run_id) from None
        if not (resumed and resumed.trained):  # (not trained again: nothing stopped)
            said, stopping_tags = stopping_summary(callbacks, int(cfg.trainer.epochs))
            for line in said:
                log.info("%s", line)
            if stopping_tags:
                recorder.set_tags(stopping_tags)
        try:
            metrics, objective = finish(recorder, cfg, prepared, model, history, output_dir)
        except OSError as exc:
            raise _not_written(exc, output_dir, recorder.run_id) from None
    clear_backup(output_dir)  # the record is complete: nothing left to resume

    return {
        "metrics": metrics,
        "run_id": recorder.run_id,
        "uri": recorder.uri,
        "experiment": str(cfg.tracking.experiment),
        "objective": objective,
        "epochs": len(history.get("loss", [])),
        # for a caller in Python (dlpipe.train): what the run made, in memory
        "model": model,
        "history": {k: [float(v) for v in values] for k, values in history.items()},
        "preprocessor": prepared.preprocessor,
        "output_dir": output_dir,
    }


def finish(
    recorder: Any,
    cfg: Config,
    prepared: Prepared,
    model: Any,
    history: dict[str, list[float]],
    output_dir: Path,
) -> tuple[dict[str, float], float | None]:
    """After training: evaluate on the test split, save the run's files and record the
    results (metrics, plots, models). Returns the test metrics and the sweep objective.

    Ordered so that a recorder process draws the plots while this one saves the files.
    """
    from dlpipe.track.fingerprint import WEIGHTS_SHA, weights_sha256
    from dlpipe.track.plots import PlotRecord
    from dlpipe.track.record import sample_inputs
    from dlpipe.track.sweep import objective_value
    from dlpipe.training.callbacks import ensure_room, mark_trained, weights_size
    from dlpipe.training.fit import evaluate
    from dlpipe.training.verdict import beside_naive, warnings_for

    tracking = recorder.run_id is not None
    if tracking:  # the learning curves are drawn while the test split is evaluated
        recorder.log_plots(PlotRecord(output_dir / "plots", history=history))
    x_test, y_test = prepared.x["test"], prepared.y.get("test")
    # For arrays, the test split's outputs come with the metrics: plots and signatures.
    metrics, scores = evaluate(model, x_test, y_test)
    if tracking and scores is not None:
        recorder.log_plots(
            PlotRecord(
                output_dir / "plots",
                task=prepared.preprocessor.task,
                y_true=y_test,
                scores=scores,
                classes=getattr(prepared.preprocessor, "classes", None),
            )
        )
    ensure_room(output_dir, weights_size(model))
    from dlpipe.preprocess.persist import save_columns, save_preprocessor
    from dlpipe.track.run_files import MODEL_FILE, RUN_ARTIFACTS

    model.save(output_dir / MODEL_FILE)
    save_preprocessor(prepared.preprocessor, output_dir)
    columns = save_columns(prepared.preprocessor, output_dir)
    if columns is not None:  # what each column became: beside the preprocessor
        recorder.log_artifact(columns, "preprocess")
    mark_trained(output_dir, len(history.get("loss", [])))  # an interrupt now: record only
    for name, artifact in RUN_ARTIFACTS.items():  # model/model.keras, preprocess/…
        recorder.log_artifact(output_dir / name, artifact.rsplit("/", 1)[0])
    if prepared.extra_metrics is not None:
        metrics.update(prepared.extra_metrics(model))
    # Said now, before the record's end: shown even if the store fails to take it.
    log.info("test: %s", beside_naive(metrics))
    for warning in warnings_for(metrics, history, int(cfg.trainer.epochs)):
        log.warning("%s", warning)
    objective = objective_value(cfg.objective, history, metrics)
    final = {**metrics, **({"objective": objective} if objective is not None else {})}
    final_at_ms = int(time.time() * 1000)
    recorder.log_metrics(final, at_ms=final_at_ms)
    if tracking and cfg.tracking.log_model:
        from dlpipe.track.models import model_record

        sample = x_test[:5] if scores is not None else sample_inputs(prepared.x["train"])
        recorder.log_models(
            model_record(
                model,
                prepared.preprocessor,
                output_dir,
                prepared.raw,
                sample,
                None if scores is None else scores[:5],
                metrics=final,
                metrics_at_ms=final_at_ms,
                register=registered(cfg.tracking),
            )
        )
    recorder.set_tags({WEIGHTS_SHA: weights_sha256(model)})
    # (the best checkpoint stays in the output folder: the record holds the model twice
    # at most, as model/model.keras and in its logged model)
    hydra_dir = output_dir / ".hydra"
    if tracking and hydra_dir.is_dir():
        recorder.log_artifact(hydra_dir, ".hydra")
    return metrics, objective


def _not_written(exc: OSError, output_dir: Path, run_id: str | None) -> Exception:
    """A run's file that could not be written (a full disk, say): the user's to fix, with
    the command that continues the run once it is; any other OSError is a bug."""
    reason = unwritable(exc)
    if reason is None:
        return exc
    _let_go_of_open_files(exc)
    where = f" ({exc.filename}: {exc.strerror})" if exc.filename and exc.strerror else ""
    then = (
        f"then continue the run with: python -m dlpipe trainer.resume={run_id}"
        if run_id
        else "or choose another output folder with hydra.run.dir=<folder>"
    )
    return OutputError(
        f"could not write the run's files in {output_dir}: {reason}{where}",
        where="hydra.run.dir",
        hint=f"make room or allow writing there (df -h {output_dir}), {then}",
    )


def _let_go_of_open_files(exc: BaseException) -> None:
    """Close what the failed write left open, now and quietly.

    The frames of a failed Keras save hold HDF5 files that cannot be flushed to a full
    disk: each prints a traceback when it is freed, and HDF5 crashes the interpreter's
    exit if one is still open then. They are freed here (their locals cleared), with
    the "exception ignored" reports of that clean-up not shown: the user gets the one
    message this failure becomes.
    """
    import sys
    import traceback

    sys.unraisablehook = lambda unraisable: None
    traceback.clear_frames(exc.__traceback__)


NOTE_TAG = "mlflow.note.content"  # the run's description in MLflow's UI


def registered(tracking: Any) -> tuple[str, str] | None:
    """(name, alias) of the Model Registry entry the run's model becomes, said now."""
    if not tracking.register:
        return None
    name, alias = str(tracking.register), str(tracking.alias)
    log.info("registering the model as %r: load it with models:/%s@%s", name, name, alias)
    return name, alias


def run_tags(cfg: Config, context: RunContext, output_dir: Path) -> dict[str, str]:
    """How the run was asked for: overrides, group choices, output folder, objective,
    sweep job, process (resume checks the process is gone)."""
    import os
    import socket

    from dlpipe.track.record import source_tags

    tags = {
        **source_tags(),
        "dlpipe.overrides": " ".join(context.overrides) or "(none)",
        "dlpipe.output_dir": str(output_dir.resolve()),
        "dlpipe.objective": str(cfg.objective),
        "dlpipe.host": socket.gethostname(),
        "dlpipe.pid": str(os.getpid()),
    }
    tags.update({f"dlpipe.choice.{k}": v for k, v in context.choices.items()})
    if context.job_num is not None:
        tags["dlpipe.job"] = str(context.job_num)
    description = cfg.tracking.description or context.description
    if description:
        tags[NOTE_TAG] = str(description)
    tags.update(context.tags)
    return tags


def record_failed_job(cfg: Config, context: RunContext, message: str) -> str | None:
    """A sweep job stopped by a user mistake before its run opened: recorded as a FAILED
    child run (params, tags, ``dlpipe.error``). Returns its id."""
    from dlpipe.track.params import record_params
    from dlpipe.track.recorder import record_failed_run

    tags = {**run_tags(cfg, context, Path(context.output_dir)), "dlpipe.error": message}
    return record_failed_run(
        cfg.tracking, record_params(to_dict(cfg, resolve=True)), tags, context.run_name, message
    )
