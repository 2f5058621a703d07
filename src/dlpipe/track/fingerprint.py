"""What a rerun must match: package versions, the input data's sha256, the trained weights.

Written as run tags (``dlpipe.version.<package>``, ``dlpipe.data_sha256``, …) so that
``dlpipe reproduce`` can warn when something differs. No TensorFlow import here.
"""

from __future__ import annotations

import hashlib
import platform
from pathlib import Path
from typing import Any

# Tag name suffix → distributions to ask for (the first one installed wins).
PACKAGES: dict[str, tuple[str, ...]] = {
    "dlpipe": ("dlpipe",),
    "keras": ("keras",),
    "tensorflow": ("tensorflow", "tensorflow-cpu"),
    "numpy": ("numpy",),
    "pandas": ("pandas",),
    "scikit-learn": ("scikit-learn",),
    "mlflow": ("mlflow", "mlflow-skinny"),
    "hydra-core": ("hydra-core",),
}
VERSION_PREFIX = "dlpipe.version."
DATA_SHA = "dlpipe.data_sha256"
DATA_PATH = "dlpipe.data_path"
WEIGHTS_SHA = "dlpipe.weights_sha256"
DETERMINISM = "dlpipe.determinism"
CHUNK = 1 << 20  # bytes hashed at a time


def version_tags() -> dict[str, str]:
    """``dlpipe.version.<package>`` for Python and every package a result depends on."""
    from importlib import metadata

    tags = {VERSION_PREFIX + "python": platform.python_version()}
    for name, distributions in PACKAGES.items():
        for dist in distributions:
            try:
                tags[VERSION_PREFIX + name] = metadata.version(dist)
                break
            except metadata.PackageNotFoundError:
                continue
        else:
            tags[VERSION_PREFIX + name] = "not installed"
    return tags


def input_path(data: Any) -> Path | None:
    """The local file or folder the run reads (None for downloaded/built-in sources)."""
    if data.get("path"):
        return Path(str(data.path))
    if data.get("source", "csv") == "csv" and data.get("builtin"):
        from dlpipe.data.builtin import builtin_csv

        return builtin_csv(str(data.builtin))
    return None


def sha256_of(path: Path) -> str:
    """sha256 of a file's bytes, or of a folder's files (relative names and contents)."""
    return folder_sha256(path) if path.is_dir() else file_sha256(path)


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def folder_sha256(folder: Path) -> str:
    """sha256 over every file of a folder (relative names and contents, sorted)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def data_tags(data: Any) -> dict[str, str]:
    """``dlpipe.data_path`` and ``dlpipe.data_sha256`` of the input (or 'n/a')."""
    path = input_path(data)
    if path is None or not path.exists():
        return {DATA_PATH: "n/a", DATA_SHA: "n/a"}
    return {DATA_PATH: str(path.resolve()), DATA_SHA: sha256_of(path)}


def provenance_tags(cfg: Any) -> dict[str, str]:
    """The tags a later ``reproduce`` compares against that are known before TensorFlow
    is set up: versions and data (the seeding mode, :data:`DETERMINISM`, comes after)."""
    return {**version_tags(), **data_tags(cfg.data)}


def weights_sha256(model: Any) -> str:
    """sha256 over every weight array (shape, dtype and bytes): equal iff bit-identical."""
    digest = hashlib.sha256()
    for array in model.get_weights():
        digest.update(f"{array.shape}{array.dtype}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()
