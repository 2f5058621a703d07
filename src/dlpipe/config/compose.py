"""Compose configs with Hydra's API, outside of a Hydra app (for `check` and tests)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from omegaconf import DictConfig
from yaml import YAMLError

from dlpipe.config import location
from dlpipe.config.folders import SHIPPED, ConfigFolders
from dlpipe.config.hydra_keys import check_option_name
from dlpipe.config.schema import INT_MAX, Config
from dlpipe.config.yaml_bounds import check_config_folder, read_config_text, yaml_error
from dlpipe.errors import ConfigError, did_you_mean, quoted_override


def compose(
    overrides: list[str] | None = None,
    config_name: str = "config",
    folders: ConfigFolders = SHIPPED,
) -> DictConfig:
    """Compose ``conf/config.yaml`` with command-line style overrides; Hydra's own
    subtree included, so that validation sees what a run's files set in it."""
    from hydra import compose as hydra_compose
    from hydra.errors import HydraException
    from omegaconf.errors import OmegaConfBaseException

    check_folders(folders)
    check_group_options(list(overrides or []), folders)
    try:
        with hydra_session(folders):
            return hydra_compose(
                config_name=config_name,
                overrides=list(overrides or []),
                return_hydra_config=True,
            )
    except (HydraException, OmegaConfBaseException) as exc:
        raise composition_error(str(exc)) from None
    except YAMLError as exc:  # a config file that is not plain YAML
        raise yaml_error(exc) from None


def check_folders(folders: ConfigFolders) -> None:
    """Every file of the config folders within the bounds (each checked once per version)."""
    for folder in folders.search:
        check_config_folder(folder)


@contextmanager
def hydra_session(folders: ConfigFolders = SHIPPED, job_name: str = "app") -> Iterator[None]:
    """Hydra set up on the folders, the user's own first (as ``@hydra.main`` with
    ``config_path`` on it and ``--config-dir`` on dlpipe's ``conf/``)."""
    from hydra import initialize_config_dir

    if folders.own is None:
        with initialize_config_dir(
            config_dir=str(location.CONFIG_DIR), version_base="1.3", job_name=job_name
        ):
            yield
        return
    from dlpipe.compat import hydra_on_folders

    with hydra_on_folders(str(folders.own), str(location.CONFIG_DIR), job_name):
        yield


@contextmanager
def hydra_app(folders: ConfigFolders = SHIPPED) -> Iterator[Any]:
    """Hydra set up on the config folders as ``@hydra.main`` would do it; yields its
    ``Hydra`` object."""
    from hydra.core.global_hydra import GlobalHydra

    with hydra_session(folders, job_name="dlpipe"):
        yield GlobalHydra.instance().hydra


def compose_run(
    hydra: Any, overrides: list[str], folders: ConfigFolders = SHIPPED
) -> DictConfig | None:
    """The config of a single run, Hydra's own settings included, in one composition.

    Returns None when the config turns a sweep on itself (``hydra.mode: MULTIRUN`` in an
    experiment file): the caller runs it as a sweep instead.
    """
    from hydra.errors import HydraException
    from hydra.types import RunMode
    from omegaconf.errors import OmegaConfBaseException

    parse_overrides(overrides)
    check_folders(folders)
    check_group_options(overrides, folders)
    try:
        cfg = hydra.compose_config("config", overrides, run_mode=RunMode.RUN)
    except YAMLError as exc:  # a config file that is not plain YAML
        raise yaml_error(exc) from None
    except (HydraException, OmegaConfBaseException) as exc:
        if _declares_multirun(hydra, overrides):  # a sweep value for a sweep file: fine
            return None
        raise composition_error(str(exc)) from None
    if str(cfg.hydra.get("mode")).endswith("MULTIRUN"):
        return None
    cfg.hydra.mode = RunMode.RUN  # as Hydra's own run does
    return cfg


def _declares_multirun(hydra: Any, overrides: list[str]) -> bool:
    from hydra.types import RunMode

    try:
        cfg = hydra.compose_config(
            "config", overrides, run_mode=RunMode.MULTIRUN, validate_sweep_overrides=False
        )
    except Exception:  # Hydra's own mode check treats any failure as "no"
        return False
    return str(cfg.hydra.get("mode")).endswith("MULTIRUN")


def declares_multirun(overrides: list[str], folders: ConfigFolders = SHIPPED) -> bool:
    """Whether the composed config turns the sweep on itself (``hydra.mode: MULTIRUN``)."""
    from hydra import compose as hydra_compose

    with hydra_session(folders):
        cfg = hydra_compose("config", overrides=list(overrides), return_hydra_config=True)
    return str(cfg.hydra.get("mode")).endswith("MULTIRUN")


def compose_all(overrides: list[str], folders: ConfigFolders = SHIPPED) -> list[DictConfig]:
    """Compose every variant a sweep would run, one value of each swept key at a time.

    ``model=dense,cnn lr=1,2`` gives 3 configs (first values, then each other value once),
    so a typo in any swept value is caught before the sweep starts.
    """
    return [compose(variant, folders=folders) for variant in sweep_variants(overrides)]


def sweep_variants(overrides: list[str]) -> list[list[str]]:
    """Expand sweep overrides into plain override lists (first values + each other value)."""
    parsed = parse_overrides(overrides)
    check_sweep_size(parsed)
    base: list[str] = []
    alternatives: list[tuple[int, list[str]]] = []
    for override in parsed:
        key = override.get_key_element()
        if override.is_sweep_override() and not override.is_interval_sweep():
            values = list(override.sweep_string_iterator())
            base.append(f"{key}={values[0]}")
            alternatives.append((len(base) - 1, [f"{key}={v}" for v in values[1:]]))
        elif override.is_sweep_override():
            continue  # an interval for an optimising sweeper: checked when it samples
        else:
            base.append(override.input_line)
    variants = [base]
    for index, others in alternatives:
        for other in others:
            variant = list(base)
            variant[index] = other
            variants.append(variant)
    return variants


# How many jobs a sweep may run unless the command line says more (sweep_limit=N): each
# job is composed and checked before the first starts. From this size on it says so.
SWEEP_LIMIT = Config.sweep_limit
SAID_FROM = 50


def check_sweep_size(parsed: list[Any]) -> int:
    """The number of jobs the swept keys make (their product), worked out without listing
    them, and refused above the limit before anything is composed; returns it."""
    counted = {o.get_key_element(): sweep_size(o) for o in parsed if o.is_sweep_override()}
    sizes = {key: n for key, n in counted.items() if n is not None}
    jobs = math.prod(sizes.values())
    limit = next(
        (int(o.value()) for o in parsed if o.key_or_group == "sweep_limit" and _whole(o.value())),
        SWEEP_LIMIT,
    )
    if jobs > limit:
        breakdown = " × ".join(f"{n:,} ({key})" for key, n in sizes.items() if n > 1)
        raise ConfigError(
            f"this sweep would run {jobs:,} jobs: {breakdown}; the limit is {limit:,}",
            where="sweep",
            hint="sweep fewer values"
            + (
                f", or allow more on the command line: sweep_limit={jobs}"
                if jobs <= INT_MAX
                else ""
            ),
        )
    if jobs >= SAID_FROM:  # composing and checking them takes ~20 ms each: say why it waits
        from dlpipe.korean import korean, translated

        said = f"dlpipe: a sweep of {jobs:,} jobs; checking each one's config first"
        print(translated(said) if korean() else said, flush=True)
    return jobs


def sweep_size(override: Any) -> int | None:
    """How many values a sweep override gives (None: an interval, which an optimising
    sweeper samples as often as its n_trials says)."""
    from hydra.core.override_parser.types import ChoiceSweep, IntervalSweep, RangeSweep

    value = override.value()
    if isinstance(value, IntervalSweep):
        return None
    if isinstance(value, RangeSweep):
        start, stop, step = (float(v or 0) for v in (value.start, value.stop, value.step))
        if step == 0:
            raise ConfigError(
                "a range with a step of 0 never ends",
                where=str(override.get_key_element()),
                hint="e.g. range(0,10) (step 1) or range(0,1,0.25)",
            )
        return max(0, math.ceil((stop - start) / step))
    if isinstance(value, ChoiceSweep):
        return len(value.list)
    return sum(1 for _ in override.sweep_string_iterator())  # glob(): the matching options


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def parse_overrides(overrides: list[str]) -> list[Any]:
    """Hydra's parse of the overrides; a syntax error names the override."""
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from hydra.errors import HydraException

    parser = OverridesParser.create()
    try:
        return parser.parse_overrides(overrides)
    except HydraException as exc:
        bad = _unparsable(parser, overrides)
        if bad is not None and not bad.isascii():  # a column or class name in Korean, …
            hint = f"quote it: {quoted_override(bad)} (the outer ' keep the \" for Hydra)"
            if "{" in bad.partition("=")[2]:  # Hydra's grammar takes no quoted keys in a mapping
                hint = (
                    "a mapping with keys that are not ASCII cannot be an override: write it"
                    " in a YAML file (an experiment in experiments/, or a copy of"
                    " conf/data/csv.yaml)"
                )
            raise ConfigError(
                "Hydra reads unquoted text in ASCII only", where=bad, hint=hint
            ) from None
        joined = split_by_shell(overrides, bad)
        if joined is not None:
            raise ConfigError(
                "the shell split this value at its spaces",
                where=bad,
                hint=f"quote the whole setting: '{joined}'",
            ) from None
        if bad is not None and re.match(r"[^=]*=~(/|$)", bad):
            raise ConfigError(
                "~ is not your home folder here (the shell does not expand it after key=)",
                where=bad,
                hint=f"write it with $HOME: {bad.replace('=~', '=$HOME', 1)}",
            ) from None
        raise ConfigError(
            _first_paragraph(str(exc)).split("\n")[0],
            where=bad,
            hint="check the override's syntax: key=value, a list [a,b], a sweep a,b;"
            " quote values with spaces or special characters",
        ) from None


def _first_paragraph(text: str) -> str:
    return text.strip().split("\n\n")[0]


def composition_error(text: str) -> ConfigError:
    """Hydra's composition errors, shortened, with a hint."""
    from dlpipe.config.validate import schema_has, unknown_key_hint

    text = text.split("\nConfig search path:")[0].strip()
    unknown = re.search(r"Could not override '([^']+)'", text)
    if unknown:
        key = unknown.group(1)
        if schema_has(key):  # a key dlpipe knows, which this config file does not set
            return ConfigError(
                "this config does not set this key, so an override cannot change it",
                where=key,
                hint=f"add it with a leading '+': +{key}=...",
            )
        hint = unknown_key_hint(key) or "new keys need a leading '+', e.g. +" + key + "=..."
        return ConfigError("unknown key", where=key, hint=hint)
    ambiguous = re.search(r"Ambiguous value for argument '([^']+)'", text)
    if ambiguous:
        return ConfigError(
            "several values for one key, but this is not a sweep",
            where=ambiguous.group(1),
            hint="to run each value add -m (python -m dlpipe -m ...); for a list write"
            " key=[a,b]; for text with a comma quote it: key='a,b'",
        )
    group = re.search(r"Could not find '([^/']+)/([^']+)'", text)
    if group:
        options = re.findall(r"^\t(\S+)$", text, flags=re.M)
        return ConfigError(
            f"there is no {group.group(1)} config named {group.group(2)!r}",
            where=f"{group.group(1)}={group.group(2)}",
            hint=(did_you_mean(group.group(2), options) or "")
            + f" (options: {', '.join(options)}; files in conf/{group.group(1)}/)",
        )
    return ConfigError(
        _first_paragraph(text), hint="check the override's syntax: key=value or group=name"
    )


def split_by_shell(overrides: list[str], bad: str | None) -> str | None:
    """``bad`` and the arguments after it, joined again, when the shell split one value
    at its spaces (``model.layers=[{type: Dense, units: 4}]`` unquoted): its brackets
    open in ``bad`` and close in a later argument that is no ``key=value`` of its own."""
    if bad is None or bad not in overrides:
        return None
    parts = [bad]
    depth = _depth(bad)
    for later in overrides[overrides.index(bad) + 1 :]:
        if depth <= 0 or re.match(r"[\w.+~@/-]+=", later):
            break
        parts.append(later)
        depth += _depth(later)
    return " ".join(parts) if len(parts) > 1 and depth == 0 else None


def _depth(text: str) -> int:
    return sum(text.count(o) - text.count(c) for o, c in ("[]", "{}", "()"))


def _unparsable(parser: Any, overrides: list[str]) -> str | None:
    """The first override Hydra's grammar rejects (to name it in the message)."""
    from hydra.errors import HydraException

    for override in overrides:
        try:
            parser.parse_overrides([override])
        except HydraException:
            return override
    return None


# The groups conf/config.yaml lists as `optional` (none chosen by default).
OPTIONAL_GROUPS = ("experiment", "hparams_search", "debug")


def check_group_options(overrides: list[str], folders: ConfigFolders = SHIPPED) -> None:
    """``group=name`` must name a file of ``conf/<group>/`` (or of the user's folder).

    Hydra silently ignores an unknown option of an *optional* group (``experiment``,
    ``hparams_search``), which would run a whole training without the setup asked for.
    """
    for override in overrides:
        key, sep, value = override.lstrip("+~").partition("=")
        if key.startswith("hydra.searchpath"):  # Hydra reads the folders it names first
            raise ConfigError(
                "this Hydra setting is not allowed in a dlpipe config",
                where=key,
                hint="dlpipe reads configs from conf/ only: put the file into its group's"
                " folder there",
            )
        key = key.split("@")[0]  # `+data@extra=name` chooses a file of conf/data/ too
        if not sep or key.startswith("hydra") or "," in value:
            continue
        if not re.fullmatch(r"[\w/]+", key) or not folders.has_group(key):
            continue
        if value not in ("", "null", "''", '""'):
            check_option_name(key, value)
        else:  # (Hydra's ValueError for any group)
            raise ConfigError(
                f"a {key} config cannot be null",
                where=f"{key}={value}",
                hint=f"leave {key}= out: none is used unless you choose one"
                if key in OPTIONAL_GROUPS
                else f"every run needs one: {', '.join(folders.options(key))}"
                f" (files in {folders.where(key)})",
            )
        found = folders.find(key, value)
        if found is None:
            options = folders.options(key)
            raise ConfigError(
                f"there is no {key} config named {value!r}",
                where=f"{key}={value}",
                hint=(
                    (did_you_mean(value, options) or "")
                    + f" (options: {', '.join(options) or 'none yet'}; files in {folders.where(key)})"
                ).strip(),
            )
        if key in OPTIONAL_GROUPS:
            check_global_file(found, key)


def check_global_file(path: Path, group: str) -> None:
    """An experiment (or search, or debug) file sets keys of the whole config: a mapping,
    under a ``# @package _global_`` line. Without that line Hydra puts its keys under
    ``experiment.`` and the message was "unknown key 'experiment'", whatever was wrong."""
    import yaml

    text = read_config_text(path)
    try:
        tree = yaml.safe_load(text)
    except yaml.YAMLError:
        return  # Hydra's reader says where and why
    example = "'# @package _global_' as its first line, then the values it changes"
    if tree is None:
        raise ConfigError(
            "is empty", where=str(path), hint=f"write {example}, e.g. trainer: {{epochs: 5}}"
        )
    if not isinstance(tree, dict):
        raise ConfigError(
            f"holds a YAML {'list' if isinstance(tree, list) else type(tree).__name__},"
            f" not keys and values",
            where=str(path),
            hint=f"conf/{group}/ files are {example} as 'key: value' lines (trainer: {{epochs: 5}});"
            " command-line overrides (trainer.epochs=5) are not YAML",
        )
    if not re.search(r"^\s*#\s*@package\b", text, re.MULTILINE):
        raise ConfigError(
            f"has no '# @package _global_' line: Hydra would put all its keys under '{group}.'",
            where=str(path),
            hint="add '# @package _global_' as the file's first line",
        )
