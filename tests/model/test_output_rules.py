"""The users' output rules: head, loss and metrics follow the task; contradictions fail."""

from __future__ import annotations

import pytest

from dlpipe.errors import ModelError
from dlpipe.model import OutputSpec, resolve_head, resolve_loss, resolve_metrics
from dlpipe.model.head import check_output
from dlpipe.preprocess.labels import wants_onehot

BINARY = OutputSpec("binary", n_classes=2)
THREE = OutputSpec("multiclass", n_classes=3)
THREE_ONEHOT = OutputSpec("multiclass", n_classes=3, onehot=True)
REGRESSION = OutputSpec("regression")


def test_auto_head_and_loss_follow_the_rules() -> None:
    assert resolve_head(BINARY) == (1, "sigmoid")
    assert resolve_head(THREE) == (3, "softmax")
    assert resolve_head(REGRESSION) == (1, None)
    assert resolve_loss("auto", BINARY) == "binary_crossentropy"
    assert resolve_loss("auto", THREE) == "sparse_categorical_crossentropy"
    assert resolve_loss("auto", THREE_ONEHOT) == "categorical_crossentropy"
    assert resolve_loss("auto", REGRESSION) == "mse"
    assert resolve_metrics(["auto"], THREE) == ["accuracy"]
    assert resolve_metrics(["auto", "mse"], REGRESSION) == ["mae", "mse"]


def test_categorical_loss_asks_for_onehot_labels() -> None:
    assert wants_onehot("categorical_crossentropy", "auto")
    assert not wants_onehot("auto", "auto")
    assert wants_onehot("auto", "onehot")


@pytest.mark.parametrize(
    ("loss", "spec", "says"),
    [
        ("sparse_categorical_crossentropy", THREE_ONEHOT, "integer labels"),
        ("categorical_crossentropy", THREE, "one-hot labels"),
        ("binary_crossentropy", THREE, "needs 2 classes"),
        ("mse", THREE, "regression loss"),
        ("binary_crossentropy", REGRESSION, "classification loss"),
    ],
)
def test_a_loss_that_contradicts_the_labels_is_an_error(
    loss: str, spec: OutputSpec, says: str
) -> None:
    with pytest.raises(ModelError, match=says):
        resolve_loss(loss, spec)


@pytest.mark.parametrize(
    ("units", "activation", "spec", "says"),
    [
        (1, "softmax", BINARY, "softmax over 1 unit"),
        (2, "softmax", THREE, "needs 3"),
        (3, "sigmoid", THREE, "sigmoid on a multi-class"),
    ],
)
def test_an_explicit_output_layer_that_contradicts_the_task_is_an_error(
    units, activation, spec, says
) -> None:
    with pytest.raises(ModelError, match=says):
        check_output(units, activation, spec, "model.layers[2] (Dense)")


def test_a_rescaled_regression_target_weights_the_loss_to_its_standardised_value() -> None:
    from dlpipe.model import loss_weight

    spec = OutputSpec(task="regression", target_mean=100.0, target_scale=10.0)
    assert spec.rescales
    assert loss_weight("mse", spec) == pytest.approx(0.01)
    assert loss_weight("mae", spec) == pytest.approx(0.1)
    assert loss_weight("mape", spec) == 1.0  # a loss without units
    assert loss_weight("mse", OutputSpec(task="regression")) == 1.0
    assert not OutputSpec(task="binary", target_mean=1.0, target_scale=2.0).rescales
