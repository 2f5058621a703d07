"""Where the resumable training state lives and how a run tells that it has one."""

from __future__ import annotations

from pathlib import Path

from dlpipe.training.callbacks import has_backup


def test_has_backup_accepts_current_or_previous_state(tmp_path: Path) -> None:
    assert not has_backup(tmp_path / "backup")
    (tmp_path / "backup").mkdir()
    assert not has_backup(tmp_path / "backup")
    (tmp_path / "backup" / "training_metadata.json.bkp").write_text('{"epoch": 3}')
    assert has_backup(tmp_path / "backup")


def test_the_epochs_kept_beside_the_backup_survive_a_torn_line_and_a_retrained_epoch(
    tmp_path: Path,
) -> None:
    from dlpipe.training.callbacks import EPOCHS_FILE, append_epoch, read_epochs

    folder = tmp_path / "backup"
    assert read_epochs(folder) == []
    append_epoch(folder, 0, {"loss": 0.9})
    append_epoch(folder, 1, {"loss": 0.8})
    append_epoch(folder, 1, {"loss": 0.7})  # trained again after a restore: this one counts
    with open(folder / EPOCHS_FILE, "a") as f:
        f.write('{"step": 2, "at_ms": 1, "metr')  # cut by a kill mid-write
    epochs = read_epochs(folder)
    assert [(e.step, e.metrics) for e in epochs] == [(0, {"loss": 0.9}), (1, {"loss": 0.7})]
    assert all(e.at_ms > 0 for e in epochs)
