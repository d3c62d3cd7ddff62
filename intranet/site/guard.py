"""Rendering a page under a guard: a renderer that fails or runs past its time budget on
hostile Markdown becomes a finding naming the page, never a traceback or a hang. The
checker refuses the Markdown known to be slow; this is the backstop for what it does not
know yet."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

from intranet.errors import IntranetError, error

T = TypeVar("T")
DEFAULT_SECONDS = 10.0
_FIX = ("simplify the Markdown (very long runs of brackets or deeply nested lists are the "
        "usual cause) or split the page")


class _Overrun(BaseException):
    """A BaseException, so that no `except Exception` inside a renderer can swallow it."""


def _overrun(signum: int, frame: FrameType | None) -> None:
    raise _Overrun


def within_budget(path: str, seconds: float, work: Callable[[], T]) -> T:
    """`work()`, or IntranetError naming `path` if it raises or takes over `seconds`."""
    timed = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _overrun) if timed else None
    try:
        if timed:
            # Fires again every second, should a renderer catch it and carry on.
            signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
        return work()
    except _Overrun:
        raise IntranetError([error(path, 0, 0, "render-timeout", f"rendering this page took "
                                   f"longer than {seconds:g} s, so the build stopped it; "
                                   + _FIX)]) from None
    except Exception as exc:  # whatever the renderer raised, RecursionError included
        raise IntranetError([error(path, 0, 0, "render-failed", "rendering this page failed "
                                   f"({type(exc).__name__}: {_first_line(exc)}); "
                                   + _FIX)]) from None
    finally:
        if timed:
            signal.signal(signal.SIGALRM, signal.SIG_IGN)  # a late tick is too late now
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous or signal.SIG_DFL)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or ["no message"])[0][:200]
