"""The run's recorder in a second process, beside the training.

Importing MLflow, opening the store, drawing the plots and logging the models cost a few
seconds of CPU per run, and each epoch's write a few milliseconds; done in the training
process, all of it adds to the command's time. A recorder process started with the run
does that work on the other core while the training imports TensorFlow, reads the data
and trains. The training sends every record call down a pipe (sending does not wait),
the run's open included (sent once the data is prepared, so the run opens while the
training imports TensorFlow), and waits twice: for the run id when it first reads it
(before training starts), and for the record to be complete when the run ends. Calls
are written in the order they were sent (the plots are drawn by a copy of this process,
:mod:`dlpipe.track.plotter`, and uploaded before the run ends). If the training process
dies, even by SIGKILL, the recorder writes what it was sent and ends the run KILLED.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

from dlpipe.config.schema import TrackingCfg
from dlpipe.errors import DlpipeError, TrackingError
from dlpipe.errors import unwritable as unwritable_because
from dlpipe.track.plotter import Plotter, start_plotter
from dlpipe.track.recorder import (
    STORE_GONE,
    STORE_UNWRITABLE_HINT,
    NullRecorder,
    Recorder,
    first_line,
    start_run,
)
from dlpipe.track.store import check_server, check_uri, resolve_uri, sqlite_path
from dlpipe.training.runtime import long_lived

# What the training process may ask the recorder to do: the recorder interface's writes
# (NullRecorder's public methods), all but ending the run, which has its own message.
CALLS = frozenset(
    name
    for name, member in vars(NullRecorder).items()
    if callable(member) and not name.startswith("_") and name != "close"
)
# The recorder process's command (followed by the pipe's file number and the store's URI).
RECORDER = [sys.executable, "-m", "dlpipe.track.background"]
# How long the end of a run may wait for the recorder to finish writing.
CLOSE_TIMEOUT_S = 600
# How long per-epoch metrics may wait to be written with the next ones (a commit each would
# take a few ms of a core the training uses; the MLflow UI refreshes far less often).
EPOCHS_HELD_S = 0.5
# How often a store found down is tried again.
PROBE_S = 5.0
# Messages up to this size are written by the training's own thread when the pipe has room.
DIRECT_MAX = 16 * 1024


@contextlib.contextmanager
def recorder_process(
    tracking: TrackingCfg, background: bool = True
) -> Iterator[RecorderProcess | None]:
    """A recorder process for one run, stopped on the way out; None when tracking is off
    or the run records from this process (``background=False``)."""
    if not (tracking.enabled and background):
        yield None
        return
    uri = resolve_uri(tracking.uri)
    check_uri(uri)  # a mistake in the URI is reported before any process starts
    process = RecorderProcess(uri)
    try:
        yield process
    finally:
        process.stop()


class RecorderProcess:
    """The training process's side: starts the recorder process and opens the run in it.

    Started before the data is read, so that MLflow is imported by the time the run
    opens; the store is only opened (or created) when :meth:`open` is called.
    """

    def __init__(self, uri: str) -> None:
        from multiprocessing.connection import Pipe

        import dlpipe

        # A fresh interpreter on this dlpipe (not multiprocessing's spawn, which runs the
        # caller's main script again): nothing of the training's state or threads.
        self._conn, child = Pipe()
        env = dict(os.environ)
        source = str(Path(dlpipe.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH")) if p)
        self._process = subprocess.Popen(
            [*RECORDER, str(child.fileno()), uri],
            pass_fds=[child.fileno()],
            stdin=subprocess.DEVNULL,
            env=env,
        )
        child.close()
        self._run_open = self._answer_due = False
        self._run_id, self._open_error = "", None
        self.backup: Path | None = None  # removed by the recorder once the run is complete
        # A message that the pipe has room for is written at once, whole (a signal cannot
        # cut it in half); the others go from a thread of their own, so that a recorder
        # that is slow (a store that stops answering, MLflow retrying) never makes the
        # training wait, and Ctrl-C still acts at once.
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._queued = 0  # messages handed to the writer thread and not yet written
        self._pipe_broken = False
        self._writer = threading.Thread(target=self._write_out, name="dlpipe-record", daemon=True)
        self._writer.start()

    def open(
        self,
        uri: str,
        experiment: str,
        params: Mapping[str, Any],
        tags: Mapping[str, Any],
        run_id: str | None = None,
        run_name: str | None = None,
        parent: str | None = None,
    ) -> RemoteRecorder:
        """Ask the recorder process to open the run (as :func:`~dlpipe.track.recorder.start_run`
        would here) and return at once: the run's id is waited for when it is first read
        (:attr:`RemoteRecorder.run_id`), so the training goes on meanwhile."""
        self.send("open", (uri, experiment, dict(params), dict(tags), run_id, run_name, parent))
        self._run_open = self._answer_due = True
        return RemoteRecorder(self, uri)

    def opened(self) -> str:
        """The open run's id; raises why the run could not be opened."""
        self._await_answer()
        if self._open_error is not None:
            raise self._open_error
        return self._run_id

    def close(self, status: str, error: str | None) -> list[str]:
        """End the open run once everything sent is written; returns the failed calls.
        A run that could not be opened has nothing to end."""
        self._await_answer()
        if self._open_error is not None:
            return []
        self.send("close", status, error, str(self.backup) if self.backup else None)
        _, failed = self.receive()
        self._run_open = False
        return failed

    def _await_answer(self) -> None:
        """Receive the recorder's answer to the open, once."""
        if not self._answer_due:
            return
        self._answer_due = False
        kind, value = self.receive()
        if kind == "error":
            self._run_open, self._open_error = False, value
        else:
            self._run_id = value

    def send(self, *message: Any) -> None:
        """Hand a message to the recorder process and return at once (it is pickled here,
        so later changes to its objects do not reach it)."""
        if self._pipe_broken:
            raise self._gone()
        data = bytes(ForkingPickler.dumps(message))
        with self._lock:
            if not self._queued and len(data) <= DIRECT_MAX and _has_room(self._conn):
                self._conn.send_bytes(data)  # one write that cannot block
                return
            self._queued += 1
        self._outbox.put(data)

    def _write_out(self) -> None:
        """The writer thread: the messages queued, in order, until :meth:`stop` sends None."""
        while (data := self._outbox.get()) is not None:
            if not self._pipe_broken:
                try:
                    self._conn.send_bytes(data)
                except OSError:  # the recorder is gone: the next send or receive says so
                    self._pipe_broken = True
            with self._lock:
                self._queued -= 1

    def receive(self) -> tuple[str, Any]:
        """The recorder's next answer; a recorder that died is a bug, reported as one."""
        if not self._conn.poll(CLOSE_TIMEOUT_S):
            raise RuntimeError(f"the MLflow recorder process gave no answer in {CLOSE_TIMEOUT_S} s")
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            raise self._gone() from None

    def _gone(self) -> RuntimeError:
        code = self._process.poll()
        return RuntimeError(f"the MLflow recorder process ended unexpectedly (exit code {code})")

    def stop(self) -> None:
        """End the recorder process. With no run open there is nothing to write: it is
        stopped at once (a data mistake is reported without waiting for its start-up);
        a run left open is ended KILLED by the process itself when the pipe closes."""
        run_open = self._run_open
        if not run_open and self._process.poll() is None:
            self._process.kill()
        self._outbox.put(None)  # what was sent is written first
        self._writer.join(timeout=CLOSE_TIMEOUT_S if run_open else 1)
        self._conn.close()
        try:
            self._process.wait(timeout=CLOSE_TIMEOUT_S)
        except subprocess.TimeoutExpired:  # stuck: it must not outlive the command
            self._process.kill()


def _has_room(conn: Any) -> bool:
    """Whether the pipe takes a small message now (a socket pair reports itself writable
    while at most a quarter of its buffer, hundreds of KiB, is in use)."""
    return bool(select.select([], [conn.fileno()], [], 0)[1])


class RemoteRecorder(NullRecorder):
    """A :class:`Recorder` whose writes happen in the recorder process. Calls made before
    the run's id is known are sent all the same: the process carries them out in order,
    after opening the run."""

    def __init__(self, process: RecorderProcess, uri: str):
        self.process, self.uri = process, uri

    @property
    def run_id(self) -> str:  # type: ignore[override]  # read-only here: the process opens it
        """The run's id, once the recorder process has opened it."""
        return self.process.opened()

    def log_metrics(
        self, metrics: Mapping[str, float], step: int | None = None, at_ms: int | None = None
    ) -> None:
        """Metrics stamped now (when they were measured), written in the background."""
        stamp = at_ms or int(time.time() * 1000)
        self.process.send("call", "log_metrics", (dict(metrics), step, stamp))

    def log_artifact(self, path: Path, artifact_path: str | None = None) -> None:
        self.process.send("call", "log_artifact", (Path(path), artifact_path))

    def log_text(self, text: str, artifact_file: str) -> None:
        self.process.send("call", "log_text", (text, artifact_file))

    def set_tags(self, tags: Mapping[str, Any]) -> None:
        self.process.send("call", "set_tags", ({k: str(v) for k, v in tags.items()},))

    def log_dataset(self, dataset: Any) -> None:
        self.process.send("call", "log_dataset", (dataset,))

    def log_plots(self, plots: Any) -> None:
        self.process.send("call", "log_plots", (plots,))

    def reserve_models(self, names: list[str]) -> None:
        self.process.send("call", "reserve_models", (list(names),))

    def log_models(self, models: Any) -> None:
        self.process.send("call", "log_models", (models,))

    def close(self, status: str, error: str | None = None) -> list[str]:
        """Wait until everything sent is written and the run has ended; returns the calls
        that failed (the run then ends FAILED)."""
        return self.process.close(status, error)


# --------------------------------------------------------------------------- the recorder


def main(argv: list[str]) -> None:
    """``python -m dlpipe.track.background <fd> <uri>``: serve the pipe on file ``fd``."""
    from multiprocessing.connection import Connection

    serve(Connection(int(argv[0])), argv[1])


def serve(conn: Any, uri: str) -> None:
    """The recorder process: warm up, then carry out the training's messages in order."""
    # Ctrl-C, a closed terminal and a SIGTERM to the whole process group (`timeout`, a
    # batch scheduler, systemd) reach this process too: the training decides how the run
    # ends, and if the training dies, the pipe's end tells this process so.
    for signum in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    # What fails here reaches the user once, as the run's message; MLflow's own error
    # logs and its HTTP retries would repeat it as walls of tracebacks.
    os.environ["MLFLOW_LOGGING_LEVEL"] = "CRITICAL"  # read when MLflow is imported
    logging.getLogger("urllib3").setLevel(logging.CRITICAL)
    store_ready, later = warm_up(uri, asked=conn.poll)
    plotter = None if later else start_plotter(close_in_child=[conn])
    recorder: Recorder | None = None
    epochs = _Epochs(uri)
    training_began = False
    try:
        while True:
            if epochs.waiting() and not conn.poll(epochs.due_in()):
                epochs.write(recorder)  # the training is quiet: write what it sent
                continue
            try:
                message = conn.recv()
            except EOFError:  # the training process is gone, without closing the run
                break
            kind = message[0]
            if kind == "call" and message[1] == "log_metrics":
                if not training_began:
                    yield_to_training()
                    training_began = True
                epochs.add(message[2])
                continue
            if kind == "call" and recorder is not None and message[1] == "log_plots" and plotter:
                plotter.submit(*message[2])  # drawn beside this process, uploaded at the end
                epochs.write(recorder)  # plots come after the last epoch: no more to wait for
                continue
            epochs.write(recorder)  # everything else in the order it was sent
            if kind == "open":
                recorder = _open(conn, message[1], epochs, store_ready)
                if later:  # the rest of the warm-up, while the training trains
                    for step in later:
                        step()
                    plotter, later = start_plotter(close_in_child=[conn]), []
            elif kind == "call" and recorder is not None and message[1] in CALLS:
                epochs.attempt(message[1], getattr(recorder, message[1]), *message[2])
            elif kind == "close" and recorder is not None:
                _upload_drawn(recorder, plotter, epochs)
                status, error = message[1], message[2]
                if epochs.store.replaced():  # (a store deleted meanwhile took the record)
                    epochs.failed.insert(0, epochs.store.down)
                if epochs.failed and status == "FINISHED":
                    status, error = "FAILED", f"the record is incomplete: {epochs.failed[0]}"
                epochs.attempt("end the run", recorder.close, status, error)
                recorder = None
                if status == "FINISHED" and not epochs.failed and message[3]:
                    shutil.rmtree(message[3], ignore_errors=True)  # nothing left to resume
                with contextlib.suppress(OSError):  # the training may be gone (killed)
                    conn.send(("closed", epochs.failed))
                break
    finally:
        if recorder is not None:  # ended without a close: the training was killed
            epochs.write(recorder)
            _upload_drawn(recorder, plotter, epochs)
            epochs.attempt("end the run", recorder.close, "KILLED")
        if plotter is not None:
            plotter.stop()
    conn.close()
    if not sys.getprofile():  # (a profiler writes its results at teardown)
        os._exit(0)  # nothing left to flush: the store commits every write


def yield_to_training() -> None:
    """Once training has begun (its first epoch's metrics arrive, so everything sent before
    them, the run's config.yaml included, is written), the record's work yields to the
    training on busy cores (nice 5): the training is the run's critical path. Before, it
    keeps its full share: what a resume needs must be written early (a kill -9 of the
    whole group loses what was not)."""
    with contextlib.suppress(OSError):
        os.nice(5)


def _upload_drawn(recorder: Recorder, plotter: Plotter | None, epochs: _Epochs) -> None:
    """Upload into ``plots/`` what the plotter drew (a plot that failed is kept as a
    failed call, like any other)."""
    for drawn in plotter.drawn() if plotter is not None else []:
        if isinstance(drawn, str):
            epochs.failed.append(f"log_plots: {drawn}")
            continue
        for path in drawn:
            epochs.attempt("log_plots", recorder.log_artifact, path, "plots")


class _Epochs:
    """Per-epoch metrics, written together once the training has been quiet for a moment
    (or before anything else it sends): a short epoch then costs no database commit of its
    own. Also collects what failed to be written."""

    def __init__(self, uri: str) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self.since = 0.0
        self.failed: list[str] = []
        self.store = StoreHealth(uri)

    def add(self, row: tuple[Any, ...]) -> None:
        if not self.rows:
            self.since = time.monotonic()
        self.rows.append(row)

    def waiting(self) -> bool:
        return bool(self.rows)

    def due_in(self) -> float:
        """Seconds until the rows held must be written."""
        return max(0.0, self.since + EPOCHS_HELD_S - time.monotonic())

    def write(self, recorder: Recorder | None) -> None:
        if self.rows and recorder is not None:
            self.attempt("log_metrics", recorder.log_metric_rows, self.rows)
        self.rows = []

    def attempt(self, name: str, call: Any, *args: Any) -> None:
        """Carry out one call; a failure is kept for the end, and recording goes on. While
        the store is down (found after a failure), calls are not tried, only counted: each
        would wait through MLflow's retries, and the end of the run for all of them."""
        if not self.store.usable():
            self.failed.append(f"{name}: not written: {self.store.down}")
            return
        try:
            call(*args)
        except Exception as exc:
            self.failed.append(f"{name}: {type(exc).__name__}: {first_line(exc)}")
            self.store.check()


class StoreHealth:
    """Whether the store still takes writes: probed after a failed call (a server that
    stops answering, a store file deleted or replaced), then every :data:`PROBE_S` seconds
    while it is down, so that a store that comes back is written to again."""

    def __init__(self, uri: str) -> None:
        self.uri, self.down, self.gone = uri, "", False
        self.identity = _file_identity(uri)
        self.probed = 0.0

    def opened(self) -> None:
        """The run is open: this store file is the one the record must reach."""
        self.identity = _file_identity(self.uri)

    def replaced(self) -> bool:
        """Whether the store file was deleted or replaced since the run opened (for good)."""
        if self.identity is not None and _file_identity(self.uri) != self.identity:
            self.down, self.gone = f"{STORE_GONE} ({self.uri})", True
        return self.gone

    def check(self) -> None:
        """After a failure: is the store itself the cause?"""
        self.probed = time.monotonic()
        if self.replaced():
            return
        try:
            check_server(self.uri)
            self.down = ""
        except TrackingError as exc:
            self.down = first_line(exc)

    def usable(self) -> bool:
        if self.down and not self.gone and time.monotonic() - self.probed >= PROBE_S:
            self.check()
        return not self.down


def _file_identity(uri: str) -> tuple[int, int] | None:
    """A sqlite store file's device and inode (None for other stores or no file yet)."""
    db = sqlite_path(uri)
    try:
        stat = db.stat() if db is not None else None
    except OSError:
        return (0, 0)  # gone
    return (stat.st_dev, stat.st_ino) if stat is not None else None


def _open(conn: Any, args: tuple[Any, ...], epochs: _Epochs, store_ready: bool) -> Recorder | None:
    """Start the run and answer its id (or the error: a user mistake, or a bug's
    traceback), then write its params and tags, which the training need not wait for."""
    uri, experiment, params, tags, run_id, run_name, parent = args  # as `open` sent them
    try:
        recorder, first_writes = start_run(
            uri, experiment, params, tags, run_id, run_name, parent, store_ready=store_ready
        )
    except DlpipeError as exc:
        conn.send(("error", exc))
        return None
    except Exception as exc:
        conn.send(("error", _open_failed(uri, exc)))
        return None
    conn.send(("opened", recorder.run_id))
    epochs.store.opened()
    epochs.attempt("log_params", first_writes)
    return recorder


def _open_failed(uri: str, exc: Exception) -> Exception:
    from mlflow.exceptions import MlflowException

    if isinstance(exc, MlflowException | OSError):
        unwritable = isinstance(exc, OSError) and unwritable_because(exc) is not None
        return TrackingError(
            f"could not open a run at {uri}: {first_line(exc)}",
            where="tracking.uri",
            hint=STORE_UNWRITABLE_HINT
            if unwritable or "readonly database" in str(exc)
            else "check the URI (a server must be running: mlflow server --host 127.0.0.1"
            " --port 5000), or leave it unset for the local sqlite store",
        )
    return RuntimeError("the MLflow recorder failed to open the run:\n" + traceback.format_exc())


def warm_up(uri: str, asked: Callable[[], bool]) -> tuple[bool, list[Callable[[], Any]]]:
    """Import what recording needs while the training is busy starting. Returns whether
    the store is open and ready (opening the run need not check it again), and the steps
    left when the training asked for its run (``asked()``), to be done once it is open.

    First MLflow's client and the store, which opening the run needs (the store is opened
    when it already exists: a new one is only created when the run opens, so a mistake
    found before that leaves no store behind); then what the record's end needs: the
    models' and plots' imports, and matplotlib's first figure.
    """
    steps = [long_lived()(step) for step in warm_up_steps(uri)]  # imports: frozen for the GC
    store_ready = bool(steps[0]())  # the store: opening the run waits for it anyway
    for done, step in enumerate(steps[1:], start=1):
        if asked():
            return store_ready, steps[done:]
        step()
    return store_ready, []


def warm_up_steps(uri: str) -> list[Callable[[], Any]]:
    """The warm-up, in the order a run needs it (the first one before anything else)."""

    def store() -> bool:
        """MLflow's client, and an existing sqlite store opened; True if it was."""
        from dlpipe.track.store import check_store_file, quiet_mlflow, sqlite_path

        quiet_mlflow()
        from mlflow.tracking import MlflowClient

        db = sqlite_path(uri)
        if db is not None and db.is_file() and db.stat().st_size > 0:
            try:  # if it fails, the run's open checks the store again and says why
                check_store_file(db)  # (MLflow would add its tables to any database)
                MlflowClient(uri).search_experiments(max_results=1)  # engine + schema check
                return True
            except Exception:
                return False
        return False

    def models() -> None:
        import mlflow.data
        import mlflow.models
        import mlflow.pyfunc  # noqa: F401

        from dlpipe.track import models, record  # noqa: F401  (their imports, now)

    def requirements() -> None:
        # The models' environment files: the pinned versions, checked against this
        # environment (reading every package's metadata). If it fails, the models' log
        # says why.
        from dlpipe.track.flavors import warm_up
        from dlpipe.track.models import pip_requirements, quiet

        with contextlib.suppress(Exception), quiet():
            warm_up(pip_requirements())

    def plots() -> None:
        from dlpipe.track import plots

        plots.warm_up()

    return [store, models, requirements, plots]


if __name__ == "__main__":
    main(sys.argv[1:])
