"""Posts: the Markdown files under content/<department>/posts/, read into records."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from functools import cached_property

WORDS_PER_MINUTE = 200
EXCERPT_CHARS = 240


@dataclass(frozen=True)
class Post:
    src: str  # path under content/, e.g. engineering/posts/launch.md
    department: str  # the section folder the file lives in
    title: str
    date: dt.date
    authors: tuple[str, ...]
    classification: str
    policy: str
    tags: tuple[str, ...]
    draft: bool
    pin: bool
    expires: dt.date | None
    summary: str
    body: str = field(repr=False, compare=False)
    closed: bool = False  # `replies: closed`: the discussion takes no more replies

    # Only the site needs these: `intranet check` never pays for them.
    @cached_property
    def excerpt(self) -> str:
        return self.summary or excerpt(self.body)

    @cached_property
    def words(self) -> int:
        return len(self.body.split())

    def status(self, today: dt.date) -> str:
        if self.draft:
            return "draft"
        if self.date > today:
            return "scheduled"
        if self.expires is not None and self.expires <= today:
            return "expired"
        return "published"

    @property
    def minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))


def is_post(src: str) -> bool:
    parts = src.split("/")
    return len(parts) >= 3 and parts[1] == "posts" and src.endswith(".md")


# Kept: a backslash escape's character, an entity (decoded below), a link's or image's
# text. Dropped: any other markup.
_MARKUP = re.compile(r"\\(?P<char>[!-/:-@\[-`{-~])|(?P<entity>&#?\w+;)"
                     r"|!?\[(?P<text>[^\]]*)\]\([^)]*\)|[*_`>#]+|<[^>]*>|\{[^}]*\}")


def excerpt(body: str) -> str:
    """The first paragraph as plain text: listings never re-render a post's Markdown."""
    paragraph: list[str] = []
    for line in body.split("\n"):
        stripped = line.strip()
        if not stripped:
            if paragraph:
                break
            continue
        if stripped.startswith(("#", "```", "~~~", "|", "!!!", "<!--")) and not paragraph:
            continue
        paragraph.append(stripped)
    text = _MARKUP.sub(lambda m: m["char"] or m["entity"] or m["text"] or "",
                       " ".join(paragraph))
    # As readers saw it on the post: `&lt;` is a `<`. Listings escape it again.
    text = " ".join(html.unescape(text).split())
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"
