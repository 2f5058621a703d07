"""Our Keras-free writer of MLflow's ``keras`` flavour writes what ``mlflow.keras`` writes,
and MLflow loads it back as its own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory):
    from dlpipe.train.runtime import import_keras

    import_keras()
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, activation="softmax", name="out")]
    )
    folder = tmp_path_factory.mktemp("trained")
    model.save(folder / "model.keras")
    return model, folder / "model.keras"


def _both(trained, tmp_path: Path) -> tuple[Path, Path]:
    import keras
    import mlflow.keras
    from mlflow.models import Model, infer_signature

    from dlpipe.track import keras_flavor

    model, keras_file = trained
    x = np.ones((2, 4), dtype="float32")
    signature = infer_signature(x, model.predict(x, verbose=0))
    pins = ["keras==1.0", "numpy==2.0"]
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    keras_flavor.save_model(
        str(ours),
        Model(),
        keras_file,
        keras.__version__,
        keras.backend.backend(),
        signature=signature,
        pip_requirements=pins,
    )
    mlflow.keras.save_model(model, str(theirs), signature=signature, pip_requirements=pins)
    return ours, theirs


def test_the_folder_is_the_one_mlflow_keras_writes(trained, tmp_path: Path) -> None:
    ours, theirs = _both(trained, tmp_path)

    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}

    assert files(ours) == files(theirs)
    mine, reference = (yaml.safe_load((f / "MLmodel").read_text()) for f in (ours, theirs))
    assert mine["flavors"] == reference["flavors"]
    assert mine["signature"] == reference["signature"]
    for name in ("requirements.txt", "conda.yaml", "python_env.yaml", "data/keras_module.txt"):
        assert (ours / name).read_text() == (theirs / name).read_text(), name


def test_mlflow_loads_it_as_its_own(trained, tmp_path: Path) -> None:
    import mlflow.keras
    import mlflow.pyfunc

    model, _ = trained
    ours, _ = _both(trained, tmp_path)
    x = np.random.default_rng(0).random((5, 4)).astype("float32")
    expected = model.predict(x, verbose=0)
    np.testing.assert_allclose(mlflow.keras.load_model(str(ours)).predict(x, verbose=0), expected)
    np.testing.assert_allclose(mlflow.pyfunc.load_model(str(ours)).predict(x), expected)
