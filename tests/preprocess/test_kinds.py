"""A stranger's table: each column's kind inferred, steps the user wrote winning, and
every column that cannot be used named in one message."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dlpipe.errors import DataError
from dlpipe.preprocess.kinds import decide_columns, one_error, printed_table, table_problems
from dlpipe.preprocess.persist import load_preprocessor, save_preprocessor
from dlpipe.preprocess.tabular import fit_tabular

N = 120


def mixed_table(n: int = N) -> pd.DataFrame:
    """One column of each kind a downloaded CSV holds, and a few gaps."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "passenger_id": np.arange(1, n + 1),
            "name": [f"Mr. John Smith the {i}th" for i in range(n)],
            "ticket": [f"T{i:05d}" for i in range(n)],
            "age": rng.normal(40, 12, n).round(1),
            "port": rng.choice(["S", "C", "Q"], n),
            "vip": rng.choice(["yes", "no"], n),
            "paid": rng.choice([True, False], n),
            "booked": pd.date_range("2021-01-01 06:00", periods=n, freq="13h").astype(str),
            "fleet": "A",
            "empty": np.nan,
            "survived": rng.choice(["lived", "died"], n),
        }
    )
    frame.loc[[2, 7], "age"] = np.nan
    frame.loc[5, "port"] = np.nan
    return frame


def kinds_of(frame: pd.DataFrame, steps: dict | None = None) -> dict[str, tuple[str, str]]:
    return {c.name: (c.kind, c.use) for c in decide_columns(frame, steps or {}, "survived")}


def test_each_kind_is_inferred_from_the_values() -> None:
    assert kinds_of(mixed_table()) == {
        "passenger_id": ("id", ""),
        "name": ("text", ""),
        "ticket": ("id", ""),
        "age": ("number", "number"),
        "port": ("category", "onehot"),
        "vip": ("boolean", "onehot"),
        "paid": ("boolean", "number"),
        "booked": ("datetime", "datetime"),
        "fleet": ("constant", ""),
        "empty": ("empty", ""),
    }


def test_a_step_or_a_declared_kind_wins_over_inference() -> None:
    steps = {
        "onehot": ["fleet", "vip"],
        "label_encode": ["port"],
        "kinds": {"passenger_id": "number", "booked": "skip", "age": "category", "vip": "skip"},
    }
    kinds = kinds_of(mixed_table(), steps)
    assert kinds["fleet"] == ("category", "onehot")
    assert kinds["port"] == ("ordinal", "ordinal")
    assert kinds["passenger_id"] == ("number", "number")
    assert kinds["booked"] == ("skip", "")
    assert kinds["age"] == ("category", "onehot")
    assert kinds["vip"] == ("skip", "")  # a column's own entry wins over a list


def test_a_declared_kind_is_checked_against_the_table() -> None:
    with pytest.raises(DataError) as caught:
        decide_columns(mixed_table(), {"kinds": {"agee": "number"}}, "survived")
    assert caught.value.where == "data.preprocess.kinds.agee"
    assert "did you mean 'age'" in caught.value.hint
    with pytest.raises(DataError, match="is the target"):
        decide_columns(mixed_table(), {"kinds": {"survived": "number"}}, "survived")


def test_the_printed_table_says_what_each_column_became_and_why() -> None:
    steps = {"onehot": ["port"], "scale": {"method": "minmax", "columns": ["paid"]}}
    lines = printed_table(decide_columns(mixed_table(), steps, "survived"), steps)
    assert lines[0].startswith("columns: 5 used, 5 left out")
    port = next(line for line in lines if line.strip().startswith("port"))
    assert "one-hot" in port and "[data.preprocess.onehot]" in port and "1 missing" in port
    booked = next(line for line in lines if line.strip().startswith("booked"))
    assert "calendar parts" in booked
    age = next(line for line in lines if line.strip().startswith("age"))
    assert "as numbers" in age and "2 missing" in age  # scale.columns names only 'paid'
    wide = pd.DataFrame({f"x{i}": np.arange(30.0) * i for i in range(1, 31)}).assign(survived=0)
    lines = printed_table(decide_columns(wide, {}, "survived"), {})
    assert len(lines) == 1 + 20 + 1
    assert lines[-1].startswith("  … and 10 more: 10 number (every column: columns.csv")


def test_the_fitted_preprocessor_applies_the_kinds_and_is_saved_without_pickle_risk(
    tmp_path: Path,
) -> None:
    frame = mixed_table()
    prep = fit_tabular({"scale": {"method": "minmax"}}, frame, "survived", "binary", False)
    assert prep.feature_columns == ["age", "port", "vip", "paid", "booked"]
    assert "booked_day_of_week" in prep.output_names and "booked_hour" in prep.output_names
    assert "name" not in " ".join(prep.output_names)
    save_preprocessor(prep, tmp_path)
    again = load_preprocessor(tmp_path)
    assert [c["kind"] for c in again.describe()] == [c["kind"] for c in prep.describe()]
    # new rows: the left-out columns need not be there; a gap and an unseen port still predict
    new = frame.drop(columns=["name", "ticket", "passenger_id", "fleet", "empty"]).head(3)
    new.loc[new.index[0], "age"] = np.nan
    new.loc[new.index[1], "port"] = "X"
    matrix, answered = again.model_input(again.check_input(new))
    assert answered.tolist() == [0, 1, 2]
    np.testing.assert_allclose(matrix, prep.transform(new))
    assert not np.isnan(matrix).any()


def test_gaps_are_filled_with_what_the_training_rows_hold() -> None:
    frame = pd.DataFrame(
        {"x": [1.0, 2.0, np.nan, 100.0], "c": ["a", "a", np.nan, "b"], "y": [0, 1, 0, 1]}
    )
    prep = fit_tabular({"scale": None}, frame, "y", "binary", False)
    filled = prep.transform(frame)
    assert prep.output_names == ["c_a", "c_b", "x"]
    assert filled[2].tolist() == [1.0, 0.0, 2.0]  # most frequent 'a', median 2
    constant = fit_tabular(
        {
            "scale": None,
            "impute": {"number": "constant", "category": "constant", "indicators": True},
        },
        frame,
        "y",
        "binary",
        False,
    )
    assert "c_missing" in constant.output_names and "missingindicator_x" in constant.output_names
    row = dict(zip(constant.output_names, constant.transform(frame)[2], strict=True))
    assert row["x"] == 0.0 and row["c_missing"] == 1.0 and row["missingindicator_x"] == 1.0


def test_every_column_that_cannot_be_used_is_named_in_one_message() -> None:
    frame = mixed_table()
    frame["age"] = frame["age"].astype(object)
    frame.loc[10, "age"] = "n/a?"
    frame["weight"] = np.where(np.arange(N) == 4, np.inf, 70.0 + np.arange(N))
    frame.loc[3, "port"] = "S\0"
    steps = {"drop": ["fleet"]}
    columns = decide_columns(frame, steps, "survived")
    problems = table_problems(frame, columns, steps, "survived")
    assert [p.column for p in problems] == ["age", "port", "weight"]
    error = one_error(problems, steps)
    assert error.message.startswith("3 columns cannot be used as they are:")
    assert "'n/a?' (data row 11)" in error.message
    assert "'port' holds a NUL character (data row 4" in error.message
    assert "'weight' holds 1 infinite value(s)" in error.message
    assert "data.preprocess.drop=[fleet,weight]" in error.hint  # the drop list kept


def test_a_table_with_nothing_left_to_learn_from_says_how_to_use_a_column() -> None:
    frame = mixed_table()[["name", "ticket", "fleet", "survived"]]
    columns = decide_columns(frame, {}, "survived")
    [problem] = table_problems(frame, columns, {}, "survived")
    assert problem.message.startswith("no column is left to learn from: 'name' (text")
    assert "data.preprocess.onehot=[name]" in problem.hint
    only_constant = mixed_table()[["fleet", "survived"]]
    columns = decide_columns(only_constant, {}, "survived")
    [problem] = table_problems(only_constant, columns, {}, "survived")
    assert "+data.preprocess.kinds.fleet=number" in problem.hint


def test_numbers_among_many_codes_are_codes_not_numbers_with_typos() -> None:
    """Titanic's ticket: 661 numbers and 230 codes ('A/5 21171') is a column of codes;
    a typo or two among numbers ('n/a?') stays a number column with a problem."""
    codes = pd.DataFrame(
        {"ticket": [str(1000 + i) for i in range(70)] + [f"A/5 {i}" for i in range(30)]}
    )
    assert kinds_of(codes.assign(survived=0))["ticket"] == ("id", "")
    typo = pd.DataFrame({"x": [str(i) for i in range(99)] + ["n/a?"], "survived": 0})
    assert kinds_of(typo)["x"] == ("number", "number")


def test_a_column_declared_datetime_must_hold_dates() -> None:
    frame = mixed_table()
    frame.loc[4, "vip"] = "someday"
    steps = {"kinds": {"vip": "datetime", "booked": "datetime"}}
    [problem] = table_problems(frame, decide_columns(frame, steps, "survived"), steps, "survived")
    assert problem.where == "data.preprocess.kinds.vip"
    assert f"but {N} of its {N} values are not dates: 'no', 'yes', 'someday'" in problem.message
