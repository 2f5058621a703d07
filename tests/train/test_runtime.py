"""SIGTERM during training becomes an interrupt (so the run ends KILLED), only while inside."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator

import pytest

from conftest import run_python
from dlpipe.train.runtime import Terminated, interrupt_on_sigterm, signals_held


def test_sigterm_raises_terminated_inside_and_handler_is_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt) as caught, interrupt_on_sigterm():
        os.kill(os.getpid(), signal.SIGTERM)
        pytest.fail("SIGTERM did not interrupt")
    assert isinstance(caught.value, Terminated)
    assert caught.value.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.fixture
def interactive() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt, as in a terminal, even when the suite was started
    in the background or under nohup (which leave SIGINT ignored)."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.mark.usefixtures("interactive")
def test_signals_held_act_once_the_block_is_done() -> None:
    """A message to the recorder is written whole: Ctrl-C or SIGTERM wait for its end."""
    finished = []
    with pytest.raises(KeyboardInterrupt) as caught, interrupt_on_sigterm():
        with signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)  # (delivered meanwhile: held)
            finished.append("the whole message")
        pytest.fail("the held SIGTERM was lost")
    assert finished == ["the whole message"]
    assert isinstance(caught.value, Terminated)
    with pytest.raises(KeyboardInterrupt), signals_held():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        finished.append("again")
    assert finished[-1] == "again"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_ignored_ctrl_c_stays_ignored_while_signals_are_held() -> None:
    """Under nohup (SIGINT ignored) a held block neither catches nor re-raises Ctrl-C."""
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with signals_held():
            assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)


LONG_LIVED = """
import gc, json, weakref
from dlpipe.train.runtime import long_lived

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

    from dlpipe.train.callbacks import stop_when_terminated

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
