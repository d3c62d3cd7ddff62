"""The checks that need the repository's files: patterns that match no file, and files
that nobody owns."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from intranet.codeowners.files import Files
from intranet.codeowners.syntax import Rule
from intranet.errors import Finding, error

Applying = Callable[[str], dict[str, Rule]]  # file -> {section: the rule that applies}


def coverage(rules: Sequence[Rule], applying: Applying, files: Sequence[str]) -> list[Finding]:
    won: set[Rule] = set()
    unowned: dict[int, list[str]] = {}  # by the line that leaves them ownerless; 0: none
    for path in files:
        applied = applying(path)
        won.update(applied.values())
        if not any(rule.owners for rule in applied.values()):
            line = min((rule.line for rule in applied.values()), default=0)
            unowned.setdefault(line, []).append(path)
    found = [_unowned(line, paths) for line, paths in unowned.items()]
    tree = Files(files)
    for rule in rules:
        if rule in won:  # it applies to some file, so it matches one
            continue
        if not tree.any_match(rule.compiled):
            found.append(error("", rule.line, rule.pattern.column, "codeowners-no-match",
                               f"pattern {rule.pattern.text!r} matches no file in the "
                               "repository; fix the pattern, or remove the line if its "
                               "files are gone"))
    return found


def _unowned(line: int, paths: list[str]) -> Finding:
    # One finding per cause, not per file: `intranet owners` lists every file.
    some = ", ".join(repr(p) for p in paths[:3]) + (", ..." if len(paths) > 3 else "")
    if not line:
        return error("", 1, 1, "codeowners-unowned", f"{len(paths)} file(s) have no owner, "
                     f"since no line matches them ({some}); add a catch-all `* @owner` as "
                     "the first line")
    return error("", line, 1, "codeowners-unowned", f"{len(paths)} file(s) have no owner, "
                 f"since this line matches them and names nobody ({some}); add owners, or "
                 "remove the line")
