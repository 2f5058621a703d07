"""A fitted preprocessor saved with its run, in a form that cannot run code when read.

The file is a pickle read by an unpickler that builds only the types in :data:`TRUSTED`
(dlpipe's preprocessors, the scikit-learn transformers they hold, NumPy arrays, dtypes and
scalars) and refuses any other name a file asks for — the way Python's documentation
restricts globals ("Restricting Globals", ``pickle.Unpickler.find_class``). So a run
folder or an MLflow artifact from someone else cannot run code through its preprocessor:
a planted shell call or file write is refused before it is looked up.

Why not skops.io: writing with it cost the default run +0.5 s (its import looks up every
NumPy/SciPy ufunc in each loaded module, ~1.5 s once TensorFlow is loaded), and +0.7 to
+0.9 s when moved to a thread or a helper process (bench/ab.py, 8–10 rounds); this
writes in ~1 ms.

Runs saved by older dlpipe versions hold ``preprocessor.joblib``, read with the full
unpickler: only when the user says they trust them (``trust_pickle``).
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import numpy as np

from dlpipe.errors import DataError

FILE = "preprocessor.pkl"
PICKLE_FILE = "preprocessor.joblib"  # runs saved before: a pickle read without limits
PREPROCESSORS = frozenset(
    {
        ("dlpipe.preprocess.tabular", "TabularPreprocessor"),
        ("dlpipe.preprocess.text", "TextPreprocessor"),
        ("dlpipe.preprocess.series", "SeriesPreprocessor"),
        ("dlpipe.preprocess.images", "ImagePreprocessor"),
    }
)
# dlpipe's own transformers a preprocessor may hold (plain data and methods, no calls).
OWN_TRANSFORMERS = frozenset(
    {
        ("dlpipe.preprocess.columns", "CalendarParts"),
        ("dlpipe.preprocess.columns", "median_or_zero"),
    }
)
# What a preprocessor holds: the scikit-learn transformers dlpipe fits (by the module
# pickle names them with), NumPy's array and scalar reconstruction, and plain builtins.
TRUSTED = (
    PREPROCESSORS
    | OWN_TRANSFORMERS
    | {
        ("sklearn.compose._column_transformer", "ColumnTransformer"),
        ("sklearn.pipeline", "Pipeline"),
        ("sklearn.impute._base", "SimpleImputer"),
        ("sklearn.impute._base", "MissingIndicator"),
        ("sklearn.preprocessing._encoders", "OneHotEncoder"),
        ("sklearn.preprocessing._encoders", "OrdinalEncoder"),
        ("sklearn.preprocessing._data", "StandardScaler"),
        ("sklearn.preprocessing._data", "MinMaxScaler"),
        ("sklearn.preprocessing._function_transformer", "FunctionTransformer"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "scalar"),
        ("numpy._core.numeric", "_frombuffer"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "scalar"),
        ("numpy.core.numeric", "_frombuffer"),
        ("builtins", "slice"),
        ("builtins", "frozenset"),
        ("builtins", "set"),
    }
)
NOT_OURS = "give a run folder written by dlpipe's training, or retrain the run"


class _Refused(pickle.UnpicklingError):
    """A file asked for a type that is not trusted."""


class _TrustedOnly(pickle.Unpickler):
    """Builds the :data:`TRUSTED` types and NumPy's scalar types; refuses every other."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in TRUSTED or _numpy_scalar_type(module, name):
            return super().find_class(module, name)
        raise _Refused(f"{module}.{name}")


def _numpy_scalar_type(module: str, name: str) -> bool:
    """``numpy.float64`` and the like (an encoder's ``dtype`` setting)."""
    found = getattr(np, name, None) if module == "numpy" else None
    return isinstance(found, type) and issubclass(found, np.generic)


def save_preprocessor(preprocessor: Any, folder: Path) -> Path:
    """Write ``preprocessor`` into ``folder`` as :data:`FILE` (whole, or not at all)."""
    path = folder / FILE
    part = folder / f".{FILE}.part"
    part.write_bytes(pickle.dumps(preprocessor, protocol=5))
    os.replace(part, path)
    return path


COLUMNS_FILE = "columns.csv"  # each column's kind and use: for people, never read back


def save_columns(preprocessor: Any, folder: Path) -> Path | None:
    """Write the preprocessor's column decisions as a CSV beside it (None: it has none)."""
    import csv

    rows = preprocessor.describe()
    if not rows:
        return None
    path = folder / COLUMNS_FILE
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def saved_in(folder: Path) -> Path | None:
    """The preprocessor file a run folder holds (this version's, or an older run's)."""
    for name in (FILE, PICKLE_FILE):
        if (folder / name).is_file():
            return folder / name
    return None


def load_preprocessor(folder: Path, trust_pickle: bool = False, where: str = "run") -> Any:
    """The fitted preprocessor of a run folder; a DataError naming the file when it is
    missing, asks for a type dlpipe does not build, is damaged, or is an untrusted pickle."""
    path = saved_in(folder)
    if path is None:
        raise DataError(f"{folder / FILE} does not exist", where=where, hint=NOT_OURS)
    if path.name == PICKLE_FILE:
        return _load_older(path, trust_pickle, where)
    try:
        with open(path, "rb") as file:
            preprocessor = _TrustedOnly(file).load()
    except _Refused as exc:
        raise DataError(
            f"{path} asks for a type dlpipe does not load: {str(exc)[:120]}",
            where=where,
            hint=NOT_OURS,
        ) from None
    except Exception as exc:  # damaged or foreign bytes: any unpickling failure
        raise DataError(
            f"{path} is not a readable preprocessor ({type(exc).__name__})",
            where=where,
            hint=NOT_OURS,
        ) from None
    kind = (type(preprocessor).__module__, type(preprocessor).__qualname__)
    if kind not in PREPROCESSORS:
        raise DataError(
            f"{path} holds a {'.'.join(kind)}, not a preprocessor", where=where, hint=NOT_OURS
        )
    return preprocessor


def _load_older(path: Path, trust_pickle: bool, where: str) -> Any:
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
