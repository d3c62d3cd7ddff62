"""The words of each notice, one person at a time: what happened, to what, and the exact
command to type next. Names, titles, reasons and branches are an author's words: each
is made one safe line here (control characters escaped), and every command is quoted
for the shell, since a branch may be named `post/x;$(...)` and a moderator pastes it."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from intranet.config.org import Org, Person
from intranet.display import safe_line
from intranet.moderation.review import Group, names


@dataclass(frozen=True)
class Notice:
    to: Person
    subject: str
    text: str


@dataclass(frozen=True)
class About:
    """The submission a notice is about, as people know it."""

    name: str  # its posts' titles, or "reply to <title>"
    branch: str
    tip: str
    authors: str  # "Eve Martins (eve)"


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    held: str  # why the site does not show it yet, or ""


def waiting(org: Org, to: Person, about: About, left: list[Group], sections: str,
            *, updated: bool) -> Notice:
    branch, me = shlex.quote(about.branch), to.handle
    lines = [*_head("Waiting for your approval", about), *_rows(
        ("by", about.authors), ("sections", sections), ("branch", about.branch),
        ("commit", about.tip)), ""]
    if updated:
        lines += ["This is a new version: approvals of an earlier one do not carry over.", ""]
    lines += [f"Waiting for {grp.label}: one of {names(org, grp.handles)}." for grp in left]
    lines += ["", "Read exactly what publishing it would change, from your clone of the "
              "intranet:", "", f"  intranet show {branch}", "", "then decide:", "",
              f"  intranet approve {branch} --as {me} --commit {about.tip}",
              f"  intranet reject {branch} --as {me} --commit {about.tip} --reason TEXT", "",
              f"`intranet queue --for {me}` lists everything that waits for you."]
    return _notice(to, lines)


def published(to: Person, about: About, approvers: str, links: list[Link]) -> Notice:
    lines = [*_head("Published", about), *_rows(
        ("by", about.authors), ("approved by", approvers or "nobody on record"),
        ("branch", f"{about.branch} (commit {about.tip[:10]})")), "",
        "Read it on the intranet:", ""]
    lines += [f"  {link.url}" + (f" ({link.held})" if link.held else "") for link in links]
    return _notice(to, lines)


def rejected(to: Person, about: About, by: str, reason: str) -> Notice:
    lines = [*_head("Rejected", about), *_rows(
        ("by", about.authors), ("rejected by", by),
        ("branch", f"{about.branch} (commit {about.tip[:10]})")), "", "Why:", "",
        f"  {safe_line(reason) or 'no reason given'}", "",
        "Change it, commit, and run `intranet submit` again: the new version goes back to "
        "its owners. `intranet queue --mine` shows where your submissions stand."]
    return _notice(to, lines)


def mentioned(to: Person, about: About, link: Link) -> Notice:
    title = safe_line(link.title)
    lines = [f"You were mentioned in {title}", "", f"{safe_line(about.authors)} mentioned you "
             f"in {title}, now published on the intranet:", "", f"  {link.url}"
             + (f" ({link.held})" if link.held else "")]
    return _notice(to, lines)


def _head(what: str, about: About) -> list[str]:
    return [f"{what}: {safe_line(about.name)}", ""]


def _rows(*pairs: tuple[str, str]) -> list[str]:
    width = max(len(key) for key, _ in pairs) + 2
    return [f"  {(key + ':').ljust(width)}{safe_line(value)}" for key, value in pairs]


def _notice(to: Person, lines: list[str]) -> Notice:
    return Notice(to, lines[0], "\n".join(lines) + "\n")
