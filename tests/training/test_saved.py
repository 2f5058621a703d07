"""A trained model read back from a file anyone may have written: one message for what
Keras or the zip reader refuses."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from dlpipe.errors import DataError
from dlpipe.training.saved import load_saved_model


def tiny_model(lambda_layer: bool = False):
    import keras

    inputs = keras.Input((3,))
    x = keras.layers.Lambda(lambda t: t * 2.0)(inputs) if lambda_layer else inputs
    return keras.Model(inputs, keras.layers.Dense(2)(x))


def with_declared_size(source: Path, target: Path, member: str, size: int) -> Path:
    """A copy of the zip ``source`` whose ``member`` declares ``size`` bytes, in its local
    header and the central directory, while its data stays as it was."""
    data = bytearray(source.read_bytes())
    info = zipfile.ZipFile(source).getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + length]).decode() == member:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    target.write_bytes(bytes(data))
    return target


def test_a_model_saved_by_training_loads(tmp_path: Path) -> None:
    path = tmp_path / "model.keras"
    tiny_model().save(path)
    assert load_saved_model(path, "run").output_shape == (None, 2)


def test_a_lambda_layer_is_refused_in_one_message(tmp_path: Path) -> None:
    path = tmp_path / "model.keras"
    tiny_model(lambda_layer=True).save(path)
    with pytest.raises(DataError) as caught:
        load_saved_model(path, "run")
    assert "holds Python code (a Lambda layer)" in caught.value.message
    assert caught.value.where == "run"


def test_a_member_that_inflates_past_its_declared_size_is_not_read_past_it(
    tmp_path: Path,
) -> None:
    saved = tmp_path / "saved.keras"
    tiny_model().save(saved)
    with zipfile.ZipFile(saved) as archive, zipfile.ZipFile(tmp_path / "big.keras", "w") as big:
        for info in archive.infolist():  # the weights padded with 50 MB, deflated to ~50 kB
            data = archive.read(info)
            if info.filename.endswith(".h5"):
                data += b"\0" * 50_000_000
            big.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    member = next(
        n for n in zipfile.ZipFile(tmp_path / "big.keras").namelist() if n.endswith(".h5")
    )
    lying = with_declared_size(tmp_path / "big.keras", tmp_path / "model.keras", member, 4096)
    assert lying.stat().st_size < 1_000_000
    with pytest.raises(DataError) as caught:
        load_saved_model(lying, "model")
    assert "is damaged or was altered" in caught.value.message
    assert caught.value.where == "model"
