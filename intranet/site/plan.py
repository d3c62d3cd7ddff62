"""The site as readers will see it on a given day: which posts are published, which are
held back, and which pages exist. Built from the checker's results, so the MkDocs hooks
publish exactly what `intranet check` approved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from intranet.config.org import Org
from intranet.site.posts import Post, is_post


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
        return self._by_src.get(src)

    @cached_property  # asked once per page: a dict keeps big sites linear
    def _by_src(self) -> dict[str, Post]:
        return {p.src: p for p in self.posts}

    def held_counts(self) -> dict[str, int]:
        counts = {"draft": 0, "scheduled": 0, "expired": 0}
        for post in self.held:
            counts[post.status(self.today)] += 1
        return counts


def build_site(org: Org, read: Iterable[tuple[str, Post | None]], today: dt.date) -> Site:
    """The site on `today`, from every file read: (path under content/, its post record,
    None for anything that is not a readable post)."""
    posts: list[Post] = []
    pages: list[str] = []
    for src, post in read:
        if post is not None:
            posts.append(post)
        elif src.endswith(".md") and not is_post(src):
            pages.append(src)
    posts.sort(key=lambda p: (p.date, p.src), reverse=True)
    shown = [p for p in posts if p.status(today) == "published"]
    shown.sort(key=lambda p: not p.pin)  # stable: pinned first, each group newest first
    held = tuple(p for p in posts if p.status(today) != "published")
    return Site(org, today, tuple(shown), held, tuple(sorted(pages)))
