"""``dlpipe export run=<run id or folder> format=savedmodel|tflite|onnx [output=<folder>]``.

The run's trained model in a deployable format, with its preprocessing described beside
it (``preprocessing.json``: the input's order and every fitted value) and a README saying
how to load it. Before it says done, the export is read back by its format's own runtime
and must predict what the run's Keras model predicts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from dlpipe.commands.terminal import say
from dlpipe.config.args import parse_args, switch
from dlpipe.errors import ConfigError, DlpipeError

USAGE = (
    "python -m dlpipe export run=<run id or folder> format=savedmodel|tflite|onnx [output=<folder>]"
)
DESCRIPTION_FILE = "preprocessing.json"
README_FILE = "README.md"
AGREES = 1e-4  # the largest difference from Keras' predictions an export may show


def export_command(args: list[str]) -> int:
    """Export, check the export against the run, and say where it is."""
    from dlpipe.commands.predict import load_run
    from dlpipe.model.export import check_export, export_format, write_export

    options = parse_args(args, ("run", "format", "output", "overwrite", "tracking.uri"))
    for key in ("run", "format"):
        if not options.get(key):
            raise ConfigError("required", where=key, hint=USAGE)
    name = options["format"].strip().lower()
    run = options["run"]
    folder = Path(options.get("output") or Path("exports") / f"{Path(run).name}-{name}")
    overwrite = options.get("overwrite", "false").strip().lower()
    if name == "notebook":
        return export_notebook(run, options.get("tracking.uri"), folder, overwrite)
    chosen = export_format(name)  # an unknown format or a missing extra: before any work
    targets = [folder / chosen.file, folder / DESCRIPTION_FILE, folder / README_FILE]
    replace = check_output(folder, targets, overwrite)
    loaded = load_run(run, options.get("tracking.uri"))
    try:
        model = loaded.model
        parts = folder.parent / f".{folder.name}.part"
        shutil.rmtree(parts, ignore_errors=True)
        parts.mkdir(parents=True)
        try:
            path = write_export(model, name, parts)
            difference = check_export(model, path, name)
            if difference > AGREES:
                raise DlpipeError(
                    f"format={name}: the export predicts up to {difference:.2g} away from the"
                    " run's model on the same inputs; it was not kept",
                    where="format",
                    hint="try format=savedmodel (TensorFlow's own format)",
                )
            shape = tuple(int(d) for d in model.input_shape[1:])
            write_description(parts, loaded, shape, name, chosen.runtime, difference)
            place(parts, folder, targets, replace)
        finally:
            shutil.rmtree(parts, ignore_errors=True)
    finally:
        loaded.close()
    say(f"exported {loaded.source} as {name} → {folder / chosen.file}")
    say(
        f"checked: it predicts as the run's model (largest difference {difference:.1e} on 8"
        f" inputs); how to feed it: {folder / README_FILE}, {folder / DESCRIPTION_FILE}"
    )
    return 0


def export_notebook(run: str, uri: str | None, folder: Path, overwrite: str) -> int:
    """``format=notebook``: the run as the plain notebook a student writes by hand."""
    from dlpipe.commands.notebook import NOTEBOOK_FILE, write_notebook
    from dlpipe.commands.predict import load_run

    target = folder / NOTEBOOK_FILE
    check_output(folder, [target], overwrite)
    loaded = load_run(run, uri)
    try:
        parts = folder.parent / f".{folder.name}.part"
        shutil.rmtree(parts, ignore_errors=True)
        parts.mkdir(parents=True)
        try:
            write_notebook(loaded, parts)
            folder.mkdir(parents=True, exist_ok=True)
            for made in parts.iterdir():  # the notebook, and a copy of an embedded table
                if made.name == NOTEBOOK_FILE and target.exists():
                    target.unlink()  # (only with overwrite=true: checked above)
                made.replace(folder / made.name)
        finally:
            shutil.rmtree(parts, ignore_errors=True)
    finally:
        loaded.close()
    say(f"wrote {loaded.source} as a plain notebook → {target}")
    say(
        "it needs pandas, scikit-learn and Keras only; run all its cells (on a CPU, with the"
        " same seed, it reaches the run's test metrics)"
    )
    return 0


def check_output(folder: Path, targets: list[Path], overwrite: str) -> bool:
    """The export's folder: a folder (or nothing yet), its files replaced only when told
    (``overwrite=true``, returned)."""
    replace = switch(
        overwrite, "overwrite", "overwrite=true replaces an earlier export in the same folder"
    )
    if folder.exists() and not folder.is_dir():
        raise ConfigError(
            f"{folder} is a file", where="output", hint="give a folder, e.g. output=exports/mine"
        )
    there = [t for t in targets if t.exists()]
    if there and not replace:
        raise ConfigError(
            f"{there[0]} already exists; dlpipe does not replace files unless told to",
            where="output",
            hint="give another folder (output=...), or add overwrite=true to replace it",
        )
    return replace


def place(parts: Path, folder: Path, targets: list[Path], overwrite: bool) -> None:
    """Move the checked files into ``folder`` (the folder's other files stay)."""
    folder.mkdir(parents=True, exist_ok=True)
    for target in targets:
        if overwrite and target.exists():
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        (parts / target.name).replace(target)


def write_description(
    folder: Path, loaded: Any, shape: tuple[int, ...], name: str, runtime: str, difference: float
) -> None:
    """``preprocessing.json`` and a README: what goes in, what comes out, how to load it."""
    from dlpipe.preprocess.described import describe_preprocessing

    described = describe_preprocessing(loaded.preprocessor, shape)
    (folder / DESCRIPTION_FILE).write_text(
        json.dumps(described, indent=1, ensure_ascii=False, allow_nan=False) + "\n",
        encoding="utf-8",
    )
    (folder / README_FILE).write_text(readme(loaded, described, name, runtime, difference), "utf-8")


def readme(loaded: Any, described: dict[str, Any], name: str, runtime: str, diff: float) -> str:
    """The README beside an export, for whoever deploys it."""
    order = described["input_order"]
    classes = described["classes"]
    outputs = (
        f"one probability per class, in this order: {', '.join(map(str, classes))}"
        if classes and len(classes) > 2
        else f"the probability of '{classes[-1]}' (else '{classes[0]}')"
        if classes
        else "the predicted value, in the target's own units"
    )
    lines = [
        f"# The model of {loaded.source}, as {name}",
        "",
        f"Written by `python -m dlpipe export format={name}`; read back by its runtime and",
        f"compared with the run's Keras model: largest difference {diff:.1e}.",
        "",
        f"- Load: `{runtime}`",
        f"- Input: float32, shape {tuple(described['input_shape'])} — the numbers dlpipe's"
        f" {described['kind']} preprocessing makes, not raw data.",
        f"- Output: {outputs}.",
        "",
        f"`{DESCRIPTION_FILE}` holds that preprocessing: each column's kind and use, and every"
        " setting and fitted value (scaling means and scales, one-hot categories, vocabularies).",
        "`python -m dlpipe predict run=... input=<raw file>` applies it for you.",
    ]
    if order:
        lines += ["", "## Input columns, in order", "", *(f"{i}. {c}" for i, c in enumerate(order))]
    return "\n".join(lines) + "\n"
