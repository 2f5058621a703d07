"""`summary`: the model training would build, as Keras' summary table and the task line.

With ``data.input_shape`` (and ``num_classes``) declared, no data is read. ``explain=true``
adds each layer's parameters and sizes worked out by hand (:mod:`dlpipe.model.explain`).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from dlpipe.config.schema import Config
from dlpipe.errors import ConfigError, DlpipeError, report

EXPLAIN = "explain="
SWITCH = {"true": True, "false": False}


def main(args: list[str]) -> int:
    """`dlpipe summary [explain=true]`: under Hydra, as training composes its config."""
    from dlpipe.commands.hydra_run import run_under_hydra

    explain, rest = explain_flag(args)
    return run_under_hydra(partial(summary_task, explain=explain), rest)


def explain_flag(args: list[str]) -> tuple[bool, list[str]]:
    """``explain=true|false`` taken out of the overrides (it is summary's, not the config's)."""
    given = [a for a in args if a.startswith(EXPLAIN)]
    value = given[-1][len(EXPLAIN) :].strip().lower() if given else "false"
    if value not in SWITCH:
        raise ConfigError(
            f"'{given[-1][len(EXPLAIN) :]}' is not true or false",
            where="explain",
            hint="e.g. python -m dlpipe summary explain=true model=cnn data=mnist",
        )
    return SWITCH[value], [a for a in args if not a.startswith(EXPLAIN)]


def summary_task(cfg: Any, checked: Any = None, *, explain: bool = False) -> None:
    """Build the model exactly as training would and print Keras' summary."""
    from dlpipe.commands.check import check_config

    try:
        print(summary(checked or check_config(cfg), explain=explain))
    except DlpipeError as exc:
        raise SystemExit(report(exc)) from None


def summary(cfg: Config, *, explain: bool = False) -> str:
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
    text = summary_text(model) + "\n" + task_line(spec, loss) + note
    if explain:
        from dlpipe.model.explain import explain_text

        text += "\n\n" + explain_text(model)
    return text
