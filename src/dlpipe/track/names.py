"""Run names that say what a run is, for MLflow's runs table, ``compare`` and its plot.

MLflow names a run it is given no name for at random (``charming-stork-289``); ours lead
with what tells runs apart: a single run its model and data (or experiment file), a
sweep's job the values swept, a sweep's parent what it sweeps. ``tracking.run_name``
overrides them all.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence


def run_name(choices: Mapping[str, str], suffix: str | None = None) -> str:
    """``dense-penguins-3f2a``: the model and data chosen (the experiment file when one
    was), then four hex digits that tell two runs of the same config apart."""
    if choices.get("experiment"):
        parts = [choices["experiment"]]
    else:
        parts = [choices.get("model") or "model", choices.get("data") or "data"]
    return "-".join([*parts, suffix or secrets.token_hex(2)])


def short_keys(keys: Sequence[str]) -> dict[str, str]:
    """Each dotted key by its last part (``optimizer.learning_rate`` → ``learning_rate``),
    unless two keys share it (then whole)."""
    last = [k.rsplit(".", 1)[-1].lstrip("+~") for k in keys]
    return {k: (s if last.count(s) == 1 else k) for k, s in zip(keys, last, strict=True)}


def values_name(overrides: Sequence[str]) -> str:
    """``learning_rate=0.01 batch_size=32 path=train.csv``: overrides with their keys
    shortened, and a file's path by its name (the param keeps the whole path)."""
    pairs = [o.split("=", 1) if "=" in o else [o, ""] for o in overrides]
    short = short_keys([k for k, _ in pairs])
    return " ".join(f"{short[k]}={_file_name(v)}" if v else short[k] for k, v in pairs)


def _file_name(value: str) -> str:
    name = value.rstrip("/").rsplit("/", 1)[-1]
    return name if "/" in value and name and "://" not in value else value


def job_name(own: Sequence[str], job_num: int) -> str:
    """A sweep's job: the values it was given, then its number (``learning_rate=0.01
    batch_size=32 · job 3``)."""
    return f"{values_name(own) or '(defaults)'} · job {job_num}"


def sweep_name(swept: Sequence[str], fixed: Sequence[str]) -> str:
    """A sweep's parent: the keys it sweeps (``sweep learning_rate × batch_size``), else
    what chose the sweep (``sweep experiment=sweep_lr_batch``)."""
    keys = [o.split("=", 1)[0] for o in swept]
    if keys:
        return "sweep " + " × ".join(short_keys(keys).values())
    return "sweep " + (values_name(fixed) or "(defaults)")
