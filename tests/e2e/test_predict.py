"""One tiny training run, then everything that reads it back: the MLflow record, the
pyfunc model on raw rows, `dlpipe predict` and `mlflow models serve` on loopback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from conftest import REPO, CliResult, free_port, mlflow_command, penguin_like_frame, run_cli

CLASSES = ["Adelie", "Chinstrap", "Gentoo"]
# One worker trains the module's run once for all its tests (make test: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("predict")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Train once (tiny penguins CSV, in a git project with a change not committed) and
    return where the run is."""
    root = tmp_path_factory.mktemp("trained")
    csv = root / "penguins.csv"
    penguin_like_frame().to_csv(csv, index=False)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(root)]
    (root / "notes.md").write_text("first\n")
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "notes.md", "penguins.csv"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "data"], check=True)
    commit = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True)
    (root / "notes.md").write_text("changed\n")
    result = run_cli(
        "data=penguins", f"data.path={csv}", "debug=fast", "hydra.run.dir=out", cwd=root
    )
    assert result.code == 0, result.text
    from mlflow.tracking import MlflowClient

    uri = f"sqlite:///{root / 'mlflow.db'}"
    client = MlflowClient(uri)
    (run,) = client.search_runs([client.get_experiment_by_name("dlpipe").experiment_id])
    return {
        "root": root,
        "csv": csv,
        "uri": uri,
        "client": client,
        "run": run,
        "commit": commit.stdout.strip(),
    }


def _files(client: Any, run_id: str, path: str | None = None) -> set[str]:
    out: set[str] = set()
    for item in client.list_artifacts(run_id, path):
        out |= _files(client, run_id, item.path) if item.is_dir else {item.path}
    return out


def test_run_record_is_complete(trained: dict[str, Any]) -> None:
    client, run = trained["client"], trained["run"]
    from dlpipe.track.fingerprint import file_sha256

    tags = run.data.tags
    assert tags["dlpipe.data_sha256"] == file_sha256(trained["csv"])
    assert tags["dlpipe.seed"] == "42"
    for key in (
        "dlpipe.version.tensorflow",
        "dlpipe.version.keras",
        "dlpipe.version.python",
        "dlpipe.version.dlpipe",
    ):
        assert tags[key][0].isdigit() or tags[key] == "unknown", key
    assert tags["dlpipe.device"].startswith(("CPU: ", "GPU: "))
    # the user's project (the folder the command ran from), not dlpipe's checkout
    assert tags["dlpipe.git.commit"] == tags["mlflow.source.git.commit"] == trained["commit"]
    assert tags["dlpipe.git.dirty"] == "true"
    assert tags["mlflow.source.name"] == "python -m dlpipe"
    assert tags["mlflow.source.type"] == "LOCAL" and tags["mlflow.user"]

    files = _files(client, run.info.run_id)
    assert {
        ".hydra/config.yaml",
        ".hydra/overrides.yaml",
        "config.yaml",
        "model_summary.txt",
        "model/model.keras",
        "preprocess/preprocessor.pkl",
        "preprocess/columns.csv",
        "plots/learning_curve_loss.png",
        "plots/learning_curve_accuracy.png",
        "plots/confusion_matrix.png",
        "plots/classification_report.txt",
    } <= files
    report = client.download_artifacts(run.info.run_id, "plots/classification_report.txt")
    assert all(name in Path(report).read_text() for name in CLASSES)

    (dataset,) = client.get_run(run.info.run_id).inputs.dataset_inputs
    assert dataset.dataset.name == "penguins"
    assert tags["dlpipe.data_sha256"].startswith(dataset.dataset.digest)

    (model,) = client.search_logged_models([run.info.experiment_id])  # one, for raw rows
    assert model.name == "pipeline" and model.source_run_id == run.info.run_id
    assert tags["dlpipe.model.pipeline"] == f"models:/{model.model_id}"
    # the trained model is stored twice: the run's file (for predict) and the logged model
    in_model = {a.path for a in client.list_logged_model_artifacts(model.model_id, "data/pipeline")}
    stored = [f for f in files if f.endswith(".keras")] + [
        f for f in in_model if f.endswith(".keras")
    ]
    assert stored == ["model/model.keras", "data/pipeline/model.keras"]


def test_pyfunc_predicts_raw_rows(trained: dict[str, Any]) -> None:
    import mlflow

    mlflow.set_tracking_uri(trained["uri"])
    raw = pd.read_csv(trained["csv"]).drop(columns=["species"]).head(12)
    model = mlflow.pyfunc.load_model(f"runs:/{trained['run'].info.run_id}/pipeline")
    inputs = {c.name: c.required for c in model.metadata.signature.inputs.inputs}
    assert inputs["island"] is True and inputs["year"] is False  # year is dropped by the config
    predictions = model.predict(raw.drop(columns=["year"]))
    assert list(predictions.columns) == ["prediction"] + [f"probability_{c}" for c in CLASSES]
    complete = raw.drop(columns=["year"]).notna().all(axis=1).to_numpy()
    assert not complete.all()  # rows with a gap: filled in as in training (impute)
    assert predictions["prediction"].isin(CLASSES).all()
    sums = predictions.filter(like="probability_").sum(axis=1)
    assert ((sums - 1).abs() < 1e-4).all()


# Written by hand: whole numbers (pandas reads them as int64), an island training never saw.
FRESH_CSV = """island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year
Torgersen,39,18,181,3750,male,2007
Biscoe,47,15,217,5200,female,2008
Dream,49,18,196,3700,male,2009
Atlantis,45,17,200,4000,female,2008
"""
# Run in an environment without dlpipe, where Hydra and OmegaConf are absent too.
WITHOUT_DLPIPE = """
import sys
try:
    import dlpipe
except ModuleNotFoundError:
    pass
else:
    raise SystemExit(f"dlpipe is installed here: {dlpipe.__file__}")

class Absent:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("hydra", "omegaconf"):
            raise ModuleNotFoundError(f"No module named {name!r}")

sys.meta_path.insert(0, Absent())
import mlflow.pyfunc
import pandas as pd

model = mlflow.pyfunc.load_model(sys.argv[1])
model.predict(model.input_example)
model.predict(pd.read_csv(sys.argv[2])).to_csv(sys.argv[3], index=False)
print("dlpipe came from", sys.modules["dlpipe"].__file__)
"""


def test_the_model_predicts_a_hand_written_csv_where_dlpipe_is_not_installed(
    trained: dict[str, Any], tmp_path: Path
) -> None:
    import sys
    import sysconfig

    import dlpipe

    env = tmp_path / "env"  # a new virtualenv reading this one's packages, but not dlpipe
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    (site,) = (env / "lib").glob("python*/site-packages")
    # (a folder a .pth file names is on sys.path, but its own .pth files are not read:
    # dlpipe's editable install is one)
    (site / "packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "new.csv").write_text(FRESH_CSV)
    (elsewhere / "load.py").write_text(WITHOUT_DLPIPE)
    model_uri = trained["run"].data.tags["dlpipe.model.pipeline"]
    proc = subprocess.run(
        [str(env / "bin" / "python"), "load.py", model_uri, "new.csv", "out.csv"],
        cwd=elsewhere,
        env={
            "PATH": os.environ["PATH"],
            "MLFLOW_TRACKING_URI": trained["uri"],
            "HOME": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    packed = proc.stdout.split("dlpipe came from ")[1].strip()
    assert "/code/dlpipe/" in packed and not packed.startswith(str(Path(dlpipe.__file__).parent))

    there = pd.read_csv(elsewhere / "out.csv")
    here = dlpipe.load(trained["root"] / "out").predict(elsewhere / "new.csv")
    assert list(there["prediction"]) == list(here["prediction"])
    probabilities = [f"probability_{c}" for c in CLASSES]
    np.testing.assert_allclose(there[probabilities], here[probabilities], atol=1e-6)
    assert there["unseen"].fillna("").tolist() == ["", "", "", "island='Atlantis'"]


def test_predict_cli(
    trained: dict[str, Any], cli_here: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, run_id = trained["root"], trained["run"].info.run_id
    (root / "pred.csv").write_text("an older prediction\n")
    args = ["predict", f"run={run_id}", f"input={trained['csv']}", "output=pred.csv"]
    refused = run_cli(*args, cwd=root)
    assert refused.code == 2, refused.text
    assert "pred.csv already exists" in refused.err
    assert (root / "pred.csv").read_text() == "an older prediction\n"

    temp = root / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where the run's files go
    result = cli_here(*args, "overwrite=true", cwd=root)
    assert result.code == 0, result.text
    assert list(temp.iterdir()) == []  # the run's files, downloaded to predict, are gone
    written = pd.read_csv(root / "pred.csv")
    raw = pd.read_csv(trained["csv"])
    assert len(written) == len(raw)
    assert list(written.columns[: len(raw.columns)]) == list(raw.columns)
    predicted = written.dropna(subset=["prediction"])
    assert len(predicted) == len(raw)  # three rows have a gap: filled as in training
    assert predicted["prediction"].isin(CLASSES).all()
    # the model beats chance on its own training data after 2 epochs? not guaranteed; the
    # probabilities must at least be probabilities
    assert predicted[[f"probability_{c}" for c in CLASSES]].sum(axis=1).round(4).eq(1).all()

    no_island = root / "no_island.csv"
    raw.drop(columns=["island"]).to_csv(no_island, index=False)
    result = run_cli("predict", "run=out", f"input={no_island}", cwd=root)
    assert result.code == 2
    assert "input: the input has no column 'island'" in result.err
    assert "Traceback" not in result.text


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_serve_answers_invocations_on_loopback(trained: dict[str, Any]) -> None:
    port = free_port()
    env = {"MLFLOW_TRACKING_URI": trained["uri"], "TF_CPP_MIN_LOG_LEVEL": "3"}
    uri = f"runs:/{trained['run'].info.run_id}/pipeline"
    serve = ["models", "serve", "-m", uri, "--env-manager", "local", "-w", "1"]
    serve += ["-h", "127.0.0.1", "-p", str(port)]
    url = f"http://127.0.0.1:{port}"
    with mlflow_command(serve, trained["root"], f"{url}/ping", env, wait_s=180):
        rows = pd.read_csv(trained["csv"]).dropna().drop(columns=["species"]).head(4)
        rows = rows.astype({"island": object})
        rows.loc[rows.index[3], "island"] = "Atlantis"
        answer = _post(
            f"{url}/invocations",
            {"dataframe_split": rows.to_dict(orient="split", index=False)},
        )
        predictions = answer["predictions"]
        assert len(predictions) == 4
        assert all(p["prediction"] in CLASSES for p in predictions)
        assert all(abs(sum(p[f"probability_{c}"] for c in CLASSES) - 1) < 1e-4 for p in predictions)
        assert [p["unseen"] for p in predictions] == ["", "", "", "island='Atlantis'"]

        bad = rows.astype({"bill_length_mm": object})
        bad.loc[bad.index[2], "bill_length_mm"] = "long"
        with pytest.raises(urllib.error.HTTPError) as refused:
            _post(
                f"{url}/invocations", {"dataframe_split": bad.to_dict(orient="split", index=False)}
            )
        assert refused.value.code == 400
        error = json.loads(refused.value.read())
        assert error["error_code"] == "INVALID_PARAMETER_VALUE"
        assert (
            "column 'bill_length_mm'" in error["message"] and "'long' (row 3)" in error["message"]
        )
        assert "Traceback" not in error["message"]


def _preprocessor(trained: dict[str, Any]) -> Any:
    from dlpipe.preprocess.persist import load_preprocessor

    return load_preprocessor(trained["root"] / "out", trust_pickle=False, where="run")


def test_text_in_a_number_column_is_one_message_naming_the_column_and_row(
    trained: dict[str, Any],
) -> None:
    from dlpipe.errors import DataError

    rows = pd.read_csv(trained["csv"]).head(4).astype({"bill_length_mm": object})
    rows.loc[2, "bill_length_mm"] = "long"
    with pytest.raises(DataError) as caught:
        _preprocessor(trained).model_input(rows)
    assert "column 'bill_length_mm' holds text" in caught.value.message
    assert "'long' (row 3)" in caught.value.message


def test_categories_training_never_saw_are_said(
    trained: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    rows = pd.read_csv(trained["csv"]).head(4)
    rows.loc[0, "island"] = "Atlantis"
    with caplog.at_level("WARNING", logger="dlpipe"):
        matrix, kept = _preprocessor(trained).model_input(rows)
    assert len(kept) == len(matrix) >= 1
    assert "'island' has values training never saw: 'Atlantis' (1 rows)" in caplog.text


def test_a_file_that_is_not_a_table_is_one_message(trained: dict[str, Any], tmp_path: Path) -> None:
    from dlpipe.errors import DataError

    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(DataError) as caught:
        _preprocessor(trained).read_input(picture, {"sep": ",", "encoding": "utf-8"})
    assert "cannot read" in caught.value.message and "give a CSV file" in (caught.value.hint or "")


@pytest.mark.parametrize("fmt", ["savedmodel", "tflite", "onnx"])
def test_export_predicts_what_the_run_predicts_with_its_preprocessing_described(
    trained: dict[str, Any], cli_here: Callable[..., CliResult], tmp_path: Path, fmt: str
) -> None:
    import dlpipe
    from dlpipe.model.export import FORMATS, exported_predict

    run_id = trained["run"].info.run_id
    run = run_id if fmt == "onnx" else "out"  # a run id (downloaded), or the run's folder
    where = trained["root"] if run == "out" else tmp_path
    command = ("export", f"run={run}", f"format={fmt}", f"tracking.uri={trained['uri']}")
    result = cli_here(*command, cwd=where)

    assert result.code == 0, result.text
    folder = where / "exports" / f"{run}-{fmt}"
    assert f"→ {Path('exports') / f'{run}-{fmt}' / FORMATS[fmt].file}" in result.out
    described = json.loads((folder / "preprocessing.json").read_text(encoding="utf-8"))
    assert (described["kind"], described["task"], described["classes"]) == (
        "table", "multiclass", CLASSES,
    )  # fmt: skip
    scaler = json.dumps(described["preprocessor"]["features"])
    assert "data_min_" in scaler and "categories_" in scaler  # the fitted values, written out
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Adelie, Chinstrap, Gentoo" in readme and described["input_order"][0] in readme

    # fresh rows by hand, through the run's preprocessing, into the exported file
    rows = pd.DataFrame(
        {
            "island": ["Dream", "Biscoe"],
            "bill_length_mm": [39, 47.5],  # whole numbers in a float column
            "bill_depth_mm": [18, 15.0],
            "flipper_length_mm": [190, 217],
            "body_mass_g": [3700, 5200],
            "sex": ["female", "male"],
            "year": [2008, 2009],
        }
    )
    loaded = dlpipe.load(run_id, trained["uri"])
    x, _ = loaded.preprocessor.model_input(rows)
    assert x.shape[1] == len(described["input_order"])
    exported = exported_predict(folder / FORMATS[fmt].file, fmt, x)
    expected = loaded.predict(rows)[[f"probability_{c}" for c in CLASSES]].to_numpy()
    np.testing.assert_allclose(exported, expected, atol=1e-5)

    again = cli_here(*command, cwd=where)
    assert again.code == 2 and "already exists" in again.err and "overwrite=true" in again.err


def test_export_as_a_notebook_that_reaches_the_runs_metrics_without_dlpipe(
    trained: dict[str, Any],
    cli_here: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import nbformat
    from nbclient import NotebookClient

    run = trained["run"]
    result = cli_here(
        "export", f"run={run.info.run_id}", "format=notebook", f"tracking.uri={trained['uri']}"
    )
    assert result.code == 0, result.text
    folder = tmp_path / "exports" / f"{run.info.run_id}-notebook"
    notebook = nbformat.read(folder / "notebook.ipynb", as_version=4)
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    for step in ("pd.read_csv(", "df.dropna()", "train_test_split(", "ColumnTransformer(",
                 "MinMaxScaler()", "OneHotEncoder(", "keras.layers.Dense(units=32",
                 "model.compile(", "EarlyStopping(", "model.fit(", "model.evaluate("):  # fmt: skip
        assert step in code, step
    assert "dlpipe" not in code

    # a kernel in which dlpipe cannot be imported: the notebook needs none of it
    notebook.cells.insert(0, nbformat.v4.new_code_cell("import sys\nsys.modules['dlpipe'] = None"))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(folder)}}
    )
    client.execute()  # a cell error raises here, naming the cell
    printed = "".join(out.get("text", "") for out in notebook.cells[-1].outputs)
    reached = json.loads(printed.strip().splitlines()[-1])
    recorded = run.data.metrics
    assert set(reached) == {"test_accuracy", "test_loss"}
    for name, value in reached.items():
        assert value == pytest.approx(recorded[name], abs=1e-5), name


def test_export_mistakes_are_one_message_before_anything_loads(
    cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    unknown = cli_here("export", "run=nowhere", "format=onxx")
    assert unknown.code == 2 and "format: 'onxx' is not an export format" in unknown.err
    assert "did you mean 'onnx'?" in unknown.err
    missing = cli_here("export", "run=nowhere")
    assert missing.code == 2 and "format: required" in missing.err
    (tmp_path / "taken").write_text("a file")
    clash = cli_here("export", "run=nowhere", "format=tflite", "output=taken")
    assert clash.code == 2 and "output: taken is a file" in clash.err
    images = cli_here("export", "run=nowhere", "format=notebok")
    assert images.code == 2 and "did you mean 'notebook'?" in images.err


def test_evaluate_scores_new_labelled_rows_and_records_them_under_the_run(
    trained: dict[str, Any], cli_here: Callable[..., CliResult], tmp_path: Path
) -> None:
    """(Last in this module: it adds a child run to the module's store.)"""
    import re

    import dlpipe

    root, run_id, client = trained["root"], trained["run"].info.run_id, trained["client"]
    labelled = penguin_like_frame(n=40, seed=5)  # rows the run never saw
    labelled.to_csv(tmp_path / "new.csv", index=False)

    result = cli_here("evaluate", f"run={run_id}", f"input={tmp_path / 'new.csv'}", cwd=root)

    assert result.code == 0, result.text
    accuracy = float(re.search(r"test_accuracy=([0-9.]+)", result.out).group(1))
    predicted = dlpipe.load(run_id, trained["uri"]).predict(labelled.drop(columns="species"))
    assert accuracy == pytest.approx(
        (predicted["prediction"] == labelled["species"]).mean(), abs=1e-4
    )
    child_id = re.search(r"recorded as MLflow run ([0-9a-f]{32})", result.out).group(1)
    child = client.get_run(child_id)
    assert child.data.tags["dlpipe.evaluates"] == run_id
    assert child.data.tags["mlflow.parentRunId"] == run_id
    assert child.data.metrics["test_accuracy"] == pytest.approx(accuracy, abs=1e-4)
    assert "test_loss" in child.data.metrics
    assert "evaluation/confusion_matrix.png" in _files(client, child_id)
    assert client.get_run(run_id).data.metrics == trained["run"].data.metrics  # untouched

    unlabelled = cli_here("evaluate", "run=out", f"input={trained['csv']}", cwd=root)
    assert unlabelled.code == 0 and "not recorded: a run folder" in unlabelled.out
    labelled.drop(columns="species").to_csv(tmp_path / "no_truth.csv", index=False)
    refused = cli_here("evaluate", "run=out", f"input={tmp_path / 'no_truth.csv'}", cwd=root)
    assert refused.code == 2
    assert "input: the input has no column 'species': evaluate needs the true values" in refused.err


def documented_tags() -> dict[str, bool]:
    """docs/tracking.md's tag table: each tag (a ``<part>`` stands for any name) and
    whether every run has it (its row does not say "when")."""
    text = (REPO / "docs" / "tracking.md").read_text()
    rows = re.findall(r"^\| `([a-z][^`]*)` \| (.*) \|$", text, flags=re.MULTILINE)
    return {name: not what.startswith("when ") for name, what in rows}


def test_the_tags_are_the_ones_docs_tracking_md_lists(trained: dict[str, Any]) -> None:
    documented = documented_tags()
    assert len(documented) > 20
    # `dlpipe.choice.<group>` stands for dlpipe.choice.model, dlpipe.choice.data, …
    patterns = {n: re.compile(re.sub("<[a-z]+>", "[^.]+", re.escape(n)) + "$") for n in documented}
    tags = set(trained["run"].data.tags)
    undocumented = [t for t in tags if not any(p.match(t) for p in patterns.values())]
    assert not undocumented, "tags the doc does not list"
    missing = [
        n
        for n, always in documented.items()
        if always and not any(patterns[n].match(t) for t in tags)
    ]
    assert not missing, "tags the doc says every run has"
