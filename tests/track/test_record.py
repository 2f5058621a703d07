"""The data set as a run's input: what the recorder process is handed is small, and MLflow
records the same schema and sizes as it would from all of the data."""

from __future__ import annotations

import numpy as np
import pandas as pd
from omegaconf import OmegaConf

from dlpipe.track.record import _mlflow_dataset, dataset_record


def test_image_arrays_are_handed_over_as_one_row_with_the_same_schema() -> None:
    x = np.random.default_rng(0).random((500, 28, 28, 1), dtype=np.float32)
    y = np.arange(500) % 10
    data = OmegaConf.create({"name": "images"})
    record = dataset_record(data, None, "d" * 64, "prepared arrays", x, y)

    import mlflow.data

    whole = mlflow.data.from_numpy(x, source="prepared arrays", name="images", targets=y)
    assert record.features.nbytes < 4 * 28 * 28 * 2  # not the 500 images
    assert _mlflow_dataset(record)._to_mlflow_entity().schema == whole._to_mlflow_entity().schema
    assert record.profile["features_shape"] == [500, 28, 28, 1]
    assert record.profile["targets_size"] == 500


def test_a_table_keeps_enough_rows_to_infer_its_column_types() -> None:
    raw = pd.DataFrame({"age": [None] * 3 + list(range(2000)), "sex": ["m", "f"] * 1001 + ["m"]})
    data = OmegaConf.create({"name": "people", "target": "sex"})
    record = dataset_record(data, raw, "d" * 64, "people.csv", None, None)
    assert len(record.table) == 1000 and record.profile["num_rows"] == len(raw)
    schema = _mlflow_dataset(record)._to_mlflow_entity().schema
    assert '"age"' in schema and '"double"' in schema  # a number, not unknown from the blanks
