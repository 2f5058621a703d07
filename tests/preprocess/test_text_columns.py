"""A free-text column beside the numbers and categories of a table: its words learned on
the training rows, their ids after the features in one input row, and a model that
splits them off into an Embedding branch (plain Keras layers, loadable anywhere)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from datafiles import reviews_table
from dlpipe.config import compose, validate
from dlpipe.preprocess.kinds import decide_columns, left_out_hints
from dlpipe.preprocess.persist import load_preprocessor, save_preprocessor
from dlpipe.preprocess.tabular import fit_tabular

TEXT = {"length": 8, "max_tokens": 50, "lower": True, "strip_punctuation": True}


def test_free_text_is_left_out_with_the_override_that_reads_it() -> None:
    frame = reviews_table()
    columns = decide_columns(frame, {}, "liked")
    assert {c.name: (c.kind, c.use) for c in columns}["review"] == ("text", "")
    (note,) = [n for n in left_out_hints(columns, {}) if "review" in n]
    override = note.rsplit(": ", 1)[1]
    assert override == "+data.preprocess.kinds.review=text"
    # pasted as printed, it composes and validates
    cfg = validate(compose(["data=csv", "data.path=r.csv", "data.target=liked", override]))
    assert cfg.data.preprocess.kinds == {"review": "text"}


def test_words_follow_the_features_and_are_learned_on_training_rows_only(tmp_path: Path) -> None:
    frame = reviews_table()
    train, later = frame.iloc[:150], frame.iloc[150:].copy()
    steps = {"kinds": {"review": "text"}, "scale": {"method": "standard"}}
    prep = fit_tabular(steps, train, "liked", "binary", False, text=TEXT)
    assert prep.text_branches() == [("review", 8, prep.texts[0].vocabulary_size)]
    assert [c["use"] for c in prep.describe()] == ["text", "number", "onehot"]
    x = prep.transform(later)
    assert x.shape == (len(later), 1 + 3 + 8)  # price, three brands, then 8 token ids
    ids = x[:, 4:]
    assert (ids == ids.round()).all() and ids.max() < prep.texts[0].vocabulary_size
    # a word training never saw is the unknown word (1); no words at all read as one
    later.loc[later.index[0], "review"] = "zyzzyva"
    later.loc[later.index[1], "review"] = np.nan
    ids = prep.transform(later)[:2, 4:]
    assert ids[0].tolist() == [0] * 7 + [1] and ids[1].tolist() == [0] * 7 + [1]
    save_preprocessor(prep, tmp_path)  # the restricted unpickler reads it back
    again = load_preprocessor(tmp_path)
    np.testing.assert_array_equal(again.transform(later), prep.transform(later))


def test_the_model_splits_the_row_into_features_and_an_embedding_branch(tmp_path: Path) -> None:
    import keras

    from dlpipe.model.build import build_model
    from dlpipe.model.head import OutputSpec

    frame = reviews_table()
    steps = {"kinds": {"review": "text"}, "scale": {"method": "standard"}}
    prep = fit_tabular(steps, frame, "liked", "binary", False, text=TEXT)
    cfg = validate(compose(["model.layers=[{type:Dense,units:4}]"]))
    spec = OutputSpec(task="binary", n_classes=2, onehot=False)
    model = build_model(cfg.model, (12,), spec, "csv", prep.text_branches())
    names = [layer.name for layer in model.layers]
    assert {"features", "review_0_embedding", "review_0_words", "joined"} <= set(names)
    assert model.get_layer("joined").output.shape[-1] == 4 + 32
    model.save(tmp_path / "m.keras")  # plain Keras layers: loads without dlpipe
    loaded = keras.models.load_model(tmp_path / "m.keras")
    x = prep.transform(frame.head(5))
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    # the branch reads the ids: another review gives another output
    other = frame.head(5).copy()
    other["review"] = "great love excellent"
    assert not np.allclose(
        model.predict(prep.transform(other), verbose=0), model.predict(x, verbose=0)
    )


@pytest.mark.parametrize("kind", ["text", "number"])
def test_a_declared_kind_names_an_existing_column(kind: str) -> None:
    from dlpipe.errors import DataError

    with pytest.raises(DataError, match="'reviews' is not in the data"):
        decide_columns(reviews_table(), {"kinds": {"reviews": kind}}, "liked")
