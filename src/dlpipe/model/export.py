"""A trained Keras model written in a deployable format, and read back to check it.

Keras' own ``model.export`` does the writing (a TensorFlow SavedModel; LiteRT, the format
TFLite files have; ONNX through tf2onnx); the readers are each format's own runtime, so
a check here is what a deployment would see.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dlpipe.errors import ConfigError, DlpipeError


@dataclass(frozen=True)
class Format:
    """One export format: Keras' name for it, the file it writes, what reads it back."""

    keras: str
    file: str
    needs: tuple[str, ...]  # modules the format needs beyond TensorFlow (an extra)
    runtime: str  # how to load it, for the README beside it


FORMATS = {
    "savedmodel": Format(
        "tf_saved_model",
        "saved_model",
        (),
        "tf.saved_model.load(folder).serve(x)  (TensorFlow Serving reads the same folder)",
    ),
    "tflite": Format(
        "litert",
        "model.tflite",
        (),
        "ai_edge_litert.interpreter.Interpreter(model_path=...) or tf.lite.Interpreter",
    ),
    "onnx": Format(
        "onnx",
        "model.onnx",
        ("tf2onnx", "onnxruntime"),
        "onnxruntime.InferenceSession(path).run(None, {input name: x})",
    ),
}


KNOWN_FORMATS = "formats: savedmodel, tflite, onnx, notebook"


def export_format(name: str) -> Format:
    """The format ``format=<name>`` asks for, its extra packages checked before any work."""
    import importlib.util

    if name not in FORMATS:
        from dlpipe.errors import did_you_mean

        raise ConfigError(
            f"'{name}' is not an export format",
            where="format",
            hint=" ".join(
                filter(None, [did_you_mean(name, [*FORMATS, "notebook"]), KNOWN_FORMATS])
            ),
        )
    chosen = FORMATS[name]
    missing = [m for m in chosen.needs if importlib.util.find_spec(m) is None]
    if missing:
        raise ConfigError(
            f"format={name} needs {' and '.join(missing)}, not installed here",
            where="format",
            hint="pip install 'dlpipe[export]' (or pick format=savedmodel or format=tflite)",
        )
    return chosen


def write_export(model: Any, name: str, folder: Path) -> Path:
    """Write ``model`` into ``folder`` in format ``name``; the path of what was written.

    A model a converter cannot take (a layer it has no operation for) is said in one
    message naming the format and the converter's own words.
    """
    import contextlib
    import io
    import warnings

    chosen = export_format(name)
    path = folder / chosen.file
    shape = tuple(int(d) for d in model.input_shape[1:])
    model.predict(np.zeros((1, *shape), "float32"), verbose=0)  # a loaded model, called once
    import logging

    logging.getLogger("tf2onnx").setLevel(logging.WARNING)  # its progress, line by line
    noise = io.StringIO()  # converters print pages of progress; their errors are kept
    try:
        with contextlib.redirect_stdout(noise), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # converters' deprecation notes are not the user's
            model.export(str(path), format=chosen.keras, verbose=False)
    except Exception as exc:  # any converter failure is one message
        raise DlpipeError(
            f"format={name}: the converter could not take this model: {first_sentence(exc)}",
            where="format",
            hint="try another format (savedmodel takes every Keras model)",
        ) from None
    return path


def first_sentence(exc: BaseException) -> str:
    """The gist of a converter's or runtime's error (they run to pages)."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return text.split(". ")[0][:300]


def exported_predict(path: Path, name: str, x: np.ndarray) -> np.ndarray:
    """What the exported file predicts for ``x``, read by the format's own runtime."""
    x = np.asarray(x, dtype="float32")
    if name == "savedmodel":
        import tensorflow as tf

        restored = tf.saved_model.load(str(path))  # (held: its variables live with it)
        return np.asarray(restored.serve(x))
    if name == "onnx":
        import onnxruntime

        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        return np.asarray(session.run(None, {session.get_inputs()[0].name: x})[0])
    return tflite_predict(path, x)


def tflite_predict(path: Path, x: np.ndarray) -> np.ndarray:
    """A TFLite file run on ``x`` (LiteRT's interpreter where installed, else TensorFlow's)."""
    import warnings

    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:
        import tensorflow as tf

        Interpreter = tf.lite.Interpreter
    with warnings.catch_warnings():  # TensorFlow's interpreter warns that LiteRT replaces it
        warnings.simplefilter("ignore")
        interpreter = Interpreter(model_path=str(path))
    given = interpreter.get_input_details()[0]
    interpreter.resize_tensor_input(given["index"], list(x.shape))
    interpreter.allocate_tensors()
    interpreter.set_tensor(given["index"], x)
    interpreter.invoke()
    return np.asarray(interpreter.get_tensor(interpreter.get_output_details()[0]["index"]))


def check_export(model: Any, path: Path, name: str, rows: int = 8, seed: int = 0) -> float:
    """Read the export back and compare its predictions with Keras' on seeded inputs in
    [0, 1) (token ids there are 0: valid for every model); the largest difference."""
    shape = tuple(int(d) for d in model.input_shape[1:])
    x = np.random.default_rng(seed).random((rows, *shape), dtype=np.float32)
    expected = np.asarray(model.predict(x, verbose=0))
    try:
        got = exported_predict(path, name, x).reshape(expected.shape)
    except Exception as exc:  # the file is written, but its runtime cannot run it
        raise DlpipeError(
            f"format={name}: the exported file does not run in its own runtime:"
            f" {first_sentence(exc)}; it was not kept",
            where="format",
            hint="try format=savedmodel or format=onnx (a recurrent model in TFLite needs"
            " TensorFlow's own operations, which plain TFLite runtimes lack)"
            if name == "tflite"
            else "try format=savedmodel (TensorFlow's own format)",
        ) from None
    return float(np.max(np.abs(got - expected)))
