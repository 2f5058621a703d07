"""SIGTERM during training becomes an interrupt (so the run ends KILLED), only while inside."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from conftest import run_python
from dlpipe.training.runtime import Terminated, interrupt_on_sigterm


def test_sigterm_raises_terminated_inside_and_handler_is_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt) as caught, interrupt_on_sigterm():
        os.kill(os.getpid(), signal.SIGTERM)
        pytest.fail("SIGTERM did not interrupt")
    assert isinstance(caught.value, Terminated)
    assert caught.value.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before


LONG_LIVED = """
import gc, json, weakref
from dlpipe.training.runtime import long_lived

full = []
gc.callbacks.append(lambda phase, info: phase == "stop" and full.append(info["generation"]))

class Node:
    pass

def grow(n):  # objects that stay, enough for full collections by the default thresholds
    return [[i] for i in range(n)]

before = gc.get_threshold()
with long_lived():
    cycle = Node()
    cycle.self = cycle
    young = weakref.ref(cycle)
    del cycle
    kept = grow(300_000)
    inside = list(full)
frozen = gc.get_freeze_count()
full.clear()
more = grow(300_000)
print(json.dumps({
    "inside": inside, "after": full, "young_freed": young() is None,
    "frozen": frozen, "restored": gc.get_threshold() == before, "enabled": gc.isenabled(),
}))
"""


def test_long_lived_collects_young_cycles_but_no_full_collection_then_freezes() -> None:
    result = run_python(LONG_LIVED)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert 2 not in seen["inside"]  # no full collection while start-up objects are made
    assert 0 in seen["inside"]  # young collections go on
    assert seen["young_freed"]  # … and free a cycle dropped meanwhile
    assert seen["frozen"] > 300_000  # what was made is out of later collections' sight
    assert seen["restored"] and seen["enabled"]
    assert 2 in seen["after"]  # afterwards the default thresholds are back


def test_a_sigterm_swallowed_by_library_code_still_stops_training_at_the_next_batch() -> None:
    """The signal's exception can land in code that drops it (a ``__del__``, a broad
    ``except``): the training stops all the same, before another epoch is trained."""
    import keras
    import numpy as np

    from dlpipe.training.callbacks import stop_when_terminated

    class SwallowingLibrary(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: object = None) -> None:
            if epoch == 1:
                try:
                    os.kill(os.getpid(), signal.SIGTERM)
                    time.sleep(0.05)
                except BaseException:  # what a careless library does
                    pass

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.zeros((8, 3)), np.zeros((8, 1))
    with pytest.raises(KeyboardInterrupt) as caught, interrupt_on_sigterm() as termination:
        history = keras.callbacks.History()
        model.fit(
            x,
            y,
            epochs=50,
            batch_size=4,
            verbose=0,
            callbacks=[history, SwallowingLibrary(), stop_when_terminated(termination)],
        )
    assert isinstance(caught.value, Terminated)
    assert termination.signum == signal.SIGTERM
    assert len(history.history["loss"]) == 2  # stopped at the end of the epoch it came in
