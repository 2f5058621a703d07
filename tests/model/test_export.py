"""Export formats: each written by Keras, read back by its own runtime, or one message."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlpipe.errors import ConfigError, DlpipeError
from dlpipe.model.build import build_model
from dlpipe.model.export import check_export, export_format, write_export
from dlpipe.model.head import OutputSpec


def test_a_model_tflite_cannot_run_is_refused_with_the_formats_that_can(tmp_path: Path) -> None:
    model = build_model(
        {"name": "seq", "layers": [{"type": "LSTM", "units": 4}]}, (6, 2), OutputSpec("binary", 2)
    )
    path = write_export(model, "tflite", tmp_path)  # the converter writes it …
    with pytest.raises(DlpipeError) as caught:  # … but TFLite's interpreter cannot run it
        check_export(model, path, "tflite")
    assert "format=tflite: the exported file does not run in its own runtime" in str(caught.value)
    assert "format=savedmodel or format=onnx" in caught.value.hint
    assert check_export(model, write_export(model, "onnx", tmp_path), "onnx") < 1e-5


def test_unknown_formats_and_missing_converters_are_said_before_any_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ConfigError, match="'saved_model' is not an export format"):
        export_format("saved_model")
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "tf2onnx" else real(name, *a)
    )
    with pytest.raises(ConfigError) as caught:
        export_format("onnx")
    assert "format=onnx needs tf2onnx, not installed here" in str(caught.value)
    assert "pip install 'dlpipe[export]'" in caught.value.hint
    assert export_format("tflite").file == "model.tflite"  # needs TensorFlow only
