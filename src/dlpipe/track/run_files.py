"""The files a training run leaves in its output folder, and where its MLflow run keeps them.

`pipeline` saves and logs them; `predict` and the pyfunc model read them back.
"""

MODEL_FILE = "model.keras"
PREPROCESSOR_FILE = "preprocessor.joblib"
# Where the train command logs the two files in the MLflow run.
RUN_ARTIFACTS = {
    MODEL_FILE: "model/model.keras",
    PREPROCESSOR_FILE: "preprocess/preprocessor.joblib",
}
