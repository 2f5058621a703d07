"""The train command's closing lines: how to look at the run's store."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO
from dlpipe.commands.train import make_ui_opens


def test_make_ui_is_named_only_where_it_opens_the_runs_store(tmp_path: Path) -> None:
    here = f"sqlite:///{(tmp_path / 'mlflow.db').resolve()}"
    assert not make_ui_opens(here, tmp_path)  # no Makefile: a folder of the user's
    (tmp_path / "Makefile").write_text("ui:\n\techo someone else's\n")
    assert not make_ui_opens(here, tmp_path)
    shutil.copyfile(REPO / "Makefile", tmp_path / "Makefile")  # dlpipe's checkout
    assert make_ui_opens(here, tmp_path)
    assert not make_ui_opens(f"sqlite:///{tmp_path / 'other.db'}", tmp_path)
    assert not make_ui_opens("postgresql://u@127.0.0.1/runs", tmp_path)
