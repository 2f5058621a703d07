"""A ``keras.applications`` model as a transfer-learning base (an ``application:`` entry).

``{application: MobileNetV2, weights: imagenet | null | path/to/file, trainable: false,
**kwargs}``: the other keyword arguments go straight to the Keras constructor; dlpipe sets
``input_shape`` from the tensor the base is applied to and ``include_top: false`` unless
written. A frozen base runs in inference mode, so its BatchNormalization statistics stay.
"""

from __future__ import annotations

import inspect
import os
import re
import socket
from pathlib import Path
from typing import Any

from dlpipe.config import keras_names
from dlpipe.errors import ModelError, did_you_mean

WEIGHT_SUFFIXES = (".weights.h5", ".h5", ".hdf5", ".keras")
_OWN_KEYS = ("application", "trainable", "inputs")


def check_application(entry: dict[str, Any], where: str) -> None:
    """TF-free checks: a known name, no input_shape, weights none/imagenet/an existing file."""
    name = str(entry.get("application"))
    if name not in keras_names.APPLICATIONS:
        raise ModelError(
            f"unknown keras.applications model {name!r}",
            where=f"{where}.application",
            hint=did_you_mean(name, keras_names.APPLICATIONS)
            or f"one of: {', '.join(sorted(keras_names.APPLICATIONS))}",
        )
    if "input_shape" in entry or "input_tensor" in entry:
        raise ModelError(
            "dlpipe gives the base its input from the layers before it",
            where=f"{where}.input_shape",
            hint="remove input_shape; to change the image size put {type: Resizing, height: 96, width: 96} before the base",
        )
    if not isinstance(entry.get("trainable", True), bool):
        raise ModelError("expected true or false", where=f"{where}.trainable")
    weights_path(entry.get("weights", "imagenet"), where)


def weights_path(weights: Any, where: str) -> str | None:
    """``None``, ``"imagenet"``, or the path of an existing local weights file."""
    if weights is None or weights == "imagenet":
        return weights
    path = Path(str(weights)).expanduser()
    if not str(path).endswith(WEIGHT_SUFFIXES):
        raise ModelError(
            f"weights: {weights!r} is neither null, imagenet nor a Keras weights file",
            where=f"{where}.weights",
            hint="Keras 3 loads weights from .weights.h5 (model.save_weights), .h5 (the"
            " downloaded ImageNet files) or .keras files",
        )
    if not path.is_file():
        raise ModelError(
            f"the weights file {str(path)!r} does not exist (looked from {os.getcwd()})",
            where=f"{where}.weights",
            hint="give an absolute path, or a path relative to the folder you run dlpipe from",
        )
    return str(path.resolve())


def apply_application(entry: dict[str, Any], x: Any, where: str) -> Any:
    """Build the base for ``x``'s shape, load its weights, freeze it if asked, call it."""
    import keras

    check_application(entry, where)
    name = str(entry["application"])
    trainable = bool(entry.get("trainable", True))
    kwargs = {k: v for k, v in entry.items() if k not in _OWN_KEYS}
    kwargs["weights"] = weights_path(kwargs.get("weights", "imagenet"), where)
    kwargs.setdefault("include_top", False)
    cls = getattr(keras.applications, name)
    label = f"{where} ({name})"
    if len(x.shape) != 4:
        raise ModelError(
            f"{name} needs images (batch, height, width, channels), got an input of shape {tuple(x.shape)}",
            where=label,
            hint="use image data (e.g. data=mnist, or an image folder)",
        )
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(30)  # an offline machine must fail, not hang
    try:
        base = cls(input_shape=tuple(x.shape[1:]), **kwargs)
    except TypeError as exc:
        accepted = [p for p in inspect.signature(cls).parameters if p != "input_shape"]
        raise ModelError(
            str(exc),
            where=label,
            hint=did_you_mean(_bad_argument(str(exc)), accepted)
            or f"{name} accepts: {', '.join(accepted)}",
        ) from None
    except ValueError as exc:
        raise ModelError(str(exc).split("\n")[0], where=label, hint=_value_hint(str(exc))) from None
    except Exception as exc:
        if "URL fetch failure" in str(exc) or isinstance(exc, OSError):
            raise _offline_error(name, str(exc), label) from None
        raise ModelError(f"{type(exc).__name__}: {exc}".split("\n")[0], where=label) from None
    finally:
        socket.setdefaulttimeout(previous)
    base.trainable = trainable
    return base(x, training=False) if not trainable else base(x)


def _offline_error(name: str, message: str, where: str) -> ModelError:
    url = re.search(r"https?://\S+?\.h5", message)
    filename = url.group(0).rsplit("/", 1)[-1] if url else "<the .h5 file>"
    home = os.environ.get("KERAS_HOME") or str(Path("~/.keras").expanduser())
    cache = Path(home) / "models"  # where keras.utils.get_file looks before downloading
    return ModelError(
        f"could not download the ImageNet weights of {name} (no internet connection?)",
        where=f"{where}.weights",
        hint=(
            f"on a machine with internet download {url.group(0) if url else 'the weights file'}, then"
            f" either set weights: /path/to/{filename} in this entry, or copy it into {cache}/"
            " (Keras looks there first); weights: null starts from random weights"
        ),
    )


def _bad_argument(message: str) -> str:
    found = re.search(r"argument '(\w+)'", message)
    return found.group(1) if found else ""


def _value_hint(message: str) -> str | None:
    if "3 channels" in message or "3 input channels" in message:
        return (
            "ImageNet weights expect colour images (h, w, 3); for grey images repeat the"
            " channel first: {type: Concatenate, inputs: [input, input, input]}, or use weights: null"
        )
    if "at least" in message or "should be no smaller" in message:
        return "make the images bigger first, e.g. {type: Resizing, height: 96, width: 96} before the base"
    return None
