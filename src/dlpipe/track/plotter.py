"""A run's plots drawn beside the recorder process, so that the end of a run draws them
while the recorder logs the models.

The plotter is a copy of the recorder process (``os.fork``) made once its warm-up has
imported and set up matplotlib: it starts in milliseconds, shares the recorder's memory
until it writes, and only draws PNGs into the run's output folder (it never touches the
store; the recorder uploads what it drew). At the fork the recorder has one thread and
no write in progress.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Pipe
from pathlib import Path
from typing import Any


class Plotter:
    """The recorder's side: hand over plots to draw, collect what was drawn."""

    def __init__(self, close_in_child: Iterable[Any] = ()) -> None:
        """Fork the plotter; ``close_in_child``: connections the copy must not hold open
        (the training's pipe: the training must see the recorder's end when it goes)."""
        mine, theirs = Pipe()
        pid = os.fork()
        if pid == 0:  # the plotter
            try:
                mine.close()
                for conn in close_in_child:
                    conn.close()
                _draw_until_closed(theirs)
            finally:
                os._exit(0)
        theirs.close()
        self._conn, self._pid, self._pending = mine, pid, 0

    def submit(self, plots: Any) -> None:
        """Draw a :class:`~dlpipe.track.plots.PlotRecord` (returns at once)."""
        self._conn.send(plots)
        self._pending += 1

    def drawn(self) -> Iterator[list[Path] | str]:
        """For each plot record submitted since the last call, in order, the files drawn
        or why they could not be (waits for the plotter to finish them)."""
        while self._pending:
            try:
                result = self._conn.recv()
            except (EOFError, OSError):
                result = "the plotter process ended unexpectedly"
            self._pending -= 1
            yield result

    def stop(self) -> None:
        """End the plotter (it exits when its pipe closes) and reap it."""
        self._conn.close()
        os.waitpid(self._pid, 0)


def start_plotter(close_in_child: Iterable[Any] = ()) -> Plotter | None:
    """A plotter, or None where processes cannot fork (plots are then drawn in place)."""
    if not hasattr(os, "fork"):
        return None
    return Plotter(close_in_child)


def _draw_until_closed(conn: Any) -> None:
    from dlpipe.track.plots import draw

    while True:
        try:
            plots = conn.recv()
        except EOFError:
            return
        try:
            conn.send(draw(plots))
        except Exception as exc:
            conn.send(f"{type(exc).__name__}: {exc}")
