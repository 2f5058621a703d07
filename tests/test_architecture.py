"""The pipeline's layers hold: cli -> commands -> stages -> config -> errors, with no cycles.

The contracts live in pyproject.toml (`tool.importlinter`); `make lint` runs them too. This
test keeps them in CI, which runs only `make test`.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from conftest import REPO


def test_import_contracts_hold() -> None:
    from importlinter.cli import lint_imports

    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        code = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True)
    assert code == 0, report.getvalue()


def test_src_type_checks_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    """mypy over src/ with pyproject.toml's settings (no module is exempt)."""
    from mypy import api

    monkeypatch.chdir(REPO)
    out, err, code = api.run([])
    assert code == 0, out + err
