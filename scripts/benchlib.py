"""What every scripts/bench section shares: reports, goal checks and measuring a child
process by its own resource usage."""

from __future__ import annotations

import os
import subprocess
import sys
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


# Each command runs under this small launcher, which forks it and reports its rusage. A
# child's ru_maxrss counts the memory of the process it was forked from, so forking straight
# from the bench (which holds a generated company) would floor every peak at the bench's size.
_LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    print(usage.ru_utime + usage.ru_stime, time.perf_counter() - start, usage.ru_maxrss,
          os.waitstatus_to_exitcode(status), file=out)
"""


def measure(cmd: list[str], cwd: Path, errors: Path, ok: tuple[int, ...] = (0,),
            stdin: bytes | None = None) -> Child:
    """Run `cmd` as a child process, measured by its own rusage (os.wait4 in the launcher),
    so nothing else this process started (or earlier runs) leaks into the numbers."""
    env = {
        **os.environ,
        "INTRANET_TODAY": TODAY,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    usage = errors.with_name(errors.name + ".usage")
    with errors.open("wb") as sink:
        subprocess.run(
            [sys.executable, "-S", "-c", _LAUNCHER, str(usage), *cmd], cwd=cwd, env=env,
            stdout=subprocess.DEVNULL, stderr=sink, input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None, check=True,
        )
    cpu, wall, maxrss, code = usage.read_text(encoding="utf-8").split()
    if int(code) not in ok:
        tail = errors.read_text(encoding="utf-8", errors="replace").splitlines()[-STDERR_TAIL:]
        raise BuildFailed(f"{' '.join(cmd[:4])} exited with {code}", "\n".join(tail))
    # ru_maxrss is in KiB on Linux
    return Child(float(cpu), float(wall), int(maxrss) / 1024, int(code))


def progress(message: str) -> None:
    """Builds take minutes: say what finished, on stderr so stdout stays the table."""
    print(message, file=sys.stderr, flush=True)
