"""A learner's model mistakes get a teaching message: the YAML path, Keras' reason, the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from dlpipe.commands.check import check_config
from dlpipe.commands.summary import summary
from dlpipe.config import compose, validate
from dlpipe.errors import DlpipeError

TABULAR = ["data=mnist", "data.input_shape=[8]", "data.num_classes=3", "data.task=multiclass"]
IMAGES = ["data=mnist"]
SEQUENCES = [*TABULAR, "data.input_shape=[5,2]"]


def error_of(base: list[str], *overrides: str) -> DlpipeError:
    with pytest.raises(DlpipeError) as caught:
        summary(validate(compose([*base, *overrides])))
    return caught.value


@pytest.mark.parametrize(
    ("base", "layers", "where", "message", "hint"),
    [
        # unknown layer: the closest names
        (
            TABULAR,
            "[{type: Dense, units: 4}, {type: Dropuot, rate: 0.1}]",
            "model.layers[1]",
            "unknown layer type 'Dropuot'",
            "did you mean 'Dropout'",
        ),
        (
            TABULAR,
            "[{type: Conv2d, filters: 4, kernel_size: 3}]",
            "model.layers[0]",
            "unknown layer type 'Conv2d'",
            "'Conv2D'",
        ),
        (
            TABULAR,
            "[{type: Lambda}]",
            "model.layers[0]",
            "unknown layer type 'Lambda'",
            "arbitrary code",
        ),
        (
            TABULAR,
            "[{type: ResNet50}]",
            "model.layers[0]",
            "unknown layer type 'ResNet50'",
            "{application: ResNet50",
        ),
        # mistyped argument: Keras' own reason + the closest argument
        (
            TABULAR,
            "[{type: Dense, unit: 4}]",
            "model.layers[0] (Dense)",
            "units",
            "did you mean 'units'",
        ),
        (
            TABULAR,
            "[{type: Dense, units: 4, activaton: relu}]",
            "model.layers[0] (Dense)",
            "activaton",
            "did you mean 'activation'",
        ),
        (
            TABULAR,
            "[{type: Dense, units: 4, activation: rleu}]",
            "model.layers[0] (Dense)",
            "rleu",
            "did you mean 'relu'",
        ),
        (
            TABULAR,
            "[{type: Dense, units: -3}]",
            "model.layers[0] (Dense)",
            "expected a positive integer",
            "change units: in this layer's entry",
        ),
        (
            IMAGES,
            "[{type: Conv2D, filters: 4, kernel_size: 3, padding: vaild}, {type: Flatten}]",
            "model.layers[0] (Conv2D)",
            "Received: vaild",
            None,
        ),
        # shape mismatches
        (
            IMAGES,
            "[{type: Conv2D, filters: 8, kernel_size: 3}, {type: Dense, units: 16}]",
            "model.layers[1] (Dense)",
            "4-D input of shape (None, 26, 26, 8)",
            "{type: Flatten}",
        ),
        (
            IMAGES,
            "[{type: Conv2D, filters: 8, kernel_size: 3}]",
            "model.head",
            "(None, 26, 26, 8)",
            "{type: Flatten}",
        ),
        (
            TABULAR,
            "[{type: Conv2D, filters: 4, kernel_size: 3}]",
            "model.layers[0] (Conv2D)",
            "shape (None, 8)",
            "tabular rows cannot go into Conv2D",
        ),
        (
            TABULAR,
            "[{type: LSTM, units: 4}]",
            "model.layers[0] (LSTM)",
            "expected ndim=3, found ndim=2",
            "recurrent layers need sequences",
        ),
        (
            TABULAR,
            "[{type: Conv1D, filters: 4, kernel_size: 3}]",
            "model.layers[0] (Conv1D)",
            "shape (None, 8)",
            "1-D convolutions need sequences",
        ),
        (
            SEQUENCES,
            "[{type: LSTM, units: 4, return_sequences: true}]",
            "model.head",
            "(None, 5, 4)",
            "return_sequences: false",
        ),
        (
            TABULAR,
            "[{type: Dense, units: 4, name: a}, {type: Dense, units: 5, name: b}, {type: Add, inputs: [a, b]}]",
            "model.layers[2] (Add)",
            "incompatible shapes",
            "1×1 convolution",
        ),
        (
            TABULAR,
            "[{type: Dense, units: 4}, {type: Add}]",
            "model.layers[1] (Add)",
            "list of inputs",
            "inputs: [",
        ),
        (
            TABULAR,
            "[{type: Reshape, target_shape: [3, 3]}]",
            "model.layers[0] (Reshape)",
            "total size of the tensor must be unchanged",
            "-1",
        ),
        (
            TABULAR,
            "[{type: Input, shape: [5]}, {type: Dense, units: 4}]",
            "model.layers[0] (Input)",
            "does not match the data's shape [8]",
            "remove the Input entry",
        ),
        # Keras 2 habits
        (
            TABULAR,
            "[{type: Dense, units: 4, input_shape: [8]}]",
            "model.layers[0] (Dense)",
            "old Keras habit",
            "remove 'input_shape'",
        ),
        (
            TABULAR,
            "[{type: Dense, units: 4, input_dim: 8}]",
            "model.layers[0] (Dense)",
            "old Keras habit",
            "remove 'input_dim'",
        ),
        (
            SEQUENCES,
            "[{type: Embedding, input_dim: 100, output_dim: 8, input_length: 5}]",
            "model.layers[0] (Embedding)",
            "old Keras habit",
            "no 'input_length'",
        ),
        (
            TABULAR,
            "[{type: Dense, units: 4, init: he_normal}]",
            "model.layers[0] (Dense)",
            "old Keras habit",
            "kernel_initializer",
        ),
        (
            TABULAR,
            "[{type: Dense, units: 4, kernel_regularizer: 'l2(0.01)'}]",
            "model.layers[0] (Dense).kernel_regularizer",
            "is Python, not YAML",
            "write {l2: 0.01}",
        ),
        # regularisers and initialisers
        (
            TABULAR,
            "[{type: Dense, units: 4, kernel_regularizer: {l3: 0.01}}]",
            "model.layers[0] (Dense).kernel_regularizer",
            "unknown regulariser 'l3'",
            "l1_l2",
        ),
        (
            TABULAR,
            "[{type: Dense, units: 4, kernel_initializer: he_normel}]",
            "model.layers[0] (Dense).kernel_initializer",
            "unknown initialiser 'he_normel'",
            "did you mean 'he_normal'",
        ),
        (
            TABULAR,
            "[{type: Dense, units: 4, kernel_initializer: {random_normal: {stdev: 0.1}}}]",
            "model.layers[0] (Dense).kernel_initializer",
            "stdev",
            "did you mean 'stddev'",
        ),
        (
            SEQUENCES,
            "[{type: Bidirectional, layer: {type: LSTMM, units: 3}}]",
            "model.layers[0] (Bidirectional).layer",
            "unknown layer type 'LSTMM'",
            "'LSTM'",
        ),
    ],
)
def test_model_mistake_names_the_yaml_path_and_the_fix(
    base: list[str], layers: str, where: str, message: str, hint: str | None
) -> None:
    error = error_of(base, f"model.layers={layers}")
    assert error.where == where
    assert message in error.message
    if hint:
        assert hint in (error.hint or "")


def test_an_explicit_output_layer_must_fit_the_task() -> None:
    error = error_of(
        TABULAR, "model.head=none", "model.layers=[{type: Dense, units: 1, activation: softmax}]"
    )
    assert error.where == "model.layers[0] (Dense)"
    assert "softmax over 1 unit" in error.message


def test_old_lr_argument_is_explained() -> None:
    error = error_of(TABULAR, "+optimizer.lr=0.1")
    assert error.where == "optimizer.lr"
    assert "learning_rate" in (error.hint or "")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["model.layers=[{type: Dense, units: 4}, {type: Dropuot, rate: 0.1}]"],
            "model.layers[1]: unknown layer type 'Dropuot'",
        ),
        (
            [
                "data=mnist",
                "model.layers=[{type: Conv2D, filters: 8, kernel_size: 3}, {type: Dense, units: 16}]",
            ],
            "model.layers[1] (Dense): Dense receives a 4-D input",
        ),
    ],
)
def test_cli_exits_2_with_one_message_and_no_traceback(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    result = run_cli("summary", *args, cwd=tmp_path)
    assert result.code == 2, result.text
    assert expected in result.err
    assert "hint:" in result.err
    assert "Traceback" not in result.text


def test_a_misspelt_block_key_suggests_the_right_one() -> None:
    with pytest.raises(DlpipeError) as caught:
        check_config(compose(["model=cnn_blocks", "+model.blocks.conv2d_block.param=[x]"]))
    assert caught.value.where == "model.blocks.conv2d_block.param"
    assert "did you mean 'params'" in (caught.value.hint or "")


def test_hydra_braces_for_a_block_parameter_are_explained() -> None:
    with pytest.raises(DlpipeError) as caught:
        check_config(
            compose(["model=cnn_blocks", "model.blocks.conv2d_block.layers.0.filters=${channels}"])
        )
    assert caught.value.where == "model.blocks.conv2d_block.layers[0].filters"
    assert "written $channels (without braces)" in (caught.value.hint or "")


@pytest.mark.parametrize(
    ("base", "layers", "where"),
    [
        # Keras answers these with IndexError / a TensorFlow error / a bare ValueError
        (
            TABULAR,
            "[{type: Dense, units: 4, name: a}, {type: Concatenate, axis: 5, inputs: [a, a]}]",
            "model.layers[1] (Concatenate)",
        ),
        (
            TABULAR,
            "[{type: Dense, units: 4, kernel_initializer: {constant: [1, 2]}}]",
            "model.layers[0] (Dense)",
        ),
        (TABULAR, "[{application: MobileNetV2, weights: null}]", "model.layers[0] (MobileNetV2)"),
        (TABULAR, "[{type: TextVectorization}]", "model.head"),
    ],
)
def test_odd_keras_failures_still_become_model_errors(
    base: list[str], layers: str, where: str
) -> None:
    assert error_of(base, f"model.layers={layers}").where == where


@pytest.mark.parametrize("vocabulary", [".env", "/etc/passwd", "data/../.env", "other/vocab.txt"])
def test_a_layer_reads_a_file_only_from_the_datas_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, vocabulary: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "vocab.txt").write_text("a\nb\n")
    layers = (
        f"model.layers=[{{type:StringLookup,vocabulary:'{vocabulary}'}},{{type:Dense,units:4}}]"
    )
    data = ["data=csv", "data.path=tables/rows.csv", "data.target=y"]

    with pytest.raises(DlpipeError) as caught:
        check_config(compose([*data, layers]))

    assert caught.value.where == "model.layers[0] (StringLookup).vocabulary"
    assert "not in the data's folder" in str(caught.value)
    for allowed in ("tables/vocab.txt", "data/vocab.txt"):  # beside the data; paths.data_dir
        check_config(compose([*data, layers.replace(vocabulary, allowed)]))
