"""What the verbs print of data from a store or a run folder: control characters escaped.

Run names, parameters, class names and column names come from files and stores other
people may have written; :func:`~dlpipe.errors.printable` keeps their escape sequences
from acting on the user's terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dlpipe.errors import printable

if TYPE_CHECKING:
    import pandas as pd


def say(text: str) -> None:
    """Print a line of a verb's own output (control characters escaped), in Korean when
    Korean is chosen (``DLPIPE_LANG=ko`` or the locale); names and values are kept."""
    from dlpipe.korean import korean, translated

    print(printable(translated(text) if korean() else text))


def table_text(frame: pd.DataFrame, **to_string: Any) -> str:
    """``frame.to_string(**to_string)`` with every text cell and column name on one line
    and its control characters escaped."""

    def cell(value: Any) -> Any:
        return printable(value, newlines=False) if isinstance(value, str) else value

    shown = frame.map(cell)
    shown.columns = [cell(str(c)) for c in frame.columns]
    return shown.to_string(**to_string)
