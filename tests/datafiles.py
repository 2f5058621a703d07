"""Tiny generated data files for the data-kind tests: IDX, npz, PNG folders, TSV, series CSV."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pandas as pd

IDX_NAMES = {
    "x_train": "train-images-idx3-ubyte.gz",
    "y_train": "train-labels-idx1-ubyte.gz",
    "x_test": "t10k-images-idx3-ubyte.gz",
    "y_test": "t10k-labels-idx1-ubyte.gz",
}


def digit_like(
    n: int, seed: int = 0, size: int = 28, classes: int = 10
) -> tuple[np.ndarray, np.ndarray]:
    """uint8 images where class k lights up column band k: easy to learn, cheap to make."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % classes
    images = rng.integers(0, 40, size=(n, size, size)).astype("uint8")
    band = max(size // classes, 1)
    for i, label in enumerate(labels):
        images[i, :, label * band : (label + 1) * band] = 250
    return images, labels.astype("uint8")


def mnist_arrays(n_train: int = 60, n_test: int = 20) -> dict[str, np.ndarray]:
    """x_train, y_train, x_test, y_test like Keras' mnist.npz, but tiny."""
    x_train, y_train = digit_like(n_train, seed=0)
    x_test, y_test = digit_like(n_test, seed=1)
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> Path:
    """An .npz in Keras' mnist.npz layout."""
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **arrays)
    return path


def write_idx(path: Path, array: np.ndarray) -> Path:
    """One gzipped IDX file of unsigned bytes (MNIST's format)."""
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(
        ">" + "I" * array.ndim, *array.shape
    )
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype("uint8").tobytes())
    return path


def write_idx_folder(folder: Path, arrays: dict[str, np.ndarray]) -> Path:
    """The four IDX .gz files in one folder (like /usr/share/datasets/fashion-mnist)."""
    folder.mkdir(parents=True, exist_ok=True)
    for key, name in IDX_NAMES.items():
        write_idx(folder / name, arrays[key])
    return folder


def write_image_folder(root: Path, per_class: int = 12, size: int = 12, mode: str = "L") -> Path:
    """<root>/<class>/*.png: 'bright' images vs 'dark' ones vs 'striped' ones."""
    from PIL import Image

    rng = np.random.default_rng(0)
    for name in ("bright", "dark", "striped"):
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            base = {"bright": 200, "dark": 30, "striped": 100}[name]
            pixels = np.clip(base + rng.normal(0, 10, (size, size)), 0, 255)
            if name == "striped":
                pixels[:, ::2] = 250
            image = Image.fromarray(pixels.astype("uint8"), mode="L").convert(mode)
            image.save(root / name / f"{i:03d}.png")
    return root


POSITIVE = ["great", "good", "love", "excellent", "wonderful", "amazing", "nice", "best"]
NEGATIVE = ["bad", "awful", "hate", "terrible", "poor", "worst", "boring", "ugly"]


def write_png_header(path: Path, width: int, height: int) -> Path:
    """A small PNG that declares ``width`` × ``height`` grey pixels (its data is cut
    short: nothing that reads only the header can tell)."""
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * (width + 1) * 4, 9)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


def write_sentences(path: Path, n: int = 80, seed: int = 0) -> Path:
    """A headerless TSV of sentence<TAB>label like the UCI sentiment files (quotes included)."""
    rng = np.random.default_rng(seed)
    lines = []
    for i in range(n):
        label = i % 2
        words = POSITIVE if label else NEGATIVE
        filler = rng.choice(["the", "movie", "was", "this", "phone", "food", "is", "a"], 3)
        chosen = rng.choice(words, 2)
        lines.append(f'"{filler[0]}" {chosen[0]} {filler[1]}, {filler[2]} {chosen[1]}!\t{label}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def noisy_sine(n: int = 400) -> pd.DataFrame:
    """A time-ordered table: step, value = sin + noise (+ a slow trend), as dlpipe ships it."""
    from dlpipe.data.builtin import noisy_sine as generate

    return generate(n)


def monthly_passengers(months: int = 144, seed: int = 0) -> pd.DataFrame:
    """A trending, seasonal monthly series (month, passengers), as dlpipe ships it."""
    from dlpipe.data.builtin import monthly_passengers as generate

    return generate(months, seed)


def reviews_table(n: int = 240, seed: int = 0) -> pd.DataFrame:
    """A shop's table: a free-text review beside a price and a brand; whether the buyer
    liked it shows in the review's words (and a little in the price)."""
    rng = np.random.default_rng(seed)
    good = ["great", "love", "excellent", "works", "perfect", "happy"]
    bad = ["broken", "awful", "returned", "poor", "waste", "slow"]
    filler = ["the", "item", "arrived", "box", "today", "was", "it", "my", "order", "very"]
    liked = rng.integers(0, 2, n)
    reviews = [
        " ".join(rng.choice(filler, 4).tolist() + rng.choice(good if like else bad, 2).tolist())
        for like in liked
    ]
    return pd.DataFrame(
        {
            "review": reviews,
            "price": rng.normal(50, 10, n).round(2) - 3 * liked,
            "brand": rng.choice(["acme", "globex", "initech"], n),
            "liked": np.where(liked == 1, "yes", "no"),
        }
    )
