"""`summary` prints the shapes and parameter counts users compute by hand (exact numbers)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from dlpipe.commands.summary import summary
from dlpipe.config import compose, validate

DECLARED = ["data=mnist", "data.task=multiclass"]  # declared shapes: no data is read


def summary_of(*overrides: str) -> str:
    return summary(validate(compose([*DECLARED, *overrides])))


def table(text: str) -> list[tuple[str, str, str]]:
    """(layer, output shape, params) for each row of Keras' summary table."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) >= 3 and cells[1].startswith("("):
            rows.append((cells[0], cells[1], cells[2]))
    return rows


def test_mnist_cnn_summary_through_the_real_cli(tmp_path: Path) -> None:
    result = run_cli("summary", "model=cnn", "data=mnist", cwd=tmp_path)
    assert result.code == 0, result.text
    rows = table(result.out)
    assert [shape for _, shape, _ in rows] == [
        "(None, 28, 28, 1)",
        "(None, 26, 26, 32)",
        "(None, 13, 13, 32)",
        "(None, 11, 11, 64)",
        "(None, 5, 5, 64)",
        "(None, 1600)",
        "(None, 1600)",
        "(None, 10)",
    ]
    assert [params for _, _, params in rows] == ["0", "320", "0", "18,496", "0", "0", "0", "16,010"]
    assert [name.split(" ")[-1] for name, _, _ in rows][1:] == [
        "(Conv2D)",
        "(MaxPooling2D)",
        "(Conv2D)",
        "(MaxPooling2D)",
        "(Flatten)",
        "(Dropout)",
        "(Dense)",
    ]
    assert "Total params: 34,826" in result.out
    assert "output 10 unit(s), softmax · loss: sparse_categorical_crossentropy" in result.out
    assert not (tmp_path / "mlflow.db").exists()  # no training, no MLflow run


def test_dense_3_inputs_4_hidden_2_outputs_has_26_params() -> None:
    text = summary_of(
        "data.input_shape=[3]",
        "data.num_classes=2",
        "model.layers=[{type: Dense, units: 4, activation: relu}]",
    )
    assert [(shape, params) for _, shape, params in table(text)] == [
        ("(None, 3)", "0"),
        ("(None, 4)", "16"),
        ("(None, 2)", "10"),
    ]
    assert "Total params: 26 " in text


def test_dense_2_2_1_has_9_params() -> None:
    text = summary_of(
        "data.input_shape=[2]",
        "data.num_classes=2",
        "data.task=binary",
        "model.layers=[{type: Dense, units: 2, activation: sigmoid}]",
    )
    assert [params for _, _, params in table(text)] == ["0", "6", "3"]
    assert "Total params: 9 " in text
    assert "Task: binary, 2 classes → output 1 unit(s), sigmoid · loss: binary_crossentropy" in text


def test_conv2d_block_summary_shows_each_use_and_the_residual_add() -> None:
    text = summary_of("model=cnn_blocks")
    rows = {name.split(" ")[0]: (shape, params) for name, shape, params in table(text)}
    # (3·3·1 + 1)·32 and (3·3·32 + 1)·32: the block's two convolutions at 32 channels
    assert rows["conv2d_block_1_conv2d"] == ("(None, 28, 28, 32)", "320")
    assert rows["conv2d_block_1_conv2d_1"] == ("(None, 28, 28, 32)", "9,248")
    assert rows["conv2d_block_2_conv2d"] == ("(None, 14, 14, 64)", "18,496")
    assert rows["residual_1_add"] == ("(None, 7, 7, 64)", "0")
    assert "Total params: 140,266" in text
    assert "Non-trainable params: 384" in text  # BatchNormalization moving statistics


def test_a_series_window_derived_from_data_nobody_gave_is_shown_at_its_longest(
    tmp_path: Path,
) -> None:
    from datafiles import monthly_passengers
    from dlpipe.commands.check import check_config

    text = summary(check_config(compose(["data=series", "model=dense"])))  # Flatten put first
    flattened = [shape for layer, shape, _ in table(text) if layer.endswith("(Flatten)")]
    assert flattened == ["(None, 24)"]
    assert "a window of 24 shown" in text
    monthly_passengers(144).to_csv(tmp_path / "air.csv", index=False)
    given = ["data=series", f"data.path={tmp_path / 'air.csv'}", "data.target=passengers"]
    text = summary(check_config(compose([*given, "model=dense"])))  # the data say: 20
    flattened = [shape for layer, shape, _ in table(text) if layer.endswith("(Flatten)")]
    assert flattened == ["(None, 20)"]
    assert "shown" not in text
