"""Loading a run never runs code: the preprocessor is read by skops with a fixed list of
trusted types; an older run's pickle only when the user says they trust it."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from conftest import CliResult
from dlpipe.errors import DataError
from dlpipe.preprocess.persist import load_preprocessor, save_preprocessor
from dlpipe.preprocess.tabular import fit_tabular

ROWS = pd.DataFrame({"a": [0.0, 1.0, 2.0], "b": ["x", "y", "x"], "y": ["no", "yes", "no"]})


class Planted:
    """What an attacker leaves as a run's preprocessor: unpickling it touches a file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.marker,))


def _fitted() -> object:
    return fit_tabular({"onehot": ["b"]}, ROWS, "y", "binary", False)


def test_a_planted_pickle_is_refused_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "preprocessor.joblib").write_bytes(pickle.dumps(Planted(marker)))

    with pytest.raises(DataError) as caught:
        load_preprocessor(tmp_path)

    assert "pickle" in str(caught.value) and "trust_pickle=true" in str(caught.value)
    assert not marker.exists()


def test_an_older_runs_pickle_loads_when_the_user_trusts_it(tmp_path: Path) -> None:
    import joblib

    joblib.dump(_fitted(), tmp_path / "preprocessor.joblib")
    loaded = load_preprocessor(tmp_path, trust_pickle=True)
    assert loaded.classes == ["no", "yes"]


def test_a_skops_file_naming_another_type_is_refused(tmp_path: Path) -> None:
    import skops.io

    skops.io.dump({"steps": Planted(tmp_path / "pwned")}, tmp_path / "preprocessor.skops")

    with pytest.raises(DataError) as caught:
        load_preprocessor(tmp_path)

    assert "types dlpipe does not load" in str(caught.value)
    assert "Planted" in str(caught.value)
    assert not (tmp_path / "pwned").exists()


def test_a_trusted_type_that_is_not_a_preprocessor_is_refused(tmp_path: Path) -> None:
    import skops.io
    from sklearn.preprocessing import StandardScaler

    skops.io.dump(StandardScaler(), tmp_path / "preprocessor.skops")
    with pytest.raises(DataError, match="not a preprocessor"):
        load_preprocessor(tmp_path)


@pytest.mark.parametrize("content", [b"", b"not a zip file", b"PK\x03\x04broken"])
def test_a_damaged_file_is_one_message(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "preprocessor.skops").write_bytes(content)
    with pytest.raises(DataError, match="not a readable preprocessor"):
        load_preprocessor(tmp_path)


def test_a_saved_preprocessor_comes_back_equal(tmp_path: Path) -> None:
    fitted = _fitted()
    save_preprocessor(fitted, tmp_path)
    loaded = load_preprocessor(tmp_path)
    frame = ROWS.drop(columns="y")
    assert (loaded.transform(frame) == fitted.transform(frame)).all()


def test_predict_refuses_a_run_folder_with_a_planted_pickle(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    run = tmp_path / "shared-run"
    run.mkdir()
    (run / "model.keras").write_bytes(b"")
    (run / "preprocessor.joblib").write_bytes(pickle.dumps(Planted(tmp_path / "pwned")))
    (tmp_path / "new.csv").write_text("a,b\n1,x\n")

    result = cli_here("predict", "run=shared-run", "input=new.csv")

    assert result.code == 2, result.text
    assert "run: " in result.err and "pickle" in result.err
    assert "Traceback" not in result.text
    assert not (tmp_path / "pwned").exists()


def test_the_mlflow_model_refuses_a_planted_pickle_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dlpipe.track.pyfunc import _load_pyfunc

    monkeypatch.delenv("DLPIPE_TRUST_PICKLE", raising=False)
    (tmp_path / "preprocessor.joblib").write_bytes(pickle.dumps(Planted(tmp_path / "pwned")))

    with pytest.raises(DataError, match="DLPIPE_TRUST_PICKLE=1"):
        _load_pyfunc(str(tmp_path))
    assert not (tmp_path / "pwned").exists()


def test_the_file_is_written_by_a_helper_beside_the_training(tmp_path: Path) -> None:
    from dlpipe.preprocess.persist import save_in_background

    wait = save_in_background(_fitted(), tmp_path)
    assert wait() == tmp_path / "preprocessor.skops"
    assert load_preprocessor(tmp_path).classes == ["no", "yes"]

    wait = save_in_background(_fitted(), tmp_path / "no-such-folder")
    with pytest.raises(DataError, match="could not write"):
        wait()
