"""Work that is not committed yet. `intranet new` switches branches and `intranet submit`
pushes commits: either would leave such work behind, or carry it where it does not
belong, without a word; so both refuse, and name the files."""

from __future__ import annotations

from intranet.errors import IntranetError, error
from intranet.git import Git

SHOWN = 3  # files named in a message; the rest are counted


def uncommitted(g: Git) -> list[tuple[str, str]]:
    """(path, what happened to it) for every changed, staged or untracked file."""
    out = g.run("status", "--porcelain=v1", "-z", "--untracked-files=all")
    fields = out.split("\0")
    found: list[tuple[str, str]] = []
    at = 0
    while at < len(fields):
        entry = fields[at]
        at += 1
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if "R" in code or "C" in code:
            at += 1  # -z puts a rename's old name in the next field
        found.append((path, _state(code)))
    return found


def _state(code: str) -> str:
    if code == "??":
        return "untracked"
    if "U" in code or code in ("AA", "DD"):
        return "conflicted"
    if "D" in code:
        return "deleted"
    if code[0] == "A":
        return "added"
    return "renamed" if "R" in code else "modified"


def refuse_uncommitted(g: Git, rule: str, why: str, command: str) -> None:
    """An IntranetError naming the uncommitted files, `why` they stop `command`, and the
    two ways on: commit them, or set them aside."""
    found = uncommitted(g)
    if not found:
        return
    named = [f"{_shown(path)} ({state})" for path, state in found[:SHOWN]]
    if len(found) > SHOWN:
        listing = f"{', '.join(named)} and {len(found) - SHOWN} more are"
    else:
        listing = (" and ".join([", ".join(named[:-1]), named[-1]]) if len(named) > 1
                   else named[0]) + (" are" if len(named) > 1 else " is")
    stash = ("git stash --include-untracked" if any(s == "untracked" for _, s in found)
             else "git stash")
    raise IntranetError([error("intranet", 0, 0, rule, (
        f"{listing} not committed; {why}. Commit it: `git add --all && git commit`, or set "
        f"it aside: `{stash}`; then run `{command}` again"))])


def _shown(path: str) -> str:
    # A control character in a file name must not be able to rewrite the message.
    return path if path.isprintable() else repr(path)
