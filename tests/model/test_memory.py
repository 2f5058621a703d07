"""Settings that would need more memory than the machine has are refused before Keras or
NumPy allocate it, naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from datafiles import write_image_folder
from dlpipe.commands.summary import summary
from dlpipe.config import compose, validate
from dlpipe.data import memory
from dlpipe.errors import DataError, ModelError
from dlpipe.model.build import weight_estimate

TABULAR = ["data=mnist", "data.input_shape=[8]", "data.num_classes=3", "data.task=multiclass"]


@pytest.mark.parametrize(
    ("entry", "shape"),
    [
        ({"type": "Dense", "units": 7}, (None, 5)),
        ({"type": "LSTM", "units": 6}, (None, 4, 3)),
        ({"type": "GRU", "units": 6, "reset_after": False}, (None, 4, 3)),
        ({"type": "SimpleRNN", "units": 6}, (None, 4, 3)),
        ({"type": "Conv2D", "filters": 4, "kernel_size": 3}, (None, 9, 9, 2)),
        ({"type": "Conv1D", "filters": 4, "kernel_size": [5]}, (None, 9, 2)),
        ({"type": "Embedding", "input_dim": 50, "output_dim": 8}, (None, 10)),
    ],
)
def test_the_estimate_is_the_number_of_weights_keras_creates(
    entry: dict[str, object], shape: tuple[int | None, ...]
) -> None:
    import keras

    settings = {k: v for k, v in entry.items() if k != "type"}
    layer = getattr(keras.layers, str(entry["type"]))(**settings)
    layer(keras.Input(shape[1:]))
    assert weight_estimate(str(entry["type"]), entry, shape) == layer.count_params()


def test_a_layer_too_large_for_the_memory_left_is_refused_before_it_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(memory, "memory_available", lambda: 2**30)  # 1 GiB left
    cfg = validate(
        compose([*TABULAR, "model.layers=[{type:Dense,units:4},{type:Dense,units:20000000}]"])
    )
    with pytest.raises(ModelError) as caught:
        summary(cfg)
    assert caught.value.where == "model.layers[1] (Dense)"
    assert "100,000,000 weights" in caught.value.message
    assert "fewer units" in (caught.value.hint or "")


def test_images_resized_past_the_memory_left_are_refused_naming_the_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dlpipe.preprocess.prepare import prepare

    root = write_image_folder(tmp_path / "shapes", per_class=4, size=12)
    monkeypatch.setattr(memory, "memory_available", lambda: 2**30)
    cfg = validate(
        compose(["data=image_folder", f"data.path={root}", "data.image.size=[4000,4000]"])
    )
    with pytest.raises(DataError) as caught:
        prepare(cfg)
    assert caught.value.where == "data.image.size"
    assert "4000×4000" in caught.value.message
