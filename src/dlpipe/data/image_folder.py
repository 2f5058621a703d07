"""Image folders (one sub-folder per class) streamed through ``tf.data`` by Keras' utility.

Two layouts:

- ``<path>/<class>/*.png`` — split by ``data.split`` (Keras' seeded ``validation_split``
  for the held-out share, which is then cut into validation and test);
- ``<path>/train/<class>/…`` and ``<path>/test/<class>/…`` (optionally ``val/`` or
  ``validation/``) — the folders are the splits.

Images are decoded batch by batch (never all at once) and resized to ``data.image.size``;
the caller scales, caches (``data.image.cache``) and prefetches.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlpipe.config.schema import DataCfg
from dlpipe.errors import DataError

# The files an image folder (and `predict` on images) reads.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")

SPLIT_FOLDERS = {"train": ("train",), "val": ("val", "validation"), "test": ("test",)}


@dataclass
class FolderData:
    """Batched ``(images, labels)`` datasets per split, and what they hold."""

    datasets: dict[str, Any]
    classes: list[str]
    image_shape: tuple[int, int, int]
    counts: dict[str, int]


def class_folders(root: Path) -> list[str]:
    """Sub-folder names that hold at least one image (sorted, as Keras orders classes)."""
    if not root.is_dir():
        what = "is a file, not a folder" if root.exists() else "does not exist"
        raise DataError(
            f"{root} {what}",
            where="data.path",
            hint="give a folder with one sub-folder of images per class",
        )
    classes = sorted(d.name for d in root.iterdir() if d.is_dir() and any(_images(d)))
    if len(classes) < 2:
        raise DataError(
            f"{root} has {len(classes)} class folder(s) with images; a classifier needs at least 2",
            where="data.path",
            hint="lay it out as <path>/<class name>/<image files> (png, jpg, bmp, gif)",
        )
    return classes


def split_roots(path: Path) -> dict[str, Path]:
    """``{train, val?, test?}`` roots when the folder is pre-split, else ``{}``."""
    roots = {}
    for split, names in SPLIT_FOLDERS.items():
        for name in names:
            if (path / name).is_dir():
                roots[split] = path / name
                break
    return roots if "train" in roots else {}


def first_image(root: Path) -> Path:
    """Any image under ``root`` (to find the default size and colour mode)."""
    for image in _images(root):
        return image
    raise DataError(f"{root} holds no images", where="data.path")


def declared_size(path: Path, where: str) -> tuple[int, int]:
    """An image's ``(width, height)`` from its header (nothing decoded), refused past
    Pillow's limit of ~89 million pixels: a 10 kB PNG can declare 20,000 × 20,000 pixels,
    1.2 GB once decoded (Pillow's DecompressionBombError was a traceback)."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    limit = Image.MAX_IMAGE_PIXELS or 89_478_485
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        width, height = limit, 2  # past twice the limit: Pillow does not say the size
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
        raise DataError(
            f"{path} is not a readable image ({exc})",
            where=where,
            hint="remove the file, or save it again as PNG or JPEG",
        ) from None
    if width * height > limit:
        raise DataError(
            f"{path} declares {width:,} × {height:,} pixels"
            if height != 2 or width != limit
            else f"{path} declares more than {2 * limit:,} pixels",
            where=where,
            hint=f"images up to {limit:,} pixels are read; is it a real photo? resize it first",
        )
    return width, height


def check_images(root: Path) -> None:
    """Every image of a folder is one that can be decoded in memory (headers only:
    ~30 µs an image)."""
    for path in _images(root):
        declared_size(path, "data.path")


def image_settings(root: Path, image_cfg: Any) -> tuple[tuple[int, int], str]:
    """``(height, width)`` and the Keras colour mode: as configured, else from one image."""
    from PIL import Image

    with Image.open(first_image(root)) as image:
        width, height = image.size
        mode = image.mode
    size = tuple(int(s) for s in image_cfg.size) if image_cfg.size else (height, width)
    if len(size) != 2:
        raise DataError(f"expected [height, width], got {list(size)}", where="data.image.size")
    color = str(image_cfg.color_mode)
    if color == "auto":
        color = "grayscale" if mode in ("L", "1", "I;16", "I") else "rgb"
    return size, color


def load_image_folder(data: DataCfg, label_mode: str, batch_size: int, seed: int) -> FolderData:
    """Batched datasets of raw pixels (0..255) and labels, per split (decoded lazily)."""
    from keras.utils import image_dataset_from_directory

    if not data.path:
        raise DataError("no folder to read", where="data.path", hint="data.path=<folder>")
    path = Path(str(data.path))
    roots = split_roots(path) or {"all": path}
    classes = class_folders(next(iter(roots.values())))
    for root in roots.values():
        check_images(root)
    size, color = image_settings(next(iter(roots.values())), data.image)
    options = {
        "label_mode": label_mode,
        "class_names": classes,
        "color_mode": color,
        "image_size": size,
        "batch_size": batch_size,
        "seed": seed,
        "verbose": False,
    }
    split = data.split
    datasets: dict[str, Any] = {}
    counts: dict[str, int] = {}
    if "all" in roots:
        held = split.val + split.test
        n_files = sum(1 for c in classes for _ in _images(path / c))
        if held > 0:
            train, rest = image_dataset_from_directory(
                path, validation_split=held, subset="both", **options
            )
            n_held = int(held * n_files)  # Keras' own count for the held-out files
            n_val = round(n_held * split.val / held)
            rest = rest.unbatch()  # unshuffled: the val / test cut is the same every epoch
            datasets["train"] = train
            counts["train"] = n_files - n_held
            if n_val:
                datasets["val"], counts["val"] = rest.take(n_val).batch(batch_size), n_val
            if n_held - n_val:
                datasets["test"] = rest.skip(n_val).batch(batch_size)
                counts["test"] = n_held - n_val
        else:
            datasets["train"] = image_dataset_from_directory(path, **options)
            counts["train"] = n_files
    else:
        for name, root in roots.items():
            shuffle = name == "train"
            datasets[name] = image_dataset_from_directory(root, shuffle=shuffle, **options)
            counts[name] = sum(1 for c in classes for _ in _images(root / c))
    channels = {"grayscale": 1, "rgb": 3, "rgba": 4}[color]
    return FolderData(datasets, classes, (size[0], size[1], channels), counts)


def _images(folder: Path):
    return (p for p in sorted(folder.rglob("*")) if p.suffix.lower() in IMAGE_SUFFIXES)
