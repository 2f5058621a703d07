"""``dlpipe evaluate run=<run id or folder> input=<labelled file>``: a trained run's test
metrics and plots on new labelled data, recorded against that run.

The rows go through the run's fitted preprocessing as ``predict`` sends them; the loss
and metrics are the ones the model was compiled with, computed as training computes its
test metrics. With a run id the evaluation is a child run of it in the same store; a run
folder alone is evaluated and printed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from dlpipe.commands.terminal import say
from dlpipe.config.args import parse_args
from dlpipe.errors import ConfigError

USAGE = (
    "python -m dlpipe evaluate run=<run id or folder> input=<labelled file> [tracking.uri=<uri>]"
)


def compiled(loaded: Any) -> Any:
    """The run's model compiled with the loss and metrics its config resolved to in
    training (saved models load uncompiled: no optimizer state is needed here)."""
    from dlpipe.model import loss_weight, output_spec, resolve_loss, resolve_metrics

    model_cfg = loaded.config.get("model") or {}
    spec = output_spec(loaded.preprocessor)
    loss = resolve_loss(model_cfg.get("loss", "auto"), spec)
    weight = loss_weight(loss, spec)
    model = loaded.model
    model.compile(
        loss=loss,
        loss_weights=None if weight == 1.0 else float(weight),
        metrics=resolve_metrics(list(model_cfg.get("metrics") or []), spec),
    )
    return model


def evaluate_command(args: list[str]) -> int:
    """Evaluate, print the metrics, record them (a child run) when the run has an id."""
    from dlpipe.commands.predict import load_run, read_input

    options = parse_args(args, ("run", "input", "tracking.uri"))
    for key in ("run", "input"):
        if not options.get(key):
            raise ConfigError("required", where=key, hint=USAGE)
    run, uri = options["run"], options.get("tracking.uri")
    loaded = load_run(run, uri)
    try:
        raw = read_input(Path(options["input"]), loaded)
        x, y = loaded.preprocessor.labelled_input(raw)  # before Keras loads: fast mistakes
        from dlpipe.training.fit import evaluate

        metrics, scores = evaluate(compiled(loaded), x, y)
    finally:
        loaded.close()
    shown = "  ".join(f"{k}={v:.4f}" for k, v in metrics.items())
    say(f"evaluated {loaded.source} on {options['input']} ({len(y)} rows): {shown}")
    if not loaded.downloaded:
        say("not recorded: a run folder has no MLflow run; give the run id to record it")
        return 0
    from dlpipe.track.evaluation import evaluation_metrics_plots, record_evaluation

    with tempfile.TemporaryDirectory(prefix="dlpipe-evaluate-") as folder:
        prep = loaded.preprocessor
        plots = (
            evaluation_metrics_plots(prep.task, y, scores, prep.classes, Path(folder))
            if scores is not None
            else []
        )
        child = record_evaluation(uri, run, metrics, plots, Path(options["input"]))
    say(f"recorded as MLflow run {child}, a child of run {run}")
    return 0
