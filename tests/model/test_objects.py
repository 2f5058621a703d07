"""Regularisers, initialisers and constraints from YAML become the Keras objects users mean."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dlpipe.config import keras_names
from dlpipe.errors import ModelError
from dlpipe.model import objects
from dlpipe.model.build import build_model
from dlpipe.model.head import OutputSpec


@pytest.mark.parametrize(
    ("argument", "value", "parsed"),
    [
        ("kernel_regularizer", "l2", ("L2", (), {})),
        ("kernel_regularizer", {"l2": 0.01}, ("L2", (0.01,), {})),
        (
            "kernel_regularizer",
            {"l1_l2": {"l1": 0.001, "l2": 0.01}},
            ("L1L2", (), {"l1": 0.001, "l2": 0.01}),
        ),
        ("kernel_regularizer", {"l1": 0.001, "l2": 0.01}, ("L1L2", (), {"l1": 0.001, "l2": 0.01})),
        ("bias_initializer", {"constant": 0.1}, ("Constant", (0.1,), {})),
        ("kernel_initializer", "HeNormal", ("HeNormal", (), {})),
        (
            "kernel_initializer",
            {"random_normal": {"stddev": 0.05, "seed": 1}},
            ("RandomNormal", (), {"stddev": 0.05, "seed": 1}),
        ),
        ("kernel_constraint", {"max_norm": 3}, ("MaxNorm", (3,), {})),
        ("kernel_regularizer", None, None),
        ("units", 4, None),
    ],
)
def test_yaml_forms_parse_without_keras(argument: str, value: object, parsed: object) -> None:
    assert objects.parse(argument, value, "here") == parsed


def test_two_names_in_one_initialiser_are_rejected() -> None:
    with pytest.raises(ModelError, match="cannot read"):
        objects.parse("kernel_initializer", {"zeros": None, "ones": None}, "here")


def test_built_layers_carry_the_objects_and_survive_save_and_load(tmp_path: Path) -> None:
    import keras

    model_cfg = {
        "name": "regularised",
        "layers": [
            {
                "type": "Dense",
                "units": 4,
                "activation": "relu",
                "kernel_regularizer": {"l2": 0.01},
                "bias_regularizer": {"l1_l2": {"l1": 0.001, "l2": 0.002}},
                "kernel_initializer": {"constant": 0.5},
                "kernel_constraint": {"max_norm": 3},
                "name": "hidden",
            }
        ],
    }
    model = build_model(model_cfg, (3,), OutputSpec(task="regression"))
    hidden = model.get_layer("hidden")
    assert isinstance(hidden.kernel_regularizer, keras.regularizers.L2)
    assert hidden.kernel_regularizer.l2 == pytest.approx(0.01)
    assert isinstance(hidden.bias_regularizer, keras.regularizers.L1L2)
    assert hidden.bias_regularizer.l2 == pytest.approx(0.002)
    assert isinstance(hidden.kernel_constraint, keras.constraints.MaxNorm)
    np.testing.assert_allclose(hidden.get_weights()[0], 0.5)
    assert len(model.losses) == 2  # the regularisation terms Keras adds to the loss

    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    x = np.ones((2, 3), dtype=np.float32)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert isinstance(loaded.get_layer("hidden").kernel_regularizer, keras.regularizers.L2)


def test_name_tables_match_the_installed_keras() -> None:
    import keras
    from keras.src.initializers import ALL_OBJECTS_DICT as INITIALIZERS

    apps = {n for n in dir(keras.applications) if n[0].isupper()}
    assert apps == keras_names.APPLICATIONS
    public = {k for k in INITIALIZERS if k.islower() and k != "initializer"}
    assert public == set(keras_names.INITIALIZERS)
    for module, table in (
        (keras.initializers, keras_names.INITIALIZERS),
        (keras.regularizers, keras_names.REGULARIZERS),
        (keras.constraints, keras_names.CONSTRAINTS),
    ):
        for cls in table.values():
            assert isinstance(getattr(module, cls), type), cls


def test_check_validates_every_shipped_model_without_importing_tensorflow() -> None:
    from conftest import run_python

    code = (
        "import sys\n"
        "from dlpipe.commands.check import check\n"
        "for name in ['dense', 'cnn', 'cnn1d', 'rnn', 'lstm', 'gru', 'cnn_blocks', 'transfer']:\n"
        "    assert check([f'model={name}']) == 0\n"
        "heavy = [m for m in ('tensorflow', 'keras') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    proc = run_python(code, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("config OK") == 8
