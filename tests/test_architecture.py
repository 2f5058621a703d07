"""The pipeline's layers hold: cli -> commands -> stages -> config -> errors, with no cycles.

The contracts live in pyproject.toml (`tool.importlinter`); `make lint` runs them too. This
test keeps them in CI, which runs only `make test`.
"""

from __future__ import annotations

import contextlib
import io

from conftest import REPO


def test_import_contracts_hold() -> None:
    from importlinter.cli import lint_imports

    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        code = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True)
    assert code == 0, report.getvalue()
