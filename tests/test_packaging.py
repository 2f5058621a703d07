"""dlpipe installs as a package: the wheel carries conf/ and works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO


def test_the_wheel_carries_the_configs_and_checks_from_an_installed_copy(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("dlpipe-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    assert "dlpipe/conf/config.yaml" in names
    assert "dlpipe/conf/data/penguins.yaml" in names
    assert "dlpipe/conf/experiment/titanic_dense.yaml" in names  # (conf/experiment is a link)
    assert any(n.endswith("entry_points.txt") for n in names)
    assert not (site / "dlpipe" / "conf").is_symlink()

    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import dlpipe.config as c; print(c.CONFIG_DIR); from dlpipe.cli import main; main(['check'])",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert str(site / "dlpipe" / "conf") in proc.stdout
    assert "config OK: data=penguins" in proc.stdout
