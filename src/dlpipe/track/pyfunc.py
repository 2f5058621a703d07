"""The MLflow ``pyfunc`` model: raw rows in, label names (and probabilities) out.

Logged as a ``loader_module`` model: MLflow copies a folder holding ``model.keras`` and
``preprocessor.pkl`` and calls :func:`_load_pyfunc` on it; the preprocessing is read
building only the types dlpipe trusts (:mod:`dlpipe.preprocess.persist`). The code it
imports is packed into the model (``code/dlpipe``), so it loads where dlpipe is not
installed: this module and what it imports need Keras, scikit-learn, pandas and MLflow,
not Hydra or OmegaConf. ``mlflow.pyfunc.load_model`` on the run URI, then
``.predict(raw_dataframe)``, and ``mlflow models serve`` answer with the same predictions
as ``dlpipe predict``; a row it cannot read is MLflow's ``INVALID_PARAMETER_VALUE``
(serving: HTTP 400, a JSON body whose message names the column and value).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class PipelinePredictor:
    """Preprocessing + Keras model behind MLflow's ``predict(model_input, params)``."""

    def __init__(self, model: Any, preprocessor: Any):
        self.model, self.preprocessor = model, preprocessor

    def predict(self, model_input: Any, params: dict[str, Any] | None = None) -> Any:
        """Predictions for raw rows (a DataFrame with the training columns)."""
        import pandas as pd

        from dlpipe.errors import DlpipeError
        from dlpipe.preprocess.predictions import predictions_frame

        try:
            return predictions_frame(self.model, self.preprocessor, pd.DataFrame(model_input))
        except DlpipeError as exc:  # the rows' mistake, said as MLflow says a bad request
            from mlflow.exceptions import MlflowException
            from mlflow.protos.databricks_pb2 import INVALID_PARAMETER_VALUE

            raise MlflowException(str(exc), error_code=INVALID_PARAMETER_VALUE) from None


def _load_pyfunc(data_path: str) -> PipelinePredictor:
    """MLflow's entry point: load both files from the model's data folder."""
    import os

    from dlpipe.preprocess.persist import load_preprocessor
    from dlpipe.track.run_files import MODEL_FILE
    from dlpipe.training.saved import load_saved_model

    folder = Path(data_path)
    trust = os.environ.get("DLPIPE_TRUST_PICKLE", "") == "1"  # older models only
    preprocessor = load_preprocessor(folder, trust_pickle=trust, where="model")
    model = load_saved_model(folder / MODEL_FILE, "model")
    return PipelinePredictor(model, preprocessor)
