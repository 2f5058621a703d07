"""Keras' image data sets (MNIST, Fashion-MNIST, CIFAR-10), offline-safe.

Where the arrays come from, first match wins:

1. ``data.path``: an ``.npz`` with ``x_train, y_train, x_test, y_test`` (Keras'
   ``mnist.npz``), a folder with the four IDX files (``train-images-idx3-ubyte.gz`` …,
   gzipped or not), or CIFAR-10's ``cifar-10-batches-py`` folder;
2. Keras' own cache (``$KERAS_HOME/datasets`` or ``~/.keras/datasets``), read directly;
3. Keras' loader, which downloads when online (``data.download=true``).

With no copy and no network the user gets one message naming the file and the folder.
"""

from __future__ import annotations

import gzip
import os
import pickle
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dlpipe.config.schema import DataCfg
from dlpipe.data.files import check_archive
from dlpipe.errors import DataError, did_you_mean

Arrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]

IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
CIFAR_FOLDER = "cifar-10-batches-py"


@dataclass(frozen=True)
class KerasSet:
    """One of Keras' data sets: its cached file or folder, and its class names."""

    name: str
    cached: str  # under <keras home>/datasets
    classes: tuple[Any, ...]


KERAS_SETS = {
    "mnist": KerasSet("mnist", "mnist.npz", tuple(range(10))),
    "fashion_mnist": KerasSet(
        "fashion_mnist",
        "fashion-mnist",
        (
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot",
        ),
    ),
    "cifar10": KerasSet(
        "cifar10",
        f"cifar-10-batches-py-target/{CIFAR_FOLDER}",
        (
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck",
        ),
    ),
}


def keras_set(name: str | None) -> KerasSet:
    """The Keras data set named by ``data.builtin``."""
    if name not in KERAS_SETS:
        raise DataError(
            f"unknown Keras data set {name!r}",
            where="data.builtin",
            hint=did_you_mean(str(name), KERAS_SETS) or f"one of: {', '.join(KERAS_SETS)}",
        )
    return KERAS_SETS[name]


def load_keras_dataset(data: DataCfg) -> tuple[Arrays, KerasSet]:
    """``(x_train, y_train, x_test, y_test)`` as uint8 images and integer labels."""
    kset = keras_set(data.builtin)
    if data.path:
        arrays = read_local(Path(str(data.path)), "data.path")
    else:
        cached = find_cached(kset)
        if cached is not None:
            arrays = read_local(cached, str(cached))
        else:
            arrays = _download(kset, bool(data.download))
    x_train, y_train, x_test, y_test = arrays
    return (x_train, y_train.reshape(-1), x_test, y_test.reshape(-1)), kset


def keras_home_dirs() -> list[Path]:
    """Where Keras keeps downloads: ``$KERAS_HOME``, else ``~/.keras`` (or /tmp/.keras)."""
    if os.environ.get("KERAS_HOME"):
        return [Path(os.environ["KERAS_HOME"])]
    return [Path.home() / ".keras", Path("/tmp/.keras")]


def find_cached(kset: KerasSet) -> Path | None:
    """The data set's file or folder in Keras' cache, if it is there."""
    for home in keras_home_dirs():
        candidate = home / "datasets" / kset.cached
        if candidate.exists():
            return candidate
    return None


def read_local(path: Path, where: str) -> Arrays:
    """Read an ``.npz``, a folder of IDX files, or a CIFAR-10 batches folder."""
    if not path.exists():
        raise DataError(
            f"{path} does not exist",
            where=where,
            hint="give an .npz (x_train, y_train, x_test, y_test) or a folder with the four IDX files",
        )
    if path.is_file():
        return read_npz(path, where)
    if (path / "data_batch_1").exists() or (path / CIFAR_FOLDER).exists():
        return read_cifar(path if (path / "data_batch_1").exists() else path / CIFAR_FOLDER)
    return read_idx_folder(path, where)


def read_npz(path: Path, where: str) -> Arrays:
    """Keras' ``mnist.npz`` layout (``allow_pickle=False``: safe on any file)."""
    check_archive(path, where)
    try:
        with np.load(path, allow_pickle=False) as npz:
            missing = [k for k in IDX_FILES if k not in npz.files]
            if missing:
                raise DataError(
                    f"{path} lacks the arrays {', '.join(missing)} (it has {', '.join(npz.files)})",
                    where=where,
                    hint="an .npz like Keras' mnist.npz: x_train, y_train, x_test, y_test",
                )
            return tuple(np.asarray(npz[k]) for k in IDX_FILES)  # type: ignore[return-value]
    except (OSError, ValueError) as exc:
        raise DataError(f"{path} is not a readable .npz file ({exc})", where=where) from None


def read_idx_folder(folder: Path, where: str) -> Arrays:
    """The four MNIST-format IDX files (``.gz`` or plain) in one folder."""
    found = []
    for stem in IDX_FILES.values():
        matches = [folder / f"{stem}.gz", folder / stem]
        path = next((p for p in matches if p.is_file()), None)
        if path is None:
            raise DataError(
                f"{folder} has no {stem}.gz",
                where=where,
                hint="the folder needs the four IDX files: "
                + ", ".join(f"{s}.gz" for s in IDX_FILES.values()),
            )
        found.append(read_idx(path))
    return tuple(found)  # type: ignore[return-value]


# An IDX file of a Keras data set unpacked: MNIST's training images are 47 MB.
MAX_IDX_BYTES = 2**30


def read_idx(path: Path) -> np.ndarray:
    """One IDX file (unsigned bytes): labels (1-D) or images (3-D)."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            raw = f.read(MAX_IDX_BYTES + 1)  # (a .gz may inflate far beyond any data set)
        if len(raw) > MAX_IDX_BYTES:
            raise ValueError(f"more than {MAX_IDX_BYTES // 2**20:,} MiB once unpacked")
        zero, dtype, ndim = struct.unpack(">HBB", raw[:4])
        if zero != 0 or dtype != 0x08:
            raise ValueError("not an unsigned-byte IDX file")
        dims = struct.unpack(">" + "I" * ndim, raw[4 : 4 + 4 * ndim])
        return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)
    except (OSError, ValueError, struct.error, EOFError) as exc:
        raise DataError(f"{path} is not a valid IDX file ({exc})", where="data.path") from None


def read_cifar(folder: Path) -> Arrays:
    """CIFAR-10's Python batches (pickles, read building NumPy arrays only), channels last."""
    parts = [load_cifar_batch(folder / f"data_batch_{i}") for i in range(1, 6)]
    x_test, y_test = load_cifar_batch(folder / "test_batch")
    x_train = np.concatenate([p[0] for p in parts]).transpose(0, 2, 3, 1)
    y_train = np.concatenate([np.asarray(p[1]) for p in parts])
    return x_train, y_train, np.asarray(x_test).transpose(0, 2, 3, 1), np.asarray(y_test)


# What a CIFAR batch pickle may build: NumPy arrays, nothing else (as Keras' own reader).
CIFAR_GLOBALS = frozenset(
    {
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
    }
)


class _ArraysOnly(pickle.Unpickler):
    """An unpickler that refuses every global but NumPy's array reconstruction."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in CIFAR_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a CIFAR batch may not build {module}.{name}")


def load_cifar_batch(path: Path) -> tuple[np.ndarray, list[int]]:
    """One CIFAR-10 batch file: images (n, 3, 32, 32) and labels; a file that names any
    other Python object (a planted pickle) is a DataError, never run."""
    try:
        with open(path, "rb") as f:
            batch = _ArraysOnly(f, encoding="bytes").load()
        data = batch[b"data"]
        return data.reshape(data.shape[0], 3, 32, 32), list(batch[b"labels"])
    except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{path} is not a CIFAR-10 batch ({exc})", where="data.path") from None


def _download(kset: KerasSet, allowed: bool) -> Arrays:
    """Keras' own loader (downloads into its cache); offline → one clear DataError."""
    reason = "downloads are off (data.download=false)"
    if allowed:
        import keras

        loader = getattr(keras.datasets, kset.name)
        try:
            (x_train, y_train), (x_test, y_test) = loader.load_data()
            return x_train, y_train, x_test, y_test
        except Exception as exc:  # Keras raises a bare Exception on URL failures
            reason = f"the download failed: {str(exc).splitlines()[0][:200]}"
    home = keras_home_dirs()[0] / "datasets"
    return _raise_missing(kset, home, reason)


def _raise_missing(kset: KerasSet, home: Path, reason: str) -> Arrays:
    if kset.name == "cifar10":
        where = f"the folder {CIFAR_FOLDER}/ (data_batch_1..5, test_batch) in {home / 'cifar-10-batches-py-target'}/"
        local = f"the {CIFAR_FOLDER} folder"
    elif kset.name == "fashion_mnist":
        where = f"the four IDX files ({', '.join(s + '.gz' for s in IDX_FILES.values())}) in {home / kset.cached}/"
        local = "a folder of the four IDX files, or an .npz"
    else:
        where = f"{kset.cached} in {home}/"
        local = "an .npz, or a folder of the four IDX files"
    hint = (
        f"put {where} (or into data/ where you run: paths.data_dir), or point data.path at"
        f" a local copy ({local})"
    )
    if kset.name == "fashion_mnist":
        hint += "; on Debian: apt-get install dataset-fashion-mnist, then data.path=/usr/share/datasets/fashion-mnist"
    raise DataError(f"no local copy of {kset.name} and {reason}", where="data.path", hint=hint)
