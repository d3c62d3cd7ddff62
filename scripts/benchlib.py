"""What every scripts/bench section shares: reports, goal checks and measuring a child
process by its own resource usage."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import benchgen

TODAY = benchgen.TODAY.isoformat()
SEED = 2026
STDERR_TAIL = 40  # lines of a failed build's stderr worth showing

Value = float | int | str


@dataclass(frozen=True)
class Check:
    """One derived number, compared with its goal when it has one."""

    label: str
    value: float
    goal: float | None = None  # an upper bound; None: shown for information only

    @property
    def status(self) -> str:
        if self.goal is None:
            return ""
        return "ok" if self.value <= self.goal else "MISSED"


@dataclass
class Report:
    section: str
    title: str
    columns: tuple[str, ...]
    rows: list[dict[str, Value]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


class BuildFailed(Exception):
    def __init__(self, what: str, stderr: str) -> None:
        super().__init__(what)
        self.what, self.stderr = what, stderr


@dataclass(frozen=True)
class Child:
    cpu: float  # user + sys seconds of the child alone
    wall: float
    peak_mib: float
    returncode: int


def measure(cmd: list[str], cwd: Path, errors: Path, ok: tuple[int, ...] = (0,),
            stdin: bytes | None = None) -> Child:
    """Run `cmd` as a child process. os.wait4 reports that child's own rusage, so nothing
    else this process started (or earlier runs) leaks into the numbers."""
    env = {
        **os.environ,
        "INTRANET_TODAY": TODAY,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    with errors.open("wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=sink,
            stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
        )
        if stdin is not None and child.stdin is not None:
            child.stdin.write(stdin)
            child.stdin.close()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # Popen must not reap it again
    if child.returncode not in ok:
        tail = errors.read_text(encoding="utf-8", errors="replace").splitlines()[-STDERR_TAIL:]
        raise BuildFailed(f"{' '.join(cmd[:4])} exited with {child.returncode}", "\n".join(tail))
    # ru_maxrss is in KiB on Linux
    return Child(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, child.returncode)


def progress(message: str) -> None:
    """Builds take minutes: say what finished, on stderr so stdout stays the table."""
    print(message, file=sys.stderr, flush=True)
