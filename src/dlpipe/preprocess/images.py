"""Image preprocessing: pixel scaling (1/255), a channel axis for grey images, class names.

Nothing here is learned from pixel values, so nothing can leak; the object still travels
with the run (preprocess.persist) because ``predict`` needs the same size, colour mode, scale and
class names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from dlpipe.data.image_folder import IMAGE_SUFFIXES, declared_size
from dlpipe.errors import DataError
from dlpipe.preprocess.labels import decode_indices, targets_from_indices
from dlpipe.preprocess.protocol import FittedPreprocessor

PIL_MODES = {"grayscale": "L", "rgb": "RGB", "rgba": "RGBA"}


@dataclass
class ImagePreprocessor(FittedPreprocessor):
    """Turns raw pixels (uint8 0..255, or 0..16 for digits) into the model's input."""

    kind: ClassVar[str] = "images"
    input_shape: tuple[int, int, int]  # (height, width, channels)
    scale: float
    classes: list[Any]
    task: str
    target_onehot: bool = False

    @property
    def color_mode(self) -> str:
        """grayscale, rgb or rgba, from the channel count."""
        return {1: "grayscale", 3: "rgb", 4: "rgba"}[self.input_shape[-1]]

    def prepare(self, raw: Any) -> np.ndarray:
        """Raw input → pixel array: an array, an image file, a folder or a list of files."""
        if isinstance(raw, np.ndarray):
            return raw
        paths = image_files(raw) if isinstance(raw, str | Path) else [Path(p) for p in raw]
        return np.stack([self.load_image(p) for p in paths])

    def load_image(self, path: Path) -> np.ndarray:
        """One image file, converted to this run's colour mode and resized to its size."""
        from PIL import Image

        height, width, _ = self.input_shape
        declared_size(path, "input")
        try:
            with Image.open(path) as image:
                converted = image.convert(PIL_MODES[self.color_mode])
                resized = converted.resize((width, height), Image.Resampling.BILINEAR)
                return np.asarray(resized, dtype="float32")
        except OSError as exc:
            raise DataError(f"{path} is not a readable image ({exc})", where="input") from None

    def transform(self, images: np.ndarray) -> np.ndarray:
        """Scaled float32 images with a channel axis, shaped like the model's input."""
        x = np.asarray(images, dtype="float32")
        if x.ndim == len(self.input_shape):  # a grey batch without its channel axis
            x = x[..., np.newaxis]
        if tuple(x.shape[1:]) != tuple(self.input_shape):
            raise DataError(
                f"images of shape {tuple(x.shape[1:])} do not fit this model's input {self.input_shape}",
                where="input",
                hint="give image files (they are resized and converted) or arrays of the training shape",
            )
        return x * np.float32(self.scale)

    def encode_target(self, indices: Any) -> np.ndarray:
        """Integer class indices → labels the loss expects (one-hot when it asks)."""
        labels = np.asarray(indices).reshape(-1)
        if labels.size and (labels.min() < 0 or labels.max() >= self.n_classes):
            raise DataError(
                f"labels outside 0..{self.n_classes - 1} (found {labels.min()}..{labels.max()})",
                where="data.path",
            )
        return targets_from_indices(labels, self.n_classes, self.target_onehot)

    def decode(self, labels: Any) -> list[Any]:
        """Integer labels (or probabilities) → the class names (``T-shirt/top``, a folder name)."""
        return decode_indices(labels, self.classes)

    def read_input(self, path: Path, data: Mapping[str, Any]) -> pd.DataFrame:
        """An image file or a folder of them, as a ``path`` column."""
        return pd.DataFrame({"path": [str(p) for p in image_files(path)]})

    def check_input(self, raw: pd.DataFrame) -> pd.DataFrame:
        """Rows with a ``path`` column naming image files, each one that can be decoded
        in memory (from its header)."""
        if "path" not in raw.columns:
            raise DataError(
                "the input has no column 'path'",
                where="input",
                hint="give image files or a folder of them",
            )
        for path in raw["path"]:
            declared_size(Path(path), "input")
        return raw

    def array_input(self, array: np.ndarray) -> tuple[pd.DataFrame | None, np.ndarray]:
        """A batch of images shaped like the training images (pixels as loaded)."""
        return None, self.transform(array)

    def model_input(self, raw: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """The images the ``path`` column names, one model row each."""
        return self.transform(self.prepare(raw["path"].tolist())), np.arange(len(raw))


def fit_images(
    sample: np.ndarray,
    classes: Sequence[Any],
    task: str,
    onehot: bool,
    rescale: float | None,
    default_scale: float = 1.0 / 255.0,
) -> ImagePreprocessor:
    """The preprocessor for images shaped like ``sample`` (a batch, with or without channels)."""
    shape = tuple(int(d) for d in np.shape(sample)[1:])
    if len(shape) == 2:
        shape = (*shape, 1)
    if len(shape) != 3:
        raise DataError(
            f"images must be (height, width) or (height, width, channels), got {shape}",
            where="data.path",
        )
    return ImagePreprocessor(
        input_shape=shape,
        scale=float(default_scale if rescale is None else rescale),
        classes=list(classes),
        task=task,
        target_onehot=bool(onehot and task == "multiclass"),
    )


def image_files(path: str | Path) -> list[Path]:
    """An image file, or every image file under a folder (sorted, recursive)."""
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise DataError(f"{path} does not exist", where="input")
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise DataError(f"{path} holds no image files ({', '.join(IMAGE_SUFFIXES)})", where="input")
    return files
