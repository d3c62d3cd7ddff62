"""Which paths a submission may hold at all, wherever they are in the tree.

Git stores whatever names a hand-made tree holds; checkouts, CODEOWNERS and the site all
assume ordinary relative paths. A name such as `..`, `.git`, one with control bytes or a
backslash (a folder separator on Windows) would be read differently by each of them, so
it is refused before anything else looks at it."""

from __future__ import annotations

import re

from intranet.display import safe_line
from intranet.git import Change

CONTROL = re.compile("[\x00-\x1f\x7f\udc80-\udcff\\\\]")
# NTFS and HFS+ read these as `.git` too (trailing dots and spaces; the short name; the
# characters HFS+ ignores).
HFS_IGNORED = re.compile("[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]")
LINK, GITLINK = "120000", "160000"


def path_problem(path: str) -> str | None:
    """Why `path` (as git names it, '/'-separated) cannot be accepted, or None."""
    shown = safe_line(path)
    bad = CONTROL.search(path)
    if bad:
        what = "a backslash" if bad.group() == "\\" else "a control character or bytes " \
            "that are not UTF-8"
        return f"the path '{shown}' holds {what}; rename it with plain characters"
    for part in path.split("/"):
        if part in ("", ".", ".."):
            return f"the path '{shown}' has an empty, '.' or '..' part; git trees must not"
        plain = HFS_IGNORED.sub("", part).rstrip(". ").lower()
        if plain in (".git", "git~1"):
            return f"the path '{shown}' names git's own folder; rename it"
    return None


def mode_problem(path: str, mode: str) -> str | None:
    """Symbolic links and gitlinks (submodules) point outside what was reviewed."""
    if mode == LINK:
        return (f"{safe_line(path)} is a symbolic link; links are not accepted (they can "
                "point anywhere): commit the file itself")
    if mode == GITLINK:
        return (f"{safe_line(path)} is a gitlink (a submodule); the intranet holds no "
                "submodules: commit the files themselves")
    return None


def file_problems(changes: dict[str, Change]) -> list[tuple[str, str]]:
    """(path, why) for each path a change may not hold."""
    found = []
    for path, change in changes.items():
        problem = path_problem(path) or mode_problem(path, change.mode)
        if problem:
            found.append((path, problem))
    return found
