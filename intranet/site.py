"""The site as readers will see it on a given day: which posts are published, which are
held back, and which pages exist. Built from the sources the caller hands in, so the
MkDocs hooks and the CLI read exactly the same text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from intranet import source
from intranet.errors import Finding, IntranetError
from intranet.fields import Reader
from intranet.org import Org
from intranet.posts import Post, is_post, read_post

# Pages the engine writes from org.yml; a hand-written file there would be shadowed.
GENERATED = ("people/", "moderators.md")


@dataclass(frozen=True)
class Site:
    org: Org
    today: dt.date
    posts: tuple[Post, ...]  # published, pinned first, then newest first
    held: tuple[Post, ...]  # drafts, scheduled and expired posts: never built
    pages: tuple[str, ...]  # every other Markdown source

    def in_department(self, dept_id: str) -> tuple[Post, ...]:
        return tuple(p for p in self.posts if p.department == dept_id)

    def by_author(self, handle: str) -> tuple[Post, ...]:
        return tuple(p for p in self.posts if handle in p.authors)

    def post(self, src: str) -> Post | None:
        return next((p for p in self.posts if p.src == src), None)

    def held_counts(self) -> dict[str, int]:
        counts = {"draft": 0, "scheduled": 0, "expired": 0}
        for post in self.held:
            counts[post.status(self.today)] += 1
        return counts


def build_site(org: Org, sources: Iterable[tuple[str, str]], today: dt.date,
               prefix: str = "content/") -> Site:
    """`sources` are (path under content/, text) pairs. Raises IntranetError listing the
    problems of every file when any post cannot be read."""
    findings: list[Finding] = []
    posts: list[Post] = []
    pages: list[str] = []
    for src, text in sources:
        reader = Reader(prefix + src, "post")
        if src.startswith(GENERATED):
            reader.add(None, "generated", f"{src} is generated from org.yml; move this file "
                       "elsewhere (edit org.yml to change people or moderators)")
        elif is_post(src):
            post = _read(reader, src, text)
            posts.extend([post] if post else [])
        else:
            pages.append(src)
        findings.extend(reader.findings)
    if findings:
        raise IntranetError(findings)
    posts.sort(key=lambda p: (p.date, p.src), reverse=True)
    shown = [p for p in posts if p.status(today) == "published"]
    shown.sort(key=lambda p: not p.pin)  # stable: pinned first, each group newest first
    held = tuple(p for p in posts if p.status(today) != "published")
    return Site(org, today, tuple(shown), held, tuple(sorted(pages)))


def _read(reader: Reader, src: str, text: str) -> Post | None:
    try:
        return read_post(source.split(text, reader.path), src, reader)
    except IntranetError as exc:
        reader.findings.extend(exc.findings)
        return None
