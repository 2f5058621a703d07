"""The CLI edge: instant help and checks, one clear message and exit 2 for user mistakes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult, run_cli, run_python

NO_TF = """
import runpy, sys
sys.argv = ["dlpipe", *{args!r}]
try:
    runpy.run_module("dlpipe", run_name="__main__")
except SystemExit as exc:
    print("exit", exc.code)
heavy = sorted(m for m in ("tensorflow", "keras", "mlflow", "sklearn", "pandas") if m in sys.modules)
print("heavy:", heavy)
"""


@pytest.mark.parametrize(
    ("args", "heavy"),
    [
        (["--help"], []),
        (["check"], []),
        (["check", "data.path=penguins.csv"], ["pandas"]),
        (["check", "data=titanic", "data.path=nope.csv"], []),
    ],
)
def test_help_and_check_never_import_tensorflow(
    tmp_path: Path, penguins_csv: Path, args: list[str], heavy: list[str]
) -> None:
    """Nor MLflow or scikit-learn: `check` reads a missing CSV's header with the standard
    library, and a user's table with pandas alone (to find what training would find)."""
    proc = run_python(NO_TF.format(args=args), cwd=tmp_path)
    assert f"heavy: {heavy}" in proc.stdout, proc.stdout + proc.stderr
    if args[0] == "check":
        said = "does not exist" if "nope.csv" in args[-1] else "config OK"
        assert said in proc.stdout + proc.stderr


def test_help_lists_the_verbs_and_groups(tmp_path: Path) -> None:
    result = run_cli("--help", cwd=tmp_path)
    assert result.code == 0
    for word in ("summary", "check", "predict", "data: ", "model: ", "optimizer: "):
        assert word in result.out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["check", "data=penguinz"], "no data config named 'penguinz'"),
        (["check", "model=cnnn"], "no model config named 'cnnn'"),
        (["check", "trainer.epoch=3"], "did you mean 'epochs'"),
        (["check", "data=titanic"], "data.path: required"),
        (["check", "data=titanic", "data.path=missing.csv"], "missing.csv does not exist"),
        (["check", "data.target=specis"], "did you mean 'species'"),
        (["check", "data.preprocess.onehot=[iland]"], "did you mean 'island'"),
        (["-m", "optimizer=adam,adamm"], "no optimizer config named 'adamm'"),
        (["data=titanic", "data.path=missing.csv"], "missing.csv does not exist"),
    ],
)
def test_user_mistakes_exit_2_with_one_clear_message(
    tmp_path: Path, args: list[str], says: str, cli_here: Callable[..., CliResult]
) -> None:
    result = cli_here(*args)  # caught before TensorFlow: in this process
    assert result.code == 2, result.text
    assert says in result.err
    assert result.err.startswith("dlpipe: error: ")
    assert "Traceback" not in result.text
    assert not (tmp_path / "mlflow.db").exists()  # nothing opened, nothing left RUNNING


def test_a_data_mistake_found_while_training_exits_2_without_a_run(
    tmp_path: Path, penguins_csv: Path, cli_here: Callable[..., CliResult]
) -> None:
    result = cli_here(
        f"data.path={penguins_csv}",
        "data.preprocess.dropna=null",
        "data.preprocess.impute=null",
        "debug=fast",
    )
    assert result.code == 2, result.text
    assert "missing values" in result.err
    assert "Traceback" not in result.text


def test_titanic_kaggle_csv_trains_a_binary_sigmoid_model(
    tmp_path: Path, titanic_csv: Path, cli_here: Callable[..., CliResult]
) -> None:
    result = cli_here("data=titanic", f"data.path={titanic_csv}", "debug=fast", "hydra.run.dir=out")
    assert result.code == 0, result.text
    assert "task binary" in result.out
    from mlflow.tracking import MlflowClient

    client = MlflowClient(f"sqlite:///{tmp_path / 'mlflow.db'}")
    (run,) = client.search_runs([client.get_experiment_by_name("dlpipe").experiment_id])
    summary = Path(
        client.download_artifacts(run.info.run_id, "model_summary.txt", str(tmp_path))
    ).read_text()
    assert "output (Dense)" in summary and "(None, 1)" in summary
    assert run.data.params["model.loss"] == "auto"
    assert "test_accuracy" in run.data.metrics
