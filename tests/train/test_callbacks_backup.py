"""Where the resumable training state lives and how a run tells that it has one."""

from __future__ import annotations

from pathlib import Path

from dlpipe.train.callbacks import has_backup


def test_has_backup_accepts_current_or_previous_state(tmp_path: Path) -> None:
    assert not has_backup(tmp_path / "backup")
    (tmp_path / "backup").mkdir()
    assert not has_backup(tmp_path / "backup")
    (tmp_path / "backup" / "training_metadata.json.bkp").write_text('{"epoch": 3}')
    assert has_backup(tmp_path / "backup")
