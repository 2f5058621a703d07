"""Loading a run never runs code: the preprocessor is read building only a fixed list of
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


@pytest.mark.parametrize(
    "planted",
    [
        lambda marker: Planted(marker),  # Path.touch
        lambda marker: {"steps": [Planted(marker)]},  # deep inside
        lambda marker: _Reduce(eval, ("__import__('os').system('true')",)),
        lambda marker: _Reduce(getattr, (marker, "touch")),
    ],
    ids=["callable", "nested", "eval", "getattr"],
)
def test_a_file_asking_for_any_other_type_is_refused(tmp_path: Path, planted) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "preprocessor.pkl").write_bytes(pickle.dumps(planted(marker)))

    with pytest.raises(DataError) as caught:
        load_preprocessor(tmp_path)

    assert "asks for a type dlpipe does not load" in str(caught.value)
    assert not marker.exists()


class _Reduce:
    def __init__(self, call: object, args: tuple[object, ...]):
        self.call, self.args = call, args

    def __reduce__(self) -> tuple[object, ...]:
        return (self.call, self.args)


def test_a_trusted_type_that_is_not_a_preprocessor_is_refused(tmp_path: Path) -> None:
    from sklearn.preprocessing import StandardScaler

    (tmp_path / "preprocessor.pkl").write_bytes(pickle.dumps(StandardScaler()))
    with pytest.raises(DataError, match="not a preprocessor"):
        load_preprocessor(tmp_path)


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps([1, 2])[:-3]])
def test_a_damaged_file_is_one_message(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "preprocessor.pkl").write_bytes(content)
    with pytest.raises(DataError, match="not a readable preprocessor"):
        load_preprocessor(tmp_path)


def test_a_saved_preprocessor_comes_back_equal(tmp_path: Path) -> None:
    fitted = _fitted()
    save_preprocessor(fitted, tmp_path)
    loaded = load_preprocessor(tmp_path)
    frame = ROWS.drop(columns="y")
    assert (loaded.transform(frame) == fitted.transform(frame)).all()


def test_saved_date_columns_ask_only_for_calendar_parts(tmp_path: Path) -> None:
    """A date column's transformer is dlpipe's own (CalendarParts): one altered to read
    another attribute of the dates is refused when used, in one message."""
    rows = ROWS.assign(day=["2024-01-01", "2024-02-03", "2024-03-05"])
    fitted = fit_tabular({"onehot": ["b"]}, rows, "y", "binary", False)
    dates = fitted.features.named_transformers_["datetime"][0]
    dates.parts_ = [["year", "tz_localize"]]
    save_preprocessor(fitted, tmp_path)
    with pytest.raises(DataError, match="tz_localize: not a calendar part"):
        load_preprocessor(tmp_path).transform(rows)


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
