"""SIGTERM during training becomes an interrupt (so the run ends KILLED), only while inside."""

from __future__ import annotations

import os
import signal

import pytest

from dlpipe.train.runtime import Terminated, interrupt_on_sigterm


def test_sigterm_raises_terminated_inside_and_handler_is_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt) as caught, interrupt_on_sigterm():
        os.kill(os.getpid(), signal.SIGTERM)
        pytest.fail("SIGTERM did not interrupt")
    assert isinstance(caught.value, Terminated)
    assert caught.value.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before
