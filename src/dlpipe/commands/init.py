"""``dlpipe init [folder] [csv=<file>] [target=<column>] [name=<name>]``: a starter project.

Writes what a user would otherwise copy by hand from the README: ``conf/data/<name>.yaml``
with the CSV's columns and the kind inferred for each (written out, so that they can be
changed where they are seen), ``conf/experiment/first.yaml``, a ``data/`` folder (the
CSV is copied there unless it is in the project already: a config file reads data inside
the working folder only) and a ``.gitignore`` for what runs write. Nothing is
overwritten. No TensorFlow: the table is read by pandas, its kinds decided by the rules
training uses.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlpipe.commands.terminal import say
from dlpipe.config.args import parse_args
from dlpipe.config.folders import SHIPPED
from dlpipe.errors import ConfigError

USAGE = (
    "python -m dlpipe init [folder] [csv=<file>] [target=<column>] [name=<name>]"
    " [sep=<character>] [encoding=<name>]"
)
# init's options that are data settings of the same name (written into the data config).
READING = ("sep", "encoding")
# What runs write into the folder they start from: never worth committing.
IGNORED = ("mlflow.db", "mlruns/", "outputs/", "multirun/")
# Rows read to decide the kinds of a large table's columns.
SAMPLE_ROWS = 100_000
# How a kind decided for a column is written in the data config (COLUMN_KINDS' words).
WRITTEN_KINDS = {
    "number": "number",
    "boolean": "category",
    "category": "category",
    "ordinal": "category",
    "datetime": "datetime",
}


@dataclass(frozen=True)
class Starter:
    """The files of a starter project: path (inside the folder) → text."""

    folder: Path
    files: dict[Path, str]
    copy: tuple[Path, Path] | None  # the CSV, and where it goes in data/
    notes: list[str]


def init(args: list[str]) -> int:
    """Write the starter project; print what was written and what to run next."""
    folders = [a for a in args if "=" not in a]
    if len(folders) > 1 or any(a.startswith("-") for a in folders):
        raise ConfigError(f"unexpected argument {folders[-1]!r}", where="init", hint=USAGE)
    options = parse_args([a for a in args if "=" in a], ("csv", "target", "name", *READING))
    folder = Path(folders[0] if folders else ".")
    starter = plan(folder, options)
    write(starter)
    shown = "." if folder == Path(".") else str(folder)
    for path in [*starter.files, *([starter.copy[1]] if starter.copy else [])]:
        say(f"wrote {shown}/{path.relative_to(folder).as_posix()}")
    for note in starter.notes:
        say(note)
    move = f"cd {shown} && " if shown != "." else ""
    say(f"next: {move}python -m dlpipe check experiment=first   # then without check: train")
    return 0


def plan(folder: Path, options: dict[str, str]) -> Starter:
    """What :func:`write` will write, every clash found before anything is written."""
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder} is a file", where="init", hint=f"name a folder: {USAGE}")
    files: dict[Path, str] = {}
    notes: list[str] = []
    copy = None
    if "csv" in options:
        csv = Path(options["csv"])
        name = options.get("name") or option_name(csv.name.split(".")[0])
        check_name(name)
        inside = csv.resolve().is_relative_to(folder.resolve())
        place = csv.resolve() if inside else folder.resolve() / "data" / csv.name
        if not inside:
            copy = (csv, folder / "data" / csv.name)
        relative = place.relative_to(folder.resolve()).as_posix()
        reading = {k: options[k] for k in READING if k in options}
        text, said = data_config(options["csv"], name, relative, options.get("target"), reading)
        files[folder / "conf" / "data" / f"{name}.yaml"] = text
        notes += said
        if SHIPPED.find("data", name):
            notes.append(
                f"conf/data/{name}.yaml replaces dlpipe's data config {name!r} when run from"
                f" {folder} (init ... name=<name> keeps both)"
            )
    else:
        if set(options) - {"csv"}:
            raise ConfigError(
                f"{', '.join(k + '=' for k in options)} describe a CSV",
                where="init",
                hint=f"add csv=<file>: {USAGE}",
            )
        name = "penguins"  # dlpipe's embedded table: the first run needs no file
        notes.append("data: dlpipe's embedded penguins (init csv=<file> writes one for yours)")
    for path in [*files, *([copy[1]] if copy else [])]:  # the data config and its CSV
        if path.exists():
            raise ConfigError(
                "already exists: init writes new files only",
                where=str(path),
                hint="choose another name (init ... name=<name>) or another folder",
            )
    # the project's own files: written where missing, kept where they are (a second CSV)
    for path, text in (
        (folder / "conf" / "experiment" / "first.yaml", experiment(name)),
        (folder / "data" / "README.md", DATA_README),
    ):
        if path.exists():
            notes.append(f"kept {path} (init writes new files only)")
        else:
            files[path] = text
    files[folder / ".gitignore"] = gitignore(folder / ".gitignore")
    return Starter(folder, files, copy, notes)


def write(starter: Starter) -> None:
    for path, text in starter.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if starter.copy:
        shutil.copyfile(*starter.copy)


def option_name(stem: str) -> str:
    """A group option's name from a file's: letters, digits and ``_`` (``my-data`` →
    ``my_data``), never empty."""
    name = re.sub(r"\W+", "_", stem).strip("_").lower()
    return name if name and not name[0].isdigit() else f"data_{name}".rstrip("_")


def check_name(name: str) -> None:
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise ConfigError(
            f"{name!r} is not a config name",
            where=f"name={name}",
            hint="letters, digits and _, starting with a letter: it is typed as data=<name>",
        )


def data_config(
    csv_path: str, name: str, path: str, target: str | None, reading: dict[str, str]
) -> tuple[str, list[str]]:
    """``conf/data/<name>.yaml`` for the CSV: its path, target and every column's kind."""
    from dlpipe.config.schema import DataCfg
    from dlpipe.preprocess.kinds import decide_columns

    csv = Path(csv_path)
    data = DataCfg(name=name, path=csv_path, limit=SAMPLE_ROWS, **reading)  # type: ignore[arg-type]
    frame = read_for_init(data, csv_path)
    notes = []
    if target is None:
        target = str(frame.columns[-1])
        notes.append(
            f"target: {target!r}, the last column (init ... target=<column> chooses another;"
            f" or edit conf/data/{name}.yaml)"
        )
    elif target not in frame.columns:
        from dlpipe.data.header import missing_column

        raise missing_column(target, [str(c) for c in frame.columns], f"target={target}")
    columns = decide_columns(frame, {}, target)
    sampled = f" (kinds from its first {SAMPLE_ROWS:,} rows)" if len(frame) == SAMPLE_ROWS else ""
    lines = [
        f"# {csv.name}: {len(frame):,} rows{sampled}, {len(frame.columns)} columns (dlpipe init).",
        "# Each column's kind: number (scaled), category (one-hot), datetime (calendar parts),",
        "# text (words embedded) or skip. Check it: python -m dlpipe check data=" + name,
        "defaults:",
        "  - csv",
        "  - _self_",
        f"name: {name}",
        f"path: {yaml_text(path)}",
        f"target: {yaml_text(target)}",
        *(f"{key}: {yaml_text(value)}" for key, value in reading.items()),
        "preprocess:",
        "  kinds:",
    ]
    width = max(len(yaml_text(c.name)) for c in columns) if columns else 0
    for c in columns:
        kind = WRITTEN_KINDS.get(c.kind, "skip")
        key = yaml_text(c.name) + ":"
        lines.append(f"    {key:<{width + 1}} {kind:<8}  # {c.kind}: {c.why}")
    return "\n".join(lines) + "\n", notes


def read_for_init(data: Any, csv_path: str) -> Any:
    """The table as training reads it; a mistake names init's own arguments (``csv=``,
    ``sep=``, ``encoding=``) where training's would name ``data.path`` or ``data.sep``."""
    from dlpipe.data import read_table
    from dlpipe.errors import DlpipeError

    try:
        return read_table(data)
    except DlpipeError as exc:
        if exc.where and exc.where.startswith("data.path"):
            exc.where = f"csv={csv_path}"
            hint = (exc.hint or "").replace("data.path=", "csv=")
            # (training's lookup in data/ does not apply: init reads the file it is given)
            exc.hint = (
                hint if hint and "paths.data_dir" not in hint else f"give a CSV file: {USAGE}"
            )
        elif exc.where in ("data.sep", "data.encoding"):
            exc.where = exc.where.removeprefix("data.")
            exc.hint = (
                (exc.hint or "").replace("data.sep=", "sep=").replace("data.encoding=", "encoding=")
            )
        raise


def yaml_text(value: str) -> str:
    """A plain YAML scalar when it reads back as the same text, else a quoted one."""
    import yaml

    if re.fullmatch(r"[A-Za-z_][\w./*-]*", value) and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML


def experiment(data: str) -> str:
    return f"""# @package _global_
# Your first experiment (dlpipe init): python -m dlpipe experiment=first
# Set any key of dlpipe's config here (python -m dlpipe --help lists them); a key given
# on the command line still wins: python -m dlpipe experiment=first trainer.epochs=20
defaults:
  - override /data: {data}
  - override /model: dense
  - _self_

trainer:
  epochs: 200     # a cap: early stopping ends the run once the validation loss stops improving
"""


DATA_README = """# data/

Your tables and files (`paths.data_dir`). A relative `data.path` is looked up in the
folder you run from, then here; Keras' data sets put here (`mnist.npz`, `fashion-mnist/`,
`cifar-10-batches-py/`) are read without a download.
"""


def gitignore(path: Path) -> str:
    """``.gitignore`` with what runs write, its own lines kept."""
    have = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    missing = [line for line in IGNORED if line not in have]
    head = "\n".join(have) + "\n" if have else ""
    return head + (
        "# written by runs (dlpipe init)\n" + "\n".join(missing) + "\n" if missing else ""
    )
