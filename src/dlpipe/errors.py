"""dlpipe's own exception types: each says what went wrong, where, and how to fix it.

The CLI edge turns a :class:`DlpipeError` into a short message and exit code 2; anything
else is a bug and keeps its traceback (exit 1).
"""

from __future__ import annotations

import difflib
import errno
import re
import sys
import unicodedata
from collections.abc import Iterable

from dlpipe.korean import korean, translated


class DlpipeError(Exception):
    """A mistake in the user's input: config, override, data or model description."""

    # The MLflow run that recorded the mistake (ended FAILED), when one was open.
    run_id: str | None = None

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with ``where`` and ``hint`` (the recorder process sends its errors back)."""
        return (type(self), (self.message,), self.__dict__)

    def __str__(self) -> str:
        # each part on its own: a key that looks secret (tracking.api_key) followed by
        # ": " is a place, not a value to hide (the message's first word became ***)
        said, hint_word = (translated, "힌트") if korean() else (str, "hint")
        where, message = without_secrets(self.where or ""), without_secrets(said(self.message))
        text = f"{where}: {message}" if where else message
        if self.hint:
            text += f"\n  {hint_word}: {without_secrets(said(self.hint))}"
        return printable(without_secrets(text) if len(text) > MAX_MESSAGE else text)


# What a message may quote of a file, a value or a URL it could not use, at most.
MAX_MESSAGE = 1200
# `KEY=value` as in an .env file or a shell; `password: x`, `api_key=x` in any case; a
# URL's `?token=x`; and the password in `scheme://user:password@host`.
_VALUE = r"(\"[^\"]*\"|'[^']*'|[^\s,;'\"\])}]+)"
SECRETS = (
    # (a one- to three-character value, like DEBUG=1 or a hint's DLPIPE_TRUST_PICKLE=1,
    # is a switch, not a secret)
    re.compile(r"(?<![\w.])([A-Z][A-Z0-9_]+\s*=\s*)" + r"(\"[^\"]*\"|'[^']*'|[^\s,;'\"\])}]{4,})"),
    re.compile(  # (also as a dict prints it: {'password': 'x'})
        r"(?i)(['\"]?\b[\w.-]*(?:password|passwd|secret|api[_-]?key|access[_-]?key|auth[_-]?token"
        r"|credentials?)['\"]?\s*(?:=|:\s)\s*)" + _VALUE
    ),
    re.compile(r"(?i)([?&](?:token|key|sig|signature|password)=)([^&\s]+)"),
    re.compile(r"(\b[a-z][\w+.-]*://[^/\s:@]+:)([^@\s/]+)(?=@)"),
)


def report(exc: DlpipeError) -> int:
    """Print a user mistake as one clear message on stderr (and the MLflow run that
    recorded it, if one was open); return exit code 2. The CLI edge, and a verb's task
    that Hydra runs (which would print a traceback), end with it."""
    if korean():
        print(f"dlpipe: 오류: {exc}", file=sys.stderr)
        if exc.run_id:
            print(f"  MLflow run {exc.run_id} 에 기록됨 (FAILED)", file=sys.stderr)
        return 2
    print(f"dlpipe: error: {exc}", file=sys.stderr)
    if exc.run_id:
        print(f"  recorded in MLflow run {exc.run_id} (FAILED)", file=sys.stderr)
    return 2


def without_secrets(text: str) -> str:
    """``text`` with every secret-looking value replaced by ``***`` and cut to
    :data:`MAX_MESSAGE` characters: messages quote names, values and first lines of files
    the user pointed at, and a message can end up in a run's tags on a shared server."""
    for pattern in SECRETS:
        text = pattern.sub(lambda m: m.group(1) + "***", text)
    if len(text) > MAX_MESSAGE:
        text = text[: MAX_MESSAGE - 1] + "…"
    return text


def printable(text: str, newlines: bool = True) -> str:
    """``text`` safe to print on a terminal: control and invisible formatting characters
    written as escapes (``\\x1b``, ``\\u202e``), so that a run name or a class name from a
    shared store or a run folder cannot clear the screen, move the cursor, hide text or
    turn it around. ``newlines``: keep line breaks and tabs (a message's own lines);
    False for one cell of a table. Any other character, Korean included, is kept."""
    kept = "\n\t" if newlines else ""
    return "".join(
        c
        if c in kept or unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp")
        else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


class ConfigError(DlpipeError):
    """The composed config is invalid: unknown key, wrong type, unknown name."""


class DataError(DlpipeError):
    """The data cannot be read or does not match what the config expects."""


class ModelError(DlpipeError):
    """The model description cannot be built into a Keras model."""


class TrackingError(DlpipeError):
    """MLflow could not be reached or a run could not be found."""


def quoted_override(override: str) -> str:
    """``key=value`` as typed in a shell, for a hint: when the value is not ASCII, each
    item quoted (Hydra reads unquoted text in ASCII only) and the whole in ' for the
    shell: ``data.target=생존`` → ``'data.target="생존"'``, lists and sweeps item by item."""
    if override.isascii():
        return override
    key, _, value = override.partition("=")
    quoted = re.sub(r"[^\[\],]+", lambda item: f'"{item.group(0)}"', value)
    return f"'{key}={quoted}'"


def list_override(key: str, items: Iterable[object]) -> str:
    """``key=[a,b]`` as typed in a shell, for a hint (:func:`quoted_override`)."""
    return quoted_override(f"{key}=[{','.join(str(item) for item in items)}]")


def closest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Return the choices that look most like ``word`` (for "did you mean" hints)."""
    choices = [str(c) for c in choices]  # (a value from a ${...} reference may be a number)
    lowered = {c.lower(): c for c in choices}
    found = difflib.get_close_matches(str(word).lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[f] for f in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint sentence suggesting the closest valid names, or None when nothing is close."""
    found = closest(word, choices)
    if not found:
        return None
    return "did you mean " + " or ".join(repr(f) for f in found) + "?"


class OutputError(DlpipeError):
    """The run's files cannot be written: the disk is full, the folder read-only or not ours."""


# Why a file could not be written, by errno, as a user reads it.
UNWRITABLE = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def unwritable(exc: OSError) -> str | None:
    """Why ``exc`` says a file could not be written (None when it says something else).
    HDF5 (Keras' weights files) reports the errno only in its message."""
    if exc.errno in UNWRITABLE:
        return UNWRITABLE[exc.errno]
    found = re.search(r"errno = (\d+)", str(exc))
    return UNWRITABLE.get(int(found.group(1))) if found else None


class TrainingError(DlpipeError):
    """Training went wrong because of the setup (e.g. the loss diverged to NaN)."""
