"""A fitted preprocessor saved with its run, in a format that cannot run code when read.

``skops.io`` writes the object's state as data; loading builds only the types named in
:data:`TRUSTED` (dlpipe's preprocessors and the plain types they hold, on top of the
scikit-learn and NumPy types skops trusts itself) and refuses a file that names any
other. So a run folder or an MLflow artifact from someone else cannot run code through
its preprocessor. Runs saved by older dlpipe versions hold ``preprocessor.joblib``, a
pickle, which runs code when loaded: those are read only when the user says they trust
them (``trust_pickle``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dlpipe.errors import DataError

FILE = "preprocessor.skops"
PICKLE_FILE = "preprocessor.joblib"  # runs saved before dlpipe wrote skops files
PREPROCESSORS = (
    "dlpipe.preprocess.tabular.TabularPreprocessor",
    "dlpipe.preprocess.text.TextPreprocessor",
    "dlpipe.preprocess.series.SeriesPreprocessor",
    "dlpipe.preprocess.images.ImagePreprocessor",
)
TRUSTED = (*PREPROCESSORS, "builtins.frozenset")
NOT_OURS = "give a run folder written by dlpipe's training, or retrain the run"


def save_preprocessor(preprocessor: Any, folder: Path) -> Path:
    """Write ``preprocessor`` into ``folder`` as :data:`FILE`; returns the file."""
    import skops.io

    path = folder / FILE
    skops.io.dump(preprocessor, path)
    return path


def save_in_background(preprocessor: Any, folder: Path) -> Callable[[], Path]:
    """Start writing ``preprocessor`` into ``folder`` from a helper process; returns a
    call that waits for the file (a DataError if it could not be written).

    Importing ``skops.io`` in a process that has loaded TensorFlow takes ~1.5 s here (it
    looks for each NumPy and SciPy ufunc in every loaded module): a fresh interpreter
    does it in ~0.4 s on the other core, while the model trains. The preprocessor is
    fitted before training starts and never changes after; it reaches the helper as a
    pickle over a pipe, between two processes of this run.
    """
    import os
    import pickle
    import subprocess
    import sys

    import dlpipe

    path = folder / FILE
    env = dict(os.environ)
    source = str(Path(dlpipe.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH")) if p)
    helper = subprocess.Popen(
        [sys.executable, "-m", "dlpipe.preprocess.persist", str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert helper.stdin is not None
    try:
        helper.stdin.write(pickle.dumps(preprocessor, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        helper.stdin.close()

    def wait() -> Path:
        assert helper.stderr is not None
        errors = helper.stderr.read()
        helper.wait()
        if helper.returncode != 0 or not path.is_file():
            last = (errors or b"").decode(errors="replace").strip().splitlines()[-1:] or ["?"]
            raise DataError(
                f"could not write {path}: {last[0]}",
                where="output",
                hint="check the run folder's disk space and permissions",
            )
        return path

    return wait


def saved_in(folder: Path) -> Path | None:
    """The preprocessor file a run folder holds (skops, or an older run's pickle)."""
    for name in (FILE, PICKLE_FILE):
        if (folder / name).is_file():
            return folder / name
    return None


def load_preprocessor(folder: Path, trust_pickle: bool = False, where: str = "run") -> Any:
    """The fitted preprocessor of a run folder; a DataError naming the file when it is
    missing, not dlpipe's, unreadable, or an untrusted pickle."""
    path = saved_in(folder)
    if path is None:
        raise DataError(f"{folder / FILE} does not exist", where=where, hint=NOT_OURS)
    if path.name == PICKLE_FILE:
        return _load_pickle(path, trust_pickle, where)
    import skops.io

    try:
        found = skops.io.get_untrusted_types(file=path)
        unexpected = sorted(set(found) - set(TRUSTED))
        if unexpected:
            raise DataError(
                f"{path} holds types dlpipe does not load: {', '.join(unexpected[:5])}",
                where=where,
                hint=NOT_OURS,
            )
        preprocessor = skops.io.load(path, trusted=list(TRUSTED))
    except DataError:
        raise
    except Exception as exc:  # a damaged or foreign file: zip, JSON or skops' own errors
        raise DataError(
            f"{path} is not a readable preprocessor ({type(exc).__name__})",
            where=where,
            hint=NOT_OURS,
        ) from None
    kind = f"{type(preprocessor).__module__}.{type(preprocessor).__qualname__}"
    if kind not in PREPROCESSORS:
        raise DataError(f"{path} holds a {kind}, not a preprocessor", where=where, hint=NOT_OURS)
    return preprocessor


def _load_pickle(path: Path, trust_pickle: bool, where: str) -> Any:
    """An older run's pickle, only when the user trusts where the run came from."""
    if not trust_pickle:
        raise DataError(
            f"{path} was saved by an older dlpipe as a pickle, which can run any code when "
            "it is loaded",
            where=where,
            hint="if you trust where this run came from, add trust_pickle=true "
            "(DLPIPE_TRUST_PICKLE=1 for its MLflow model); otherwise retrain it",
        )
    import joblib

    return joblib.load(path)


if __name__ == "__main__":  # the helper of save_in_background: a pickle in, the file out
    import pickle
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the training to handle
    save_preprocessor(pickle.load(sys.stdin.buffer), Path(sys.argv[1]))
