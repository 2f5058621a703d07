"""`dlpipe check`, and the checks every verb runs on a config before anything starts.

Each stage judges its own part without TensorFlow: the config stage its keys, types and
meaning; the model stage its layers; the data stage the columns of a local file. Calling
them here, above the stages, keeps the config stage from depending on the model stage.
"""

from __future__ import annotations

import re
from pathlib import Path

from omegaconf import DictConfig

from dlpipe.commands.run_folder import check_own_choices, is_multirun, planned_folder
from dlpipe.commands.terminal import say
from dlpipe.config import compose_all, validate
from dlpipe.config.adapt import adapt_model, fitted_to_data
from dlpipe.config.args import refuse_own_config_folder
from dlpipe.config.folders import config_folders
from dlpipe.config.schema import Config
from dlpipe.data.columns import check_columns
from dlpipe.data.locate import located
from dlpipe.errors import ConfigError
from dlpipe.model.check import check_model_layers


def check_config(cfg: DictConfig) -> Config:
    """``cfg`` validated (:func:`dlpipe.config.validate`), its model's layers checked;
    a model group written for another kind of data adapted first (:mod:`config.adapt`);
    a relative ``data.path`` found in ``paths.data_dir`` named there (:mod:`data.locate`)."""
    adapt_model(cfg)
    checked = validate(cfg)
    checked.data.path = located(checked.data, str(checked.paths.data_dir))
    check_model_layers(checked.model, data_folders(checked))
    return checked


def data_folders(cfg: Config) -> tuple[Path, ...]:
    """Where files that the config names beside its data may be read: ``paths.data_dir``
    and the folder of ``data.path`` (up to its first wildcard)."""
    folders = [Path(str(cfg.paths.data_dir))]
    path = cfg.data.path
    if path:
        fixed = re.split(r"[*?\[]", str(path), maxsplit=1)[0]
        folders.append(
            Path(fixed) if fixed.endswith("/") or Path(fixed).is_dir() else Path(fixed).parent
        )
    return tuple(dict.fromkeys(folders))


def reads_table(overrides: list[str]) -> bool:
    """Whether ``check`` reads the whole table as training would: for any data choice or
    step on the command line or in an experiment. A shipped table with its shipped steps
    is known to train (the tests train it), and reading it would double check's time."""
    return any(
        o.lstrip("+~").startswith(("data.", "data=", "data@", "experiment=")) for o in overrides
    )


def check_table(cfg: Config) -> list[str]:
    """What training would find in a table (pandas, no scikit-learn): the row steps, the
    target, each column's kind, and every column that cannot be used, in one message.
    Returns the lines training prints about the columns (their kinds, what was left out)."""
    if cfg.data.source != "csv":
        return []
    from dlpipe.preprocess.kinds import left_out_hints, printed_table
    from dlpipe.preprocess.prepare import examine_table

    table = examine_table(cfg)
    notes = [f"note: {line}" for line in left_out_hints(table.columns, table.steps)]
    return [*printed_table(table.columns, table.steps), *notes]


def check(args: list[str]) -> int:
    """`dlpipe check`: compose and validate (keys, types, names, local columns); no TensorFlow."""
    refuse_own_config_folder(args)
    folders, args = config_folders(args)
    unknown = [a for a in args if a.startswith("-") and a not in ("-m", "--multirun")]
    if unknown:
        raise ConfigError(
            f"check takes no option {unknown[0]!r}",
            where="check",
            hint="python -m dlpipe check [-m] [--config-dir DIR] key=value ... (the overrides a"
            " run would take)",
        )
    overrides = [a for a in args if not a.startswith("-")]
    # composed as the run will compose them: e.g. model=lstm for a series
    overrides, composed, notes = fitted_to_data(
        overrides, lambda overrides: compose_all(overrides, folders)
    )
    configs = [check_config(c) for c in composed]
    # where the run would write and read, before any file is opened
    planned_folder(composed[0], "sweep" if is_multirun(composed[0], args) else "run", overrides)
    for job in composed:
        check_own_choices(job, overrides)
    for cfg in configs:
        check_columns(cfg)
    if reads_table(overrides):
        said = [check_table(cfg) for cfg in configs]
        for line in said[0]:  # (a sweep's first job: the others differ in other keys)
            say(line)
    first = configs[0]
    for note in notes:
        say(note)
    if folders.own:
        say(f"your configs: {folders.own} (read before dlpipe's own)")
    say(
        f"config OK: data={first.data.name} model={first.model.name} optimizer={first.optimizer['name']}"
        + (f" ({len(configs)} sweep variants checked)" if len(configs) > 1 else "")
    )
    return 0
