"""The edge: pick the verb, run it (:mod:`dlpipe.commands`), turn errors into messages.

A :class:`~dlpipe.errors.DlpipeError` (a user mistake) becomes one short message on stderr
and exit code 2. Anything else is a bug: its traceback is kept and the exit code is 1.
Nothing here imports TensorFlow, Hydra or MLflow; a verb imports what it needs.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys

from dlpipe.errors import DlpipeError, did_you_mean, report

# verb → the module of dlpipe.commands and its function, which takes the verb's arguments
# and returns the exit code (imported when the verb is used: `--help` loads none).
VERBS = {
    "train": "train:main",
    "summary": "summary:main",
    "check": "check:check",
    "predict": "predict:predict_command",
    "compare": "compare:compare",
    "reproduce": "reproduce:reproduce",
    "init": "init:init",
    "evaluate": "evaluate:evaluate_command",
    "export": "export:export_command",
}


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
        if not getattr(exc, "said", False):  # (training says how its run ended, once)
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


def run_verb(verb: str, args: list[str]) -> int:
    """Run the verb's command; returns the exit code."""
    if verb == "train" and args and re.fullmatch(r"[A-Za-z_][\w-]*", args[0]):
        raise not_a_verb(args[0])  # a bare word first: a verb misspelt (`dlpipe trian`)
    if verb not in VERBS:
        raise DlpipeError(
            f"'{verb}' is not available in this version of dlpipe",
            hint="see `python -m dlpipe --help`",
        )
    if verb in RECORDED_CONFIG_VERBS:
        args = without_config_folder(verb, args)
    module, function = VERBS[verb].split(":")
    command = getattr(importlib.import_module(f"dlpipe.commands.{module}"), function)
    return int(command(args))


# The verbs that work from a run's recorded config: a config folder changes nothing there.
RECORDED_CONFIG_VERBS = ("predict", "evaluate", "export", "compare", "reproduce")


def without_config_folder(verb: str, args: list[str]) -> list[str]:
    """``--config-dir DIR`` taken by every verb alike: checked, and said to be unneeded
    where the verb reads what a run recorded."""
    from dlpipe.config.folders import config_folders, split_folder_flag

    given, rest = split_folder_flag(args)
    if given is not None:
        config_folders(args)  # the folder's checks, as for any verb
        from dlpipe.commands.terminal import say

        say(f"dlpipe: {verb} reads what the run recorded; --config-dir is not needed here")
    return rest


def not_a_verb(word: str) -> DlpipeError:
    """The error for a first word that is neither a verb nor a ``key=value`` setting."""
    return DlpipeError(
        f"'{word}' is neither a verb nor a setting (key=value)",
        hint=(did_you_mean(word, list(VERBS)) or "")
        + f" verbs: {', '.join(VERBS)}; settings are written key=value, e.g. trainer.epochs=5",
    )
