"""Configs cannot import or run Python code; paths are taken literally; servers stay local."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO
from dlpipe.commands.check import check_config
from dlpipe.config import compose, validate
from dlpipe.config.keras_names import EXCLUDED_LAYERS
from dlpipe.config.safety import check_safety
from dlpipe.errors import DataError, DlpipeError


def _reject(overrides: list[str]) -> DlpipeError:
    with pytest.raises(DlpipeError) as caught:
        check_config(compose(overrides))  # what every verb runs: the model's layers too
    return caught.value


@pytest.mark.parametrize(
    ("override", "where"),
    [
        ("+_target_=os.system", "_target_"),
        ("+optimizer._target_=os.system", "optimizer._target_"),
        ("+data.preprocess.replace.sex._target_=os.system", "data.preprocess.replace.sex._target_"),
        ("model.layers=[{type:Dense,units:2,_target_:os.system}]", "model.layers[0]._target_"),
        ("model.layers=[{type:Dense,units:2,_partial_:true}]", "model.layers[0]._partial_"),
    ],
)
def test_instantiate_keys_are_rejected_anywhere(override: str, where: str) -> None:
    error = _reject([override])
    assert error.where == where
    assert "cannot import or call" in error.message


def test_keras_object_by_module_is_rejected_in_layer_arguments() -> None:
    error = _reject(
        [
            "model.layers=[{type:Dense,units:2,kernel_regularizer:"
            "{module:builtins,class_name:eval,config:{}}}]"
        ]
    )
    assert error.where == "model.layers[0].kernel_regularizer.module"


def test_plain_keras_names_in_layer_arguments_are_fine() -> None:
    check_safety({"model": {"layers": [{"type": "Dense", "kernel_regularizer": "l2"}]}})


@pytest.mark.parametrize("layer", sorted(EXCLUDED_LAYERS))
def test_code_running_layers_are_not_allowed(layer: str) -> None:
    error = _reject([f"model.layers=[{{type:{layer}}}]"])
    assert error.where == "model.layers[0]"


@pytest.mark.parametrize(
    "path", ["~/dlpipe-nothing.csv", "$HOME/dlpipe-nothing.csv", "$(touch pwned).csv"]
)
def test_data_paths_are_not_shell_expanded(path: str, tmp_path: Path, monkeypatch) -> None:
    from dlpipe.data.header import table_path

    monkeypatch.chdir(tmp_path)
    cfg = validate(compose([f"data.path='{path}'"]))
    with pytest.raises(DataError) as caught:
        table_path(cfg.data)
    assert path in str(caught.value)
    assert not (tmp_path / "pwned").exists()


def test_a_literal_tilde_folder_is_read_as_written(tmp_path: Path, monkeypatch) -> None:
    from dlpipe.data.header import table_path

    (tmp_path / "~").mkdir()
    (tmp_path / "~" / "d.csv").write_text("a,b\n1,2\n")
    monkeypatch.chdir(tmp_path)
    cfg = validate(compose(["data.path='~/d.csv'"]))
    assert table_path(cfg.data) == Path("~/d.csv")


SOURCES = [p for p in (REPO / "src").rglob("*.py") if p.name != "safety.py"]


def _code(pattern: str) -> list[str]:
    hits = []
    for path in SOURCES:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(pattern, line) and not line.lstrip().startswith("#"):
                hits.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    return hits


def test_no_code_instantiates_or_executes_config_values() -> None:
    # Our Optuna sweeper registers with Hydra the way every Hydra plugin does: a fixed
    # `_target_` naming our own class in its ConfigStore schema (not user config).
    plugin = "src/hydra_plugins/dlpipe_optuna_sweeper/config.py"
    hits = _code(r"\binstantiate\(|_target_|\beval\(|\bexec\(|shell=True|os\.system|os\.popen")
    assert [h for h in hits if not h.startswith(plugin + ":")] == []
    assert len([h for h in hits if h.startswith(plugin + ":")]) == 1
    assert _code(r"expanduser|expandvars") == []


def test_saved_models_are_loaded_in_safe_mode() -> None:
    for path in SOURCES:
        # Each call's text runs to the end of its statement (calls may span lines).
        # `(?<!_)`: Keras' private `_load_model()` restores a backup, not a saved model.
        for call in re.split(r"(?<!_)load_model\(", path.read_text())[1:]:
            statement = call.split(")\n")[0]
            assert "safe_mode=True" in statement, f"{path}: load_model({statement})"


def test_servers_bind_localhost() -> None:
    files = [*SOURCES, REPO / "Makefile", *(REPO / "conf").rglob("*.yaml")]
    for path in files:
        assert "0.0.0.0" not in path.read_text(), path
    assert "--host 127.0.0.1" in (REPO / "Makefile").read_text()
