"""Our Keras-free writers of MLflow's model folders write what ``mlflow.keras`` and
``mlflow.pyfunc`` write, and MLflow loads them back as its own."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

pytestmark = pytest.mark.slow

PINS = ["keras==1.0", "numpy==2.0"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory):
    from dlpipe.training.runtime import import_keras

    import_keras()
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, activation="softmax", name="out")]
    )
    folder = tmp_path_factory.mktemp("trained")
    model.save(folder / "model.keras")
    return model, folder / "model.keras"


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _same_folders(ours: Path, theirs: Path) -> None:
    assert _files(ours) == _files(theirs)
    mine, reference = (yaml.safe_load((f / "MLmodel").read_text()) for f in (ours, theirs))
    assert mine["flavors"] == reference["flavors"]
    assert mine["signature"] == reference["signature"]
    assert mine["model_size_bytes"] == reference["model_size_bytes"]
    for name in ("requirements.txt", "conda.yaml", "python_env.yaml"):
        assert (ours / name).read_text() == (theirs / name).read_text(), name


def _keras_both(trained, tmp_path: Path) -> tuple[Path, Path]:
    import keras
    import mlflow.keras
    from mlflow.models import Model, infer_signature

    from dlpipe.track import flavors

    model, keras_file = trained
    x = np.ones((2, 4), dtype="float32")
    signature = infer_signature(x, model.predict(x, verbose=0))
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    flavors.save_keras(
        str(ours),
        Model(),
        keras_file,
        keras.__version__,
        keras.backend.backend(),
        PINS,
        signature=signature,
    )
    mlflow.keras.save_model(model, str(theirs), signature=signature, pip_requirements=PINS)
    return ours, theirs


def test_the_keras_folder_is_the_one_mlflow_keras_writes(trained, tmp_path: Path) -> None:
    ours, theirs = _keras_both(trained, tmp_path)

    _same_folders(ours, theirs)
    assert (ours / "data/keras_module.txt").read_text() == "keras"


def test_mlflow_loads_the_keras_folder_as_its_own(trained, tmp_path: Path) -> None:
    import mlflow.keras
    import mlflow.pyfunc

    model, _ = trained
    ours, _ = _keras_both(trained, tmp_path)
    x = np.random.default_rng(0).random((5, 4)).astype("float32")
    expected = model.predict(x, verbose=0)
    np.testing.assert_allclose(mlflow.keras.load_model(str(ours)).predict(x, verbose=0), expected)
    np.testing.assert_allclose(mlflow.pyfunc.load_model(str(ours)).predict(x), expected)


def test_the_pipeline_folder_is_the_one_mlflow_pyfunc_writes(tmp_path: Path) -> None:
    import mlflow.pyfunc
    from mlflow.models import Model, infer_signature

    from dlpipe.track import flavors

    data = tmp_path / "pipeline"
    data.mkdir()
    (data / "model.keras").write_bytes(b"0" * 1000)
    (data / "preprocessor.pkl").write_bytes(b"1" * 10)
    signature = infer_signature(pd.DataFrame({"a": [1.0]}), pd.DataFrame({"label": ["x"]}))
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    files = sorted(data.iterdir())
    flavors.save_pipeline(
        str(ours), Model(), "dlpipe.track.pyfunc", "pipeline", files, PINS, signature
    )
    mlflow.pyfunc.save_model(
        str(theirs),
        loader_module="dlpipe.track.pyfunc",
        data_path=str(data),
        signature=signature,
        pip_requirements=PINS,
    )

    _same_folders(ours, theirs)
    assert (ours / "data/pipeline/model.keras").read_bytes() == b"0" * 1000


def test_a_uv_project_in_the_working_folder_stays_out_of_the_models(
    trained, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "0"\n')
    (project / "uv.lock").write_text("version = 1\n")
    monkeypatch.chdir(project)

    ours, _ = _keras_both(trained, tmp_path)

    assert not {"uv.lock", "pyproject.toml"} & _files(ours)
    assert "MLFLOW_UV_AUTO_DETECT" not in os.environ


def test_the_warm_up_leaves_nothing_behind() -> None:
    import tempfile

    from dlpipe.track.flavors import warm_up

    before = set(Path(tempfile.gettempdir()).iterdir())
    warm_up(PINS)
    assert set(Path(tempfile.gettempdir()).iterdir()) <= before
