"""The quick-start notebook (``notebooks/quickstart.ipynb``), executed by a real Jupyter
kernel as a user runs it: every cell, then every cell again in the same kernel."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import cli_env

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "quickstart.ipynb"


def test_the_quick_start_notebook_runs_twice_in_one_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nbformat
    from nbclient import NotebookClient

    for key, value in cli_env().items():  # the kernel imports this checkout's dlpipe
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    code = [(i, cell) for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    with client.setup_kernel():
        for _ in range(2):  # a cell error raises here, naming the cell
            for index, cell in code:
                client.execute_cell(cell, index)
            trained, plotted, predicted, mistake = (cell.outputs for _, cell in code)
            assert "test_accuracy" in text(trained)
            assert any("image/png" in out.get("data", {}) for out in plotted)
            assert "probability_Gentoo" in text(predicted)
            assert "trainer.epoch: unknown key" in text(mistake)
            assert "did you mean 'epochs'?" in text(mistake)

    from mlflow.tracking import MlflowClient

    client_ = MlflowClient(f"sqlite:///{tmp_path / 'mlflow.db'}")
    runs = client_.search_runs([client_.get_experiment_by_name("dlpipe").experiment_id])
    assert [r.info.status for r in runs] == ["FINISHED", "FINISHED"]


def text(outputs: list) -> str:
    """What a cell showed: its printed streams and its result's plain text."""
    parts = []
    for out in outputs:
        parts.append(out.get("text", ""))
        parts.append(out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)
