"""Work started now and collected later, so that git can work in its own process while
Python goes on with what does not depend on it: the audit reads every moderation record
(tens of thousands of tags on a long history) while it walks main. The thread mostly
waits for git, which leaves Python free, and is a daemon: a walk that fails never waits
for work it no longer needs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Soon(Generic[T]):
    """`work()` running in the background; `result()` waits for it and returns what it
    returned, or raises what it raised."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._value: list[T] = []  # empty until the work has returned
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value.append(self._work())
        except BaseException as exc:  # handed to whoever collects the result
            self._error = exc

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value[0]
