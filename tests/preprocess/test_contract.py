"""One contract for every kind of fitted preprocessor: tables, text, images, series.

Each case fits on a training part and is then used on another part, as the training,
`predict` and the MLflow model use it: shapes and dtypes of the model input, the saved
file read back to equal outputs, the target's encoding undone by its inverse, and no
state learned from data seen after fitting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from conftest import penguin_like_frame
from datafiles import noisy_sine, write_image_folder
from dlpipe.preprocess.images import fit_images
from dlpipe.preprocess.persist import load_preprocessor, save_preprocessor
from dlpipe.preprocess.series import fit_series
from dlpipe.preprocess.tabular import fit_tabular
from dlpipe.preprocess.text import fit_text


@dataclass
class Case:
    """A fitted preprocessor, raw rows it has not seen, and targets to encode."""

    preprocessor: Any
    unseen: pd.DataFrame  # raw rows, as predict and the MLflow model receive them
    targets: Any  # original target values, for encode → decode
    input_dims: int  # the model input's number of axes


def table(tmp_path: Path) -> Case:
    frame = penguin_like_frame().dropna()
    train, unseen = frame.iloc[:60], frame.iloc[60:]
    steps = {"onehot": ["island", "sex"], "scale": {"method": "minmax"}}
    prep = fit_tabular(steps, train, "species", "multiclass", False)
    return Case(prep, unseen.drop(columns="species"), unseen["species"].tolist(), 2)


def text(tmp_path: Path) -> Case:
    sentences = ["good movie", "bad plot", "great acting", "awful film"] * 5
    labels = ["pos", "neg", "pos", "neg"] * 5
    prep = fit_text({"length": 6}, sentences, labels, "binary", False)
    unseen = pd.DataFrame({"text": ["a good film with unseen words", "bad"]})
    return Case(prep, unseen, ["neg", "pos", "pos"], 2)


def images(tmp_path: Path) -> Case:
    root = write_image_folder(tmp_path / "imgs", per_class=1, size=10, mode="RGB")
    prep = fit_images(
        np.zeros((2, 8, 8, 3)), ["bright", "dark", "striped"], "multiclass", False, None
    )
    files = sorted(str(p) for p in root.rglob("*.png"))
    return Case(prep, pd.DataFrame({"path": files}), ["striped", "bright"], 4)


def series(tmp_path: Path) -> Case:
    frame = noisy_sine(120)[["value"]]
    prep = fit_series({"window": 6, "scale": "standard"}, frame.iloc[:80], "value")
    return Case(prep, frame.iloc[80:].reset_index(drop=True), frame["value"].iloc[:10], 3)


KINDS: dict[str, Callable[[Path], Case]] = {
    "table": table,
    "text": text,
    "images": images,
    "series": series,
}


@pytest.fixture(params=list(KINDS))
def case(request: pytest.FixtureRequest, tmp_path: Path) -> Case:
    return KINDS[request.param](tmp_path)


def _encoded(prep: Any, targets: Any) -> Any:
    """The training's encoding of ``targets``."""
    if prep.kind == "images":
        return prep.encode_target([prep.classes.index(t) for t in targets])
    return prep.encode_target(pd.Series(targets) if prep.kind == "table" else targets)


def test_the_model_input_is_float_or_integer_rows_of_the_fitted_shape(case: Case) -> None:
    prep = case.preprocessor
    x, answers = prep.model_input(prep.check_input(case.unseen))
    assert x.ndim == case.input_dims
    assert x.dtype in (np.float32, np.int32)
    assert len(x) == len(answers) and len(answers) > 0
    # each answers one input row (a series' last windows: the steps after the last row)
    after = getattr(prep, "horizon", 0)
    assert len(set(answers)) == len(answers)
    assert set(answers) <= set(range(len(case.unseen) + after))


def test_the_saved_file_gives_equal_outputs(case: Case, tmp_path: Path) -> None:
    prep = case.preprocessor
    save_preprocessor(prep, tmp_path)
    loaded = load_preprocessor(tmp_path)
    assert type(loaded) is type(prep)
    assert set(loaded.get_params()) == set(prep.get_params())
    x, answers = prep.model_input(case.unseen)
    x_back, answers_back = loaded.model_input(case.unseen)
    assert np.array_equal(x, x_back) and np.array_equal(answers, answers_back)


def test_decoding_undoes_the_target_encoding(case: Case) -> None:
    prep = case.preprocessor
    if prep.kind == "series":  # scaled changes, decoded from the values they follow
        frame = pd.DataFrame({prep.target: case.targets})
        ends = prep.ends(len(frame), with_target=True)
        levels = frame[prep.target].to_numpy()
        decoded = prep.decode(prep.scaled_targets(frame, ends), prep.anchors(levels, ends))
        assert np.allclose(decoded, levels[ends + prep.horizon], atol=1e-5)
        return
    encoded = _encoded(prep, case.targets)
    decoded = prep.decode(encoded)
    if prep.task == "regression":
        assert np.allclose(decoded, np.asarray(case.targets, dtype="float64"), atol=1e-5)
    else:
        assert list(decoded) == list(case.targets)


def test_scores_decode_to_one_prediction_per_model_row(case: Case) -> None:
    prep = case.preprocessor
    x, _ = prep.model_input(case.unseen)
    scores = np.full((len(x), max(prep.n_classes, 1)), 1.0 / max(prep.n_classes, 1), "float32")
    if prep.task == "binary":
        scores = scores[:, :1]
    out = prep.decode_scores(scores)
    assert len(out) == len(x) and "prediction" in out.columns
    assert [c for c in out.columns if c.startswith("probability_")] == [
        f"probability_{c}" for c in (prep.classes or [])
    ]


def test_using_it_learns_nothing_more(case: Case) -> None:
    prep = case.preprocessor
    before = repr(prep.get_params())
    prep.model_input(case.unseen)
    prep.decode_scores(np.zeros((1, max(prep.n_classes, 1)), "float32"))
    assert repr(prep.get_params()) == before
