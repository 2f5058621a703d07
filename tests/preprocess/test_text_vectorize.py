"""Text → integer sequences: cleaning, vocabulary cap, pre-padding, learned on train only."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from datafiles import write_sentences
from dlpipe.config import compose, validate
from dlpipe.preprocess.persist import load_preprocessor, save_preprocessor
from dlpipe.preprocess.prepare import prepare
from dlpipe.preprocess.text import fit_text

CFG = {
    "lower": True,
    "strip_punctuation": True,
    "stop_words": ["the", "is"],
    "max_tokens": 6,
    "length": 5,
}


def test_clean_pad_and_truncate_like_keras() -> None:
    prep = fit_text(
        CFG, ["Good GOOD movie!", "the movie is bad.", "good plot"], [1, 0, 1], "binary", False
    )
    # 0 = padding, 1 = unknown; then by frequency (ties alphabetical); capped at 6 entries
    assert prep.vocabulary == ["", "[UNK]", "good", "movie", "bad", "plot"]
    assert prep.tokens("The movie, IS good!") == ["movie", "good"]
    seqs = prep.transform(["good movie", "one two three four five six good"])
    assert seqs.dtype == np.int32
    assert seqs.tolist()[0] == [0, 0, 0, 2, 3]  # pre-padded with 0
    assert seqs.tolist()[1] == [1, 1, 1, 1, 2]  # truncated at the front, unknown words → 1
    post = fit_text(
        {**CFG, "padding": "post", "truncating": "post"}, ["good movie"], [1], "binary", False
    )
    assert post.transform(["movie good", "a b c d e f"]).tolist() == [
        [3, 2, 0, 0, 0],
        [1, 1, 1, 1, 1],
    ]


def test_vocabulary_comes_from_the_training_split_only(tmp_path: Path) -> None:
    path = write_sentences(tmp_path / "s.tsv", n=60)
    # every sentence gets a word of its own: it is known only if its sentence is in train
    lines = path.read_text().splitlines()
    path.write_text(
        "".join(f"{t} uniq{i}\t{y}\n" for i, (t, y) in enumerate(x.split("\t") for x in lines))
    )
    cfg = validate(compose(["data=sentiment", f"data.path={path}", "data.text.max_tokens=1000"]))
    prepared = prepare(cfg)
    prep = prepared.preprocessor
    own_words = [w for w in prep.vocabulary if w.startswith("uniq")]
    assert len(own_words) == len(prepared.x["train"]) == 42  # 0.7 of 60: train rows only
    for split in ("val", "test"):
        # each held-out sentence's own word is unknown (1), never a learned index
        assert (prepared.x[split] == 1).any(axis=1).all()
    assert not (prepared.x["train"] == 1).any()


def test_text_preprocessor_is_saved_and_predicts_the_same(tmp_path: Path) -> None:
    prep = fit_text(CFG, ["good movie", "bad movie"], ["pos", "neg"], "binary", False)
    save_preprocessor(prep, tmp_path)
    loaded = load_preprocessor(tmp_path)
    raw = loaded.prepare(["Good movie!"])
    assert np.array_equal(loaded.transform(raw), prep.transform(["good movie"]))
    assert loaded.decode([[0.9]]) == ["pos"] and loaded.decode([0]) == ["neg"]
    assert loaded.classes == ["neg", "pos"] and loaded.task == "binary"
