"""The line syntax GitHub and GitLab share: a pattern, then owners, then an optional
comment. Records here are what the parsers hand to callers and to the validator."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from intranet.codeowners.match import Compiled
from intranet.codeowners.names import TEAM, USER
from intranet.codeowners.names import owner_problem as github_problem

GROUP = re.compile(r"@[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*\Z")  # GitLab: nested groups
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")


class Token(NamedTuple):
    text: str
    column: int  # 1-based, so findings point at the owner or pattern itself


class Rule(NamedTuple):
    """One line GitHub (or GitLab) uses: its pattern and the owners it names."""

    line: int
    pattern: Token
    owners: tuple[Token, ...]
    compiled: Compiled
    section: str = ""  # GitLab's section name; "" is the unnamed default section
    exclude: bool = False  # GitLab's `!pattern`
    inherited: bool = False  # GitLab: the owners are the section header's defaults

    @property
    def names(self) -> list[str]:
        return [o.text for o in self.owners]


class Problem(NamedTuple):
    """A line the forge skips or misreads, and what to do about it."""

    line: int
    column: int
    rule: str  # codeowners-syntax or codeowners-unsupported
    message: str


def lines(text: str) -> Iterator[tuple[int, str]]:
    """Numbered lines without their ends; a BOM and CRLF are fine."""
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        yield number, line.rstrip("\r")


def tokens(line: str) -> list[Token]:
    """Words split on unescaped white space; `#` starting a word ends the line."""
    found: list[Token] = []
    i, end = 0, len(line)
    while i < end:
        if line[i] in " \t":
            i += 1
            continue
        if line[i] == "#":
            break
        start = i
        while i < end and line[i] not in " \t":
            i += 2 if line[i] == "\\" and i + 1 < end else 1
        found.append(Token(line[start:i], start + 1))
    return found


def check_path(path: str) -> str:
    """GitHub evaluates repository-relative paths: refuse anything else loudly, since a
    quiet "no owner" for an owned file is the worst answer a review tool can give. A
    trailing '/' names a folder, as the peer implementations read it."""
    # An empty, '.' or '..' segment shows as '//', '/./' or '/../' once the path is put
    # between slashes: string searches, which a check of every tracked file needs.
    framed = f"/{path.removesuffix('/')}/"
    if path.startswith("/") or "//" in framed or "/./" in framed or "/../" in framed:
        raise ValueError(f"{path!r} is not a repository-relative path; write it the way "
                         "git lists it, e.g. 'docs/guide.md' (no leading '/', '.' or '..')")
    return path


def owner_problem(owner: Token, number: int, gitlab: bool = False) -> Problem | None:
    text = owner.text
    if USER.match(text) or TEAM.match(text) or EMAIL.match(text):
        return None
    if gitlab and GROUP.match(text):
        return None
    if not gitlab and text.startswith("@"):  # say what GitHub has against the name
        return Problem(number, owner.column, "codeowners-syntax", f"owner "
                       f"{github_problem(text)}; fix it (GitHub skips the line)")
    return Problem(number, owner.column, "codeowners-syntax", f"owner {text!r} is not a "
                   "@user, an @org/team or an e-mail address; fix it (the forge ignores the "
                   "line or the owner)")


def missing_pattern(words: list[Token], number: int) -> Problem | None:
    # An owner first means the pattern was forgotten (`@types/` stays a folder pattern).
    if USER.match(words[0].text) or TEAM.match(words[0].text):
        return Problem(number, words[0].column, "codeowners-syntax", "this line has no "
                       f"pattern, only owners; put the files first, e.g. `/docs/ "
                       f"{words[0].text}`")
    return None
