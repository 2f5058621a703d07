"""The comparison plot of `dlpipe compare plot=…`."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from dlpipe.track import plots
from dlpipe.track.compare import comparison_plot


def test_run_names_no_font_here_can_draw_are_shown_as_run_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plots, "FALLBACK_FONTS", ())  # as on a machine without a Korean font
    table = pd.DataFrame(
        {"run": ["실험 1", "baseline"], "id": ["0123abcd", "4567ef01"], "test_loss": [0.2, 0.3]}
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = comparison_plot(table, "test_loss", tmp_path / "compare.png")
    assert path.read_bytes()[:4] == b"\x89PNG"
    assert not [w for w in caught if "missing from font" in str(w.message)]
