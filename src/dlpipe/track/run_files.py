"""The files a training run leaves in its output folder, and where its MLflow run keeps them.

`pipeline` saves and logs them; `predict` and the pyfunc model read them back.
"""

from dlpipe.preprocess.persist import FILE as PREPROCESSOR_FILE
from dlpipe.preprocess.persist import PICKLE_FILE

MODEL_FILE = "model.keras"
# Where the train command logs the two files in the MLflow run.
RUN_ARTIFACTS = {
    MODEL_FILE: "model/model.keras",
    PREPROCESSOR_FILE: f"preprocess/{PREPROCESSOR_FILE}",
}
# Where runs recorded by older versions kept their preprocessor (a pickle).
OLDER_ARTIFACTS = {PICKLE_FILE: f"preprocess/{PICKLE_FILE}"}
