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


# (safety.py names what it refuses; korean.py holds the messages that say so, in Korean)
SOURCES = [p for p in (REPO / "src").rglob("*.py") if p.name not in ("safety.py", "korean.py")]


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


# --- Hydra's own subtree: an allow-list, from the command line and from files alike ---

HYDRA_ATTACKS = [
    # callbacks are instantiated by Hydra before any dlpipe check: any callable runs
    (
        ["+hydra.callbacks.a._target_=pathlib.Path.touch", "+hydra.callbacks.a._args_=[x]"],
        "hydra.callbacks.a._target_",
    ),
    # environment of the processes Hydra starts: enough to run a command
    (["+hydra.job.env_set.LD_PRELOAD=/tmp/x.so"], "hydra.job.env_set.LD_PRELOAD"),
    # logging's dictConfig: '()' calls a factory; handlers write any file
    (
        ["+hydra.job_logging.handlers.x.filename=/tmp/x.log"],
        "hydra.job_logging.handlers.x.filename",
    ),
    (["hydra.job_logging.root.level=DEBUG"], "hydra.job_logging.root.level"),
    (["hydra.output_subdir=/tmp/elsewhere"], "hydra.output_subdir"),
    (["hydra.searchpath=[file:///tmp]"], "hydra.searchpath"),
    (["hydra.launcher._target_=os.system"], "hydra.launcher._target_"),
    (
        ["hparams_search=dense_optuna", "+hydra.sweeper.params._target_=os.system"],
        "hydra.sweeper.params._target_",
    ),
]


@pytest.mark.parametrize(("overrides", "where"), HYDRA_ATTACKS)
def test_hydra_settings_outside_the_allow_list_are_refused(
    overrides: list[str], where: str
) -> None:
    error = _reject(overrides)
    assert error.where == where
    assert "not allowed" in error.message


@pytest.mark.parametrize(
    "overrides",
    [
        ["hydra/launcher=joblib", "hydra.launcher.n_jobs=2", "hydra.run.dir=here"],
        ["hparams_search=dense_optuna", "hydra.sweeper.n_trials=3"],
        ["experiment=sweep_lr_batch", "hydra.sweep.dir=grid", "hydra.sweep.subdir=job"],
        ["hydra/job_logging=none", "hydra.verbose=true"],
        ["hydra.output_subdir=null"],  # no .hydra/ folder: writes nothing
    ],
)
def test_the_documented_hydra_settings_stay_allowed(overrides: list[str]) -> None:
    check_config(compose(overrides))


EVIL_EXPERIMENT = """# @package _global_
# looks like coursework; Hydra would touch ./pwned before dlpipe's checks
hydra:
  callbacks:
    a:
      _target_: pathlib.Path.touch
      _args_: [pwned]
trainer:
  epochs: 1
"""


@pytest.mark.parametrize("verb", [[], ["check"]])
def test_an_experiment_file_with_hydra_callbacks_runs_nothing_and_check_says_so(
    own_conf: Path, tmp_path: Path, verb: list[str], cli_here
) -> None:
    (own_conf / "experiment" / "shared.yaml").write_text(EVIL_EXPERIMENT)

    result = cli_here(*verb, "experiment=shared", "debug=fast")

    assert result.code == 2, result.text
    assert "hydra.callbacks.a._target_: this Hydra setting is not allowed" in result.err
    assert "Traceback" not in result.text
    assert not (tmp_path / "pwned").exists()


# --- interpolations: a config never reads the environment ---


@pytest.mark.parametrize(
    ("override", "where"),
    [
        ("tracking.run_name=${oc.env:AWS_SECRET_ACCESS_KEY,x}", "tracking.run_name"),
        ("+data.note=prefix-${oc.env:AWS_SECRET_ACCESS_KEY}", "data.note"),
        ("hydra.run.dir=${oc.env:HOME}", "hydra.run.dir"),
    ],
)
def test_environment_variables_never_reach_the_config(
    override: str, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "hunter2-secret")
    error = _reject([override])
    assert error.where == where
    assert "environment" in error.message
    assert "hunter2-secret" not in str(error)


def test_other_outside_resolvers_are_refused_and_own_references_are_fine() -> None:
    error = _reject(['+data.note=${oc.decode:"[1,2]"}'])
    assert error.where == "data.note" and "oc.decode" in error.message
    check_config(compose(["tracking.run_name=run-${seed}"]))


def test_an_escaped_interpolation_is_text() -> None:
    from dlpipe.config.safety import check_interpolations

    check_interpolations({"tracking": {"run_name": "\\${oc.env:HOME}"}})


# --- YAML tags never construct objects; a file YAML cannot read is named with its line ---


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('epochs: !!python/object/apply:os.system ["touch pwned"]', "'!!python/object/apply"),
        ("epochs: !custom 3", "the YAML tag '!custom' is not allowed"),
        ("epochs: [1, 2", "the YAML cannot be read"),
    ],
)
def test_an_experiment_file_that_is_not_plain_yaml_is_one_message_naming_its_line(
    own_conf: Path, tmp_path: Path, text: str, says: str, cli_here
) -> None:
    (own_conf / "experiment" / "shared.yaml").write_text(
        f"# @package _global_\ntrainer:\n  {text}\n"
    )
    for verb in ([], ["check"]):
        result = cli_here(*verb, "experiment=shared", "debug=fast")
        assert result.code == 2, result.text
        assert "shared.yaml, line " in result.err and says in result.err
        assert "hint:" in result.err and "Traceback" not in result.text
    assert not (tmp_path / "pwned").exists()
