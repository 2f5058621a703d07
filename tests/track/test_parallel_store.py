"""Eight processes recording at once into a store that does not exist yet lose nothing.

Real MLflow, real sqlite file, our own `tracked_run`/`Recorder`; no TensorFlow, so the
test measures the store and not Keras start-up (the full 8-job CLI sweep is in the docs).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import SRC

JOB = """
import sys
from omegaconf import OmegaConf
from dlpipe.track.recorder import tracked_run

job = int(sys.argv[1])
tracking = OmegaConf.create(
    {"enabled": True, "uri": sys.argv[2], "experiment": "parallel", "run_name": f"job{job}"}
)
with tracked_run(tracking, params={"seed": job, "trainer": {"epochs": 5}}, tags={"job": job}) as rec:
    for epoch in range(5):
        rec.log_metrics({"loss": 1.0 / (epoch + 1 + job), "val_loss": 2.0 / (epoch + 1)}, step=epoch)
    rec.log_text(f"job {job}", "note.txt")
"""


def test_eight_parallel_writers_on_a_fresh_store(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'fresh' / 'mlflow.db'}"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", JOB, str(job), uri],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job in range(8)
    ]
    outputs = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, outputs

    from mlflow.tracking import MlflowClient

    client = MlflowClient(uri)
    experiment = client.get_experiment_by_name("parallel")
    runs = client.search_runs([experiment.experiment_id])
    assert sorted(r.info.run_name for r in runs) == [f"job{j}" for j in range(8)]
    for run in runs:
        assert run.info.status == "FINISHED"
        assert run.data.params["trainer.epochs"] == "5"
        for name in ("loss", "val_loss"):
            history = client.get_metric_history(run.info.run_id, name)
            assert sorted(m.step for m in history) == [0, 1, 2, 3, 4], (run.info.run_name, name)
        assert [a.path for a in client.list_artifacts(run.info.run_id)] == ["note.txt"]
