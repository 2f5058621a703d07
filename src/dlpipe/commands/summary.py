"""`summary`: the model training would build, as Keras' summary table and the task line.

With ``data.input_shape`` (and ``num_classes``) declared, no data is read.
"""

from __future__ import annotations

from typing import Any

from dlpipe.config.schema import Config
from dlpipe.errors import DlpipeError, report


def main(args: list[str]) -> int:
    """`dlpipe summary`: under Hydra, as training composes its config."""
    from dlpipe.commands.hydra_run import run_under_hydra

    return run_under_hydra(summary_task, args)


def summary_task(cfg: Any, checked: Any = None) -> None:
    """Build the model exactly as training would and print Keras' summary."""
    from dlpipe.commands.check import check_config

    try:
        print(summary(checked or check_config(cfg)))
    except DlpipeError as exc:
        raise SystemExit(report(exc)) from None


def summary(cfg: Config) -> str:
    """The Keras summary of the model training would build (declared shapes: no data read)."""
    from dlpipe.model import declared_spec, output_spec, resolve_loss
    from dlpipe.model.build import build_model
    from dlpipe.training.runtime import seed_everything

    declared = declared_spec(cfg)
    note = ""
    if declared is not None and None in declared[0]:  # a series window derived from the data
        if cfg.data.path:  # the data say it: read them, as training does
            declared = None
        else:
            from dlpipe.preprocess.series import LONGEST_DERIVED_WINDOW as SHOWN_WINDOW

            shape = tuple(SHOWN_WINDOW if d is None else d for d in declared[0])
            declared = (shape, declared[1])
            note = (
                f"\n(a window of {SHOWN_WINDOW} shown: a run derives it from its data; "
                "set data.series.window, or give data.path)"
            )
    texts: list[tuple[str, int, int]] = []
    if declared is None:
        from dlpipe.preprocess.prepare import prepare

        prepared = prepare(cfg)
        input_shape, spec = prepared.input_shape, output_spec(prepared.preprocessor)
        texts = prepared.preprocessor.text_branches()
    else:
        input_shape, spec = declared
    loss = resolve_loss(cfg.model.loss, spec)
    from dlpipe.model.augment import with_augmentation
    from dlpipe.model.summary import summary_text, task_line

    seed_everything(cfg.seed, bool(cfg.trainer.deterministic))
    model = with_augmentation(
        build_model(cfg.model, input_shape, spec, cfg.data.source, texts),
        cfg.data.augment,
        int(cfg.seed),
    )
    return summary_text(model) + "\n" + task_line(spec, loss) + note
