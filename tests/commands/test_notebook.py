"""`export format=notebook`: the run's column transforms as code that builds them again,
and one message for what it cannot write yet (the e2e test executes a whole notebook)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from dlpipe.commands.notebook import estimator_code, write_notebook
from dlpipe.errors import ConfigError
from dlpipe.preprocess.columns import build_features, model_frame
from dlpipe.preprocess.kinds import Column

COLUMNS = [
    Column("size", "number", "number", "1 … 9", "inferred"),
    Column("count", "number", "number", "0 … 3", "inferred"),
    Column("colour", "category", "onehot", "3 values", "inferred"),
    Column("grade", "ordinal", "ordinal", "4 values", "data.preprocess.label_encode"),
    Column("note", "text", "", "free text", "inferred"),
]
STEPS = {
    "scale": {"method": "standard", "columns": ["size"]},
    "impute": {"number": "constant", "category": "most_frequent", "indicators": True},
}


@pytest.mark.parametrize(
    "steps", [STEPS, {"scale": {"method": "minmax"}}, {"impute": None}], ids=["s", "m", "n"]
)
def test_the_column_transforms_are_written_as_code_that_fits_the_same_numbers(
    steps: dict,
) -> None:
    frame = pd.DataFrame(
        {
            "size": [1.0, 4.0, np.nan, 9.0, 2.0],
            "count": [0, 3, 1, 2, 1],  # whole numbers
            "colour": ["red", "blue", "red", np.nan, "green"],
            "grade": ["a", "b", "c", "d", "a"],
        }
    )
    if steps.get("impute", 1) is None:
        frame = frame.fillna({"size": 5.0, "colour": "red"})
    frame = model_frame(frame, COLUMNS)  # as training hands it over
    original = build_features(COLUMNS, steps)
    imports: set[tuple[str, str]] = set()
    code = estimator_code(original, imports)
    scope: dict = {}
    exec("\n".join(f"from {m} import {n}" for m, n in imports), scope)
    rebuilt = eval(code, scope)
    assert not any(module.startswith("dlpipe") for module, _ in imports)
    np.testing.assert_allclose(
        rebuilt.fit_transform(frame), original.fit_transform(frame), equal_nan=True
    )
    assert list(rebuilt.get_feature_names_out()) == list(original.get_feature_names_out())


def test_what_it_cannot_write_yet_is_one_message_naming_the_format(tmp_path) -> None:
    images = SimpleNamespace(
        preprocessor=SimpleNamespace(kind="images"),
        config={"data": {"source": "keras"}, "seed": 1},
        source="run x",
    )
    with pytest.raises(ConfigError) as caught:
        write_notebook(images, tmp_path)
    assert "format=notebook: it writes table runs (a CSV) for now" in str(caught.value)
    assert "format=savedmodel" in caught.value.hint
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ConfigError, match="the column step CalendarParts is dlpipe's own"):
        estimator_code(build_features([Column("day", "datetime", "datetime", "", "")], {}), set())
