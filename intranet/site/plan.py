"""The site as readers will see it on a given day: which posts are published, which are
held back, and which pages exist. Built from the checker's results, so the MkDocs hooks
publish exactly what `intranet check` approved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from intranet.config.org import Org
from intranet.site import mentions
from intranet.site.photos import photo_handle
from intranet.site.posts import Post, is_post
from intranet.site.replies import Reply, is_reply


@dataclass(frozen=True)
class Site:
    org: Org
    today: dt.date
    posts: tuple[Post, ...]  # published, pinned first, then newest first
    held: tuple[Post, ...]  # drafts, scheduled and expired posts: never built
    pages: tuple[str, ...]  # every other Markdown source
    replies: tuple[Reply, ...] = ()  # under published posts, oldest first
    photos: tuple[str, ...] = ()  # people's photos: people/<handle>.<type>, checked

    def replies_to(self, post_src: str) -> tuple[Reply, ...]:
        """A post's discussion in reading order: each reply to the post, oldest first,
        followed by the replies to it, oldest first."""
        return self._threads.get(post_src, ())

    def reply_count(self, post_src: str) -> int:
        return len(self._threads.get(post_src, ()))

    def active(self, limit: int) -> list[tuple[Post, Reply]]:
        """Posts by their latest reply, newest first."""
        latest = {src: max(replies, key=lambda r: (r.when, r.src))
                  for src, replies in self._threads.items()}
        ordered = sorted(latest.items(), key=lambda item: (item[1].when, item[0]),
                         reverse=True)
        return [(self._by_src[src], reply) for src, reply in ordered[:limit]]

    def mentions_of(self, handle: str) -> list[tuple[Post, Reply | None]]:
        """Where a person is mentioned: posts (None) and replies, newest first."""
        return self._mentions.get(handle, [])

    @cached_property
    def _threads(self) -> dict[str, tuple[Reply, ...]]:
        by_post: dict[str, list[Reply]] = {}
        for reply in self.replies:
            by_post.setdefault(reply.post, []).append(reply)
        return {src: _threaded(replies) for src, replies in by_post.items()}

    @cached_property
    def _mentions(self) -> dict[str, list[tuple[Post, Reply | None]]]:
        found: dict[str, list[tuple[Post, Reply | None]]] = {}
        places: list[tuple[Post, Reply | None, str]] = [(p, None, p.body) for p in self.posts]
        places += [(self._by_src[r.post], r, r.body) for r in self.replies]
        places.sort(key=lambda place: place[1].when.date() if place[1] else place[0].date,
                    reverse=True)
        for post, reply, body in places:
            for handle in dict.fromkeys(h for _, h in mentions.find(body)):
                if self.org.person(handle) is not None:
                    found.setdefault(handle, []).append((post, reply))
        return found

    def in_department(self, dept_id: str) -> tuple[Post, ...]:
        return tuple(p for p in self.posts if p.department == dept_id)

    def by_author(self, handle: str) -> tuple[Post, ...]:
        return tuple(p for p in self.posts if handle in p.authors)

    def photo(self, handle: str) -> str | None:
        """The photo `handle` committed (its path under content/), if any."""
        return self._photos.get(handle)

    @cached_property
    def _photos(self) -> dict[str, str]:
        return {handle: src for src in sorted(self.photos, reverse=True)
                if (handle := photo_handle(src)) is not None}

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


def _threaded(replies: list[Reply]) -> tuple[Reply, ...]:
    replies = sorted(replies, key=lambda r: (r.when, r.src))
    children: dict[str, list[Reply]] = {}
    for reply in replies:
        if reply.parent:
            children.setdefault(reply.parent, []).append(reply)
    ordered: list[Reply] = []
    for reply in replies:
        if not reply.parent:
            ordered += [reply, *children.get(reply.id, [])]
    return tuple(ordered)


def build_site(org: Org, read: Iterable[tuple[str, Post | Reply | None]], today: dt.date
               ) -> Site:
    """The site on `today`, from every file read: (path under content/, its post or reply
    record, None for anything else)."""
    posts: list[Post] = []
    pages: list[str] = []
    replies: list[Reply] = []
    photos: list[str] = []
    for src, record in read:
        if photo_handle(src) is not None:  # the check let only valid photos there
            photos.append(src)
        if isinstance(record, Post):
            posts.append(record)
        elif isinstance(record, Reply):
            replies.append(record)
        elif src.endswith(".md") and not is_post(src) and not is_reply(src):
            pages.append(src)
    posts.sort(key=lambda p: (p.date, p.src), reverse=True)
    shown = [p for p in posts if p.status(today) == "published"]
    shown.sort(key=lambda p: not p.pin)  # stable: pinned first, each group newest first
    held = tuple(p for p in posts if p.status(today) != "published")
    published = {p.src for p in shown}
    return Site(org, today, tuple(shown), held, tuple(sorted(pages)),
                tuple(sorted((r for r in replies  # shown once their day has come
                              if r.post in published and r.when.date() <= today),
                             key=lambda r: (r.when, r.src))), tuple(photos))
