"""How check results are printed: for people, for tools, and for GitHub's annotations."""

from __future__ import annotations

import json

from intranet.policy.checker import Report

FORMATS = ("text", "json", "github")


def render(report: Report, form: str) -> str:
    if form == "json":
        return json.dumps({"checked": len(report.checked),
                           "findings": [f._asdict() for f in report.findings]}, indent=2) + "\n"
    if form == "github":
        return "".join(f"::{f.severity} file={f.path},line={f.line},col={f.column},"
                       f"title={f.rule}::{_escape(f.message)}\n" for f in report.findings)
    lines = [f"{f}\n" for f in report.findings]
    errors = report.errors
    warnings = len(report.findings) - errors
    lines.append(f"checked {len(report.checked)} file(s): {errors} error(s), "
                 f"{warnings} warning(s)\n")
    return "".join(lines)


def _escape(message: str) -> str:
    # GitHub's workflow-command escaping for data.
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
