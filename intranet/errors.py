"""One record for every problem we report, and the one exception that carries them."""

from __future__ import annotations

from typing import NamedTuple

from intranet.display import safe, safe_line


class Finding(NamedTuple):
    path: str
    line: int
    column: int
    rule: str
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        # Line 0: about a command or a git object, not a place in a file. Paths and
        # messages may quote what an author wrote: nothing in them may drive a terminal.
        path = safe_line(self.path)
        where = f"{path}:{self.line}:{self.column}" if self.line else path
        return f"{where}: {self.severity} {self.rule} {safe(self.message)}"


class IntranetError(Exception):
    """Root of every error the engine raises on purpose; the CLI and hooks print it, not a
    traceback. It carries every finding of the run, so one run reports all problems."""

    def __init__(self, findings: list[Finding] | tuple[Finding, ...]) -> None:
        self.findings = tuple(findings)
        super().__init__("\n".join(str(f) for f in self.findings))


def error(path: str, line: int, column: int, rule: str, message: str) -> Finding:
    return Finding(path, line, column, rule, "error", message)
