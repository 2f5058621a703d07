"""A fresh run never restores a backup it finds in its folder (only `trainer.resume` does)."""

from __future__ import annotations

from pathlib import Path

from dlpipe.train.callbacks import BACKUP_DIR, backup_callback


def test_a_fresh_run_clears_a_stale_backup_and_a_resume_keeps_it(tmp_path: Path) -> None:
    stale = tmp_path / BACKUP_DIR / "training_metadata.json"
    stale.parent.mkdir()
    stale.write_text("{}")
    backup_callback(tmp_path, fresh=False)
    assert stale.exists()
    backup_callback(tmp_path, fresh=True)
    assert not stale.exists()
