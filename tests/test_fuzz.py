"""Generated mistakes: no traceback ever reaches the user (issue 21 point 6).

Hypothesis writes overrides (real keys and made-up ones, with numbers at their edges,
text with control characters, brackets, quotes and ``${``) and corrupts a good CSV
(bytes flipped, cut, separators, quotes, NUL and byte-order marks put in). Each run of
`check` and each preparation of a corrupted table must end in success or in dlpipe's own
error, one message, exit 2. Bounded: a fixed number of examples from a fixed seed
(derandomized, so CI sees the same ones), no TensorFlow.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import penguin_like_frame
from dlpipe.errors import DlpipeError

# A longer hunt from another seed: DLPIPE_FUZZ_EXAMPLES=2000 DLPIPE_FUZZ_RANDOM=1 pytest tests/test_fuzz.py
FUZZ = settings(
    max_examples=int(os.environ.get("DLPIPE_FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=not os.environ.get("DLPIPE_FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

KEYS = [
    "seed",
    "data.limit",
    "data.sep",
    "data.encoding",
    "data.target",
    "data.task",
    "data.split.train",
    "data.split.test",
    "data.preprocess.onehot",
    "data.preprocess.scale",
    "model.layers",
    "model.loss",
    "model.metrics",
    "model.head",
    "optimizer.learning_rate",
    "optimizer.name",
    "trainer.epochs",
    "trainer.batch_size",
    "trainer.validation_split",
    "callbacks.early_stopping.monitor",
    "callbacks.checkpoint.filename",
    "tracking.experiment",
    "tracking.run_name",
    "objective",
    "hydra.run.dir",
    "+hydra.job.env_set.X",
    "+made.up",
    "model",
    "data",
    "optimizer",
]

TEXT = st.text(
    alphabet=st.sampled_from(list("ab_.,:;=[]{}()$'\"\\/ -~*?\x1b\x00\n\t생존é1")), max_size=12
)
VALUES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["0", "-1", "1e400", "nan", "inf", "-inf", "true", "null", "''", "[]", "{}"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    TEXT,
    st.lists(TEXT, max_size=3).map(lambda items: "[" + ",".join(items) + "]"),
    st.sampled_from(
        ["${nope}", "${seed}", "${oc.env:HOME}", "range(0,9)", "a,b", "[{type:Dense}]"]
    ),
)
OVERRIDE = st.tuples(st.sampled_from(KEYS), VALUES).map(lambda kv: f"{kv[0]}={kv[1]}")


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run_check(args: list[str]) -> tuple[int, str]:
    """`dlpipe check ARGS` through the CLI entry point, in this process."""
    from dlpipe.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["check", *args])
            code = 0
        except SystemExit as exited:
            code = exited.code if isinstance(exited.code, int) else 1
    return code, out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    penguin_like_frame().to_csv(folder / "good.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def table_config(folder: Path):
    """The config every corrupted table is prepared with (composed once)."""
    from dlpipe.config import compose, validate

    path = folder / "corrupted.csv"
    return validate(compose(["data=csv", f"data.path={path}", "data.target=species"]))


@settings(FUZZ, max_examples=int(os.environ.get("DLPIPE_FUZZ_EXAMPLES", "25")))  # ~0.15 s each
@given(overrides=st.lists(OVERRIDE, min_size=1, max_size=3))
def test_generated_overrides_end_in_success_or_one_message(
    folder: Path, overrides: list[str]
) -> None:
    with inside(folder):
        code, text = run_check(["data.path=good.csv", *overrides])
    assert code in (0, 2), text
    assert "Traceback" not in text
    if code == 2:
        assert text.count("dlpipe: error:") == 1, text
        assert "\x1b" not in text  # whatever was typed, the terminal sees it escaped


MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "cut", "insert", "delete"]),
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(
            [
                b",",
                b";",
                b'"',
                b"\n",
                b"\r",
                b"\x00",
                b"\xef\xbb\xbf",
                b"\xff",
                b"inf",
                b"-",
                b"nan",
                b"1e999",
                b"  ",
            ]
        ),
    ),
    min_size=1,
    max_size=6,
)


def corrupted(data: bytes, mutations: list[tuple[str, int, bytes]]) -> bytes:
    for kind, at, piece in mutations:
        at %= max(len(data), 1)
        if kind == "flip":
            data = data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1 :] if data else data
        elif kind == "cut":
            data = data[:at]
        elif kind == "insert":
            data = data[:at] + piece + data[at:]
        else:
            data = data[:at] + data[at + len(piece) :]
    return data


@FUZZ
@given(mutations=MUTATIONS)
def test_a_corrupted_table_is_read_or_refused_with_one_message(
    folder: Path, table_config: object, mutations: list[tuple[str, int, bytes]]
) -> None:
    from dlpipe.preprocess.prepare import prepare

    path = folder / "corrupted.csv"
    path.write_bytes(corrupted((folder / "good.csv").read_bytes(), mutations))
    try:
        prepare(table_config)  # type: ignore[arg-type]
    except DlpipeError as exc:  # the CLI prints it as one message, exit 2
        assert str(exc).strip()
