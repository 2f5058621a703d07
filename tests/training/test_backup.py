"""A fresh run never restores a backup it finds in its folder (only `trainer.resume` does)."""

from __future__ import annotations

from pathlib import Path

from dlpipe.training.callbacks import BACKUP_DIR, backup_callback


def test_a_fresh_run_clears_a_stale_backup_and_a_resume_keeps_it(tmp_path: Path) -> None:
    stale = tmp_path / BACKUP_DIR / "training_metadata.json"
    stale.parent.mkdir()
    stale.write_text("{}")
    backup_callback(tmp_path, fresh=False)
    assert stale.exists()
    backup_callback(tmp_path, fresh=True)
    assert not stale.exists()


def test_a_torn_backup_falls_back_to_the_previous_generation(tmp_path: Path) -> None:
    import json

    import keras

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    folder = tmp_path / BACKUP_DIR
    folder.mkdir()
    model.save_weights(folder / "prev.weights.h5")  # the last complete save
    (folder / "prev.weights.h5").rename(folder / "latest.weights.h5.bkp")
    # Cut short by SIGKILL: a readable file without the layers' weights (Keras: ValueError).
    partial = keras.Sequential([keras.Input((3,)), keras.layers.Flatten()])
    partial.save_weights(folder / "partial.weights.h5")
    (folder / "partial.weights.h5").rename(folder / "latest.weights.h5")
    (folder / "training_metadata.json.bkp").write_text(json.dumps({"epoch": 4}))
    (folder / "training_metadata.json").write_text(json.dumps({"epoch": 5}))
    callback = backup_callback(tmp_path, fresh=False)
    callback.set_model(model)
    callback.on_train_begin()
    assert model._initial_epoch == 4
