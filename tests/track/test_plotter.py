"""The plotter: a copy of the recorder process that draws a run's plots beside it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_python

# In a fresh interpreter, as in the recorder process: one thread, matplotlib set up.
PLOTTER = """
import json, os, sys
from pathlib import Path
import numpy as np
from dlpipe.track import plots
from dlpipe.track.plotter import start_plotter

plots.warm_up()
out = Path(sys.argv[1])
(out / "taken").write_text("a file where a folder should be")
plotter = start_plotter()
plotter.submit(plots.PlotRecord(out / "curves", history={"loss": [1.0, 0.5]}))
plotter.submit(plots.PlotRecord(out / "taken", history={"loss": [1.0]}))
plotter.submit(plots.PlotRecord(
    out / "eval", task="binary", y_true=np.array([0, 1, 1]), scores=np.array([0.2, 0.7, 0.4]),
    classes=["no", "yes"],
))
drawn = list(plotter.drawn())
pid = plotter._pid
plotter.stop()
try:
    os.kill(pid, 0)
    reaped = False
except ProcessLookupError:
    reaped = True
print(json.dumps({"drawn": drawn, "again": list(plotter.drawn()), "reaped": reaped,
                  "here": os.getpid() != pid}, default=str))
"""


def test_the_plotter_draws_in_order_reports_failures_and_is_reaped(tmp_path: Path) -> None:
    result = run_python(PLOTTER.replace("sys.argv[1]", repr(str(tmp_path))))
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    curves, failed, evaluation = seen["drawn"]
    assert [Path(p).name for p in curves] == ["learning_curve_loss.png"]
    assert Path(curves[0]).read_bytes()[:4] == b"\x89PNG"
    assert failed.startswith("FileExistsError")  # a message, and the next record still drawn
    assert sorted(Path(p).name for p in evaluation) == [
        "classification_report.txt",
        "confusion_matrix.png",
    ]
    assert seen["again"] == []  # each result is handed over once
    assert seen["reaped"] and seen["here"]
