"""``dlpipe reproduce <run id>``: re-run a recorded run from what MLflow stored alone.

The exact resolved config comes from the run's ``config.yaml`` artifact (the overrides
and group choices are copied as tags). The rerun is a new run tagged
``dlpipe.reproduces=<original id>``; the report compares every metric (and the weights'
sha256) and warns when package versions or the input data differ.

Exit code: 0 when everything matches bit for bit, 3 when some result differs.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any, cast

from omegaconf import DictConfig, OmegaConf

from dlpipe.errors import ConfigError, printable

log = logging.getLogger("dlpipe")

USAGE = (
    "python -m dlpipe reproduce <run id> [tracking.uri=<uri>] [hydra.run.dir=<dir>] [key=value ...]"
)
REPRODUCES = "dlpipe.reproduces"
MISMATCH_EXIT = 3


def parse_args(args: list[str]) -> tuple[str, dict[str, str]]:
    """The run id and ``key=value`` options, in any order."""
    ids = [a for a in args if "=" not in a and not a.startswith("-")]
    options = dict(a.split("=", 1) for a in args if "=" in a)
    unknown_flags = [a for a in args if a.startswith("-")]
    if unknown_flags:
        raise ConfigError(f"unknown option {unknown_flags[0]!r}", where="reproduce", hint=USAGE)
    if len(ids) != 1:
        raise ConfigError(
            "expected exactly one run id" + (f", got {len(ids)}: {' '.join(ids)}" if ids else ""),
            where="reproduce",
            hint=USAGE,
        )
    return ids[0], options


def rebuild_config(stored: DictConfig, options: dict[str, str], uri: str, output_dir: Path) -> Any:
    """The stored config, fresh (no resume), recording where this rerun goes; validated."""
    from dlpipe.commands.check import check_config

    changes = OmegaConf.from_dotlist([f"{k}={v}" for k, v in options.items()])
    cfg = cast(DictConfig, OmegaConf.merge(stored, changes))  # two mappings merge into one
    cfg.trainer.resume = None
    cfg.tracking.enabled = True
    cfg.tracking.uri = uri
    cfg.paths.output_dir = str(output_dir)
    return check_config(cfg)


def relocated_data(
    stored: DictConfig, tags: dict[str, str], options: dict[str, str]
) -> tuple[str, str] | None:
    """A relative ``data.path`` that does not exist from here: use the absolute path the
    run recorded (``dlpipe.data_path``), if it still exists. Returns (old, new) if so."""
    from dlpipe.track.fingerprint import DATA_PATH

    path = stored.data.get("path")
    recorded = tags.get(DATA_PATH, "n/a")
    if not path or "data.path" in options or Path(str(path)).exists():
        return None
    if recorded == "n/a" or not Path(recorded).exists():
        return None
    stored.data.path = recorded
    return str(path), recorded


def reproduce(args: list[str]) -> int:
    """Re-run the run, print a metric-by-metric comparison; 0 if all match, else 3."""
    from dlpipe.commands.context import RunContext
    from dlpipe.commands.run_folder import claim_folder, plan_folder
    from dlpipe.commands.train import train
    from dlpipe.track.fingerprint import DATA_SHA, VERSION_PREFIX, data_tags, version_tags
    from dlpipe.track.runs import open_run, stored_config
    from dlpipe.track.store import resolve_uri

    run_id, options = parse_args(args)
    uri = resolve_uri(options.pop("tracking.uri", None))
    named = options.pop("hydra.run.dir", "")
    planned = plan_folder(
        "hydra.run.dir",
        named or time.strftime("outputs/%Y-%m-%d/%H-%M-%S-reproduce"),
        timestamped=not named,
        own=True,
    )
    client, original = open_run(uri, run_id, where="reproduce <run id>")
    tags = original.data.tags
    stored = stored_config(client, run_id)
    moved = relocated_data(stored, tags, options)
    cfg = rebuild_config(stored, options, uri, planned.path)
    output_dir = claim_folder(planned)
    cfg.paths.output_dir = str(output_dir)
    _log_to(output_dir)
    if moved:
        log.warning("data.path %s is not here; reading %s, where the run read it", *moved)
    log.info("reproducing run %s (%s) from its stored config", run_id, original.info.status)
    if options:
        log.warning(
            "changed on the command line: %s", " ".join(f"{k}={v}" for k, v in options.items())
        )
    warnings = differences(
        tags, {**version_tags(), **data_tags(cfg.data)}, VERSION_PREFIX, DATA_SHA
    )
    if original.info.status != "FINISHED":
        warnings.insert(
            0, f"the original run ended {original.info.status}: its metrics are partial"
        )
    for line in warnings:
        log.warning("warning: %s", line)
    overrides = tags.get("dlpipe.overrides", "(none)")
    choices = {
        k[len("dlpipe.choice.") :]: v for k, v in tags.items() if k.startswith("dlpipe.choice.")
    }
    context = RunContext(
        output_dir=output_dir,
        overrides=[] if overrides == "(none)" else overrides.split(" "),
        choices=choices,
        tags={REPRODUCES: run_id},
        run_name=f"reproduces {original.info.run_name}",
    )
    result = train(cfg, context)
    rerun = client.get_run(result["run_id"])
    rows = compare(original.data.metrics, rerun.data.metrics)
    rows += compare_weights(tags, rerun.data.tags)
    print(printable(report(run_id, result["run_id"], rows, warnings)))
    return 0 if all(row[3] == "match" for row in rows) else MISMATCH_EXIT


def differences(
    original: dict[str, str], current: dict[str, str], version_prefix: str, data_key: str
) -> list[str]:
    """Readable lines for every package version and data fingerprint that changed."""
    lines = []
    for key, now in sorted(current.items()):
        if not key.startswith(version_prefix):
            continue
        then = original.get(key)
        if then is None:
            lines.append(f"{key[len(version_prefix) :]} version was not recorded (now {now})")
        elif then != now:
            lines.append(f"{key[len(version_prefix) :]} version differs: {then} then, {now} now")
    sha_then, sha_now = original.get(data_key), current.get(data_key)
    if sha_then is None:
        lines.append("the data fingerprint was not recorded")
    elif sha_now != "n/a" and sha_then != sha_now:  # n/a: built-in, hashed after preparing
        lines.append(f"the data differ: sha256 {sha_then[:12]}… then, {str(sha_now)[:12]}… now")
    return lines


Row = tuple[str, str, str, str]


def compare(original: dict[str, float], rerun: dict[str, float]) -> list[Row]:
    """(metric, original, rerun, verdict) for every metric either run has."""
    rows: list[Row] = []
    for name in sorted(set(original) | set(rerun), key=lambda n: (not n.startswith("test_"), n)):
        a, b = original.get(name), rerun.get(name)
        if a is None or b is None:
            verdict = "missing in the " + ("original" if a is None else "rerun")
        elif a == b:
            verdict = "match"
        else:
            verdict = f"DIFFERS by {b - a:+.3g}"
        rows.append((name, _fmt(a), _fmt(b), verdict))
    return rows


def compare_weights(original: dict[str, str], rerun: dict[str, str]) -> list[Row]:
    """The weights' sha256, when the original recorded it."""
    from dlpipe.track.fingerprint import WEIGHTS_SHA

    a, b = original.get(WEIGHTS_SHA), rerun.get(WEIGHTS_SHA)
    if a is None:
        return []
    verdict = "match" if a == b else "DIFFERS"
    return [("weights sha256", a[:16], (b or "-")[:16], verdict)]


def report(original_id: str, rerun_id: str, rows: list[Row], warnings: list[str]) -> str:
    """The comparison table and a one-line verdict."""
    width = max([len(r[0]) for r in rows] + [6])
    lines = [
        f"reproduce {original_id} → new run {rerun_id}",
        f"{'metric':<{width}}  {'original':>18}  {'rerun':>18}  result",
    ]
    lines += [f"{m:<{width}}  {a:>18}  {b:>18}  {v}" for m, a, b, v in rows]
    differ = [r[0] for r in rows if r[3] != "match"]
    if differ:
        lines.append(
            f"NOT reproduced: {len(differ)} of {len(rows)} results differ ({', '.join(differ)})"
        )
    else:
        lines.append(f"reproduced: all {len(rows)} results match bit for bit")
    if warnings:
        lines.append(f"({len(warnings)} warning(s) above: versions or data changed)")
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.10g}"


def _log_to(output_dir: Path) -> None:
    """Console and ``dlpipe.log`` like a Hydra run (reproduce runs outside Hydra)."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    console = logging.StreamHandler(sys.stdout)
    console.setFormatter(logging.Formatter("%(message)s"))
    file = logging.FileHandler(output_dir / "dlpipe.log")
    file.setFormatter(logging.Formatter("[%(asctime)s][%(name)s][%(levelname)s] %(message)s"))
    root.handlers = [console, file]
    for noisy in ("alembic", "mlflow", "absl"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
