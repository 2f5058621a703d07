"""`debug=fast` and `debug=overfit`: presets for quick checks, the same for users and tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dlpipe.commands.check import check_config
from dlpipe.config import compose


def test_fast_is_two_epochs_on_at_most_2000_samples_and_the_command_line_wins() -> None:
    cfg = check_config(compose(["debug=fast"]))
    assert (cfg.trainer.epochs, cfg.data.limit) == (2, 2000)
    assert check_config(compose(["debug=fast", "trainer.epochs=5"])).trainer.epochs == 5


def test_fast_shrinks_an_experiment_too() -> None:
    cfg = check_config(compose(["experiment=mnist_cnn", "debug=fast"]))
    assert cfg.model.name == "cnn" and cfg.trainer.epochs == 2


def test_overfit_turns_early_stopping_off_even_when_the_experiment_sets_it() -> None:
    cfg = check_config(compose(["experiment=xor_dense", "debug=overfit"]))
    assert cfg.callbacks.early_stopping is None and cfg.callbacks.checkpoint is None
    assert (cfg.trainer.epochs, cfg.data.limit) == (100, 256)


def test_an_unknown_preset_names_the_options() -> None:
    from dlpipe.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        compose(["debug=fas"])
    assert "'fast'" in (caught.value.hint or "") and "overfit" in (caught.value.hint or "")


@pytest.mark.slow
def test_overfit_memorises_a_small_table_and_beats_the_majority_class(
    penguins_csv: Path, tmp_path: Path
) -> None:
    from dlpipe.commands.context import RunContext
    from dlpipe.commands.train import train

    overrides = [
        f"data.path={penguins_csv}",
        "debug=overfit",
        "tracking.enabled=false",
        "trainer.verbose=0",
        f"paths.root_dir={tmp_path}",  # outside a Hydra app, ${hydra:...} cannot resolve
        f"paths.output_dir={tmp_path}/out",
    ]
    result = train(check_config(compose(overrides)), RunContext(output_dir=tmp_path / "out"))
    majority = pd.read_csv(penguins_csv)["species"].value_counts(normalize=True).max()
    assert result["epochs"] == 100  # no early stopping
    assert result["metrics"]["test_accuracy"] > majority
