"""Replies: the discussion under a post, one Markdown file per reply, kept in the post's
own section so that the post's owners moderate it through the same CODEOWNERS lines:

    content/<department>/replies/<post name>/<yyyymmdd-hhmm>-<author>.md

One folder per post keeps thousands of replies readable; the file name sorts by time
and says who wrote it. A reply names the post it answers (and, once nested, the reply it
answers), its authors, its date and time, its classification and the policy version."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field

REPLIES = "replies"
WHEN = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\Z")
NAME = re.compile(r"\d{8}-\d{4}-[a-z0-9][a-z0-9-]*\Z")
# A reply's place on its post's page (`Reply.anchor`): the site's own id, never an author's
# (theirs all start with `user-content-`), so links from anywhere can point at it.
ANCHOR = re.compile(r"reply-\d{8}-\d{4}-[a-z0-9][a-z0-9-]*\Z")


@dataclass(frozen=True)
class Reply:
    src: str  # e.g. engineering/replies/hackathon-winners/20261125-0930-eve.md
    post: str  # the post it answers, e.g. engineering/posts/hackathon-winners.md
    parent: str  # the id of the reply it answers; "" when it answers the post
    authors: tuple[str, ...]
    when: dt.datetime
    classification: str
    policy: str
    body: str = field(repr=False, compare=False)
    # (key, line, column) of each front-matter value, for findings about it made later
    marks: tuple[tuple[str, int, int], ...] = field(default=(), repr=False, compare=False)

    def mark(self, key: str) -> tuple[int, int]:
        return next(((line, column) for name, line, column in self.marks if name == key),
                    (1, 1))

    @property
    def id(self) -> str:
        return posixpath.basename(self.src).removesuffix(".md")

    @property
    def anchor(self) -> str:
        """The id of the reply on its post's page (authors' ids are namespaced apart)."""
        return f"reply-{self.id}"


def is_reply(src: str) -> bool:
    parts = src.split("/")
    return len(parts) >= 4 and parts[1] == REPLIES and src.endswith(".md")


def in_replies(src: str) -> bool:
    """Whether `src` lies under a department's replies/ folder, a reply or not."""
    parts = src.split("/")
    return len(parts) >= 3 and parts[1] == REPLIES


def post_of(src: str) -> str:
    """The post a reply's folder belongs to (a post in a subfolder of posts/ keeps its
    replies in the same subfolder of replies/)."""
    dept, _, *name, _ = src.split("/")
    return f"{dept}/posts/{'/'.join(name)}.md"


def folder_of(post_src: str) -> str:
    """Where a post's replies live, under content/."""
    dept, _, name = post_src.removesuffix(".md").split("/", 2)
    return f"{dept}/{REPLIES}/{name}"


def file_name(when: dt.datetime, author: str) -> str:
    return f"{when:%Y%m%d-%H%M}-{author}.md"


def parse_when(text: str) -> dt.datetime | None:
    """`2026-11-25 09:30` (or with seconds, or a T): None when it is no real moment."""
    match = WHEN.match(text.strip())
    if match is None:
        return None
    try:
        day = dt.date.fromisoformat(match[1])
        return dt.datetime(day.year, day.month, day.day, int(match[2]), int(match[3]),
                           int(match[4] or 0))
    except ValueError:
        return None


def count(number: int) -> str:
    return f"{number} repl{'y' if number == 1 else 'ies'}"
