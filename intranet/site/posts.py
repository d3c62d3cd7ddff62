"""Posts: the Markdown files under content/<department>/posts/, read into records."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from functools import cached_property

WORDS_PER_MINUTE = 200
EXCERPT_CHARS = 240


def year_folder(dept: str, year: int) -> str:
    """Where a new post goes, as `intranet new` and the site's "Write a post" file it: a
    folder per year, so no folder outgrows a year of the department's posts (forges list
    a folder's first 1,000 files, and git reads a whole folder each time one of its files
    changes). Posts directly in posts/ stay valid."""
    return f"content/{dept}/posts/{year:04d}"


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
# Where an author ends the excerpt themselves (as Material's blog reads it).
MORE = re.compile(r"^[ \t]*<!--\s*more\s*-->[ \t]*$", re.MULTILINE | re.IGNORECASE)
MORE_CHARS = 600  # an author's own excerpt may run longer, not without bound
# A sentence ends at . ! ? or … (and any closing quote or bracket) before a space...
_END = re.compile(r"[.!?…][\"'\u2019\u201d)\]]*(?=\s)")
# ... unless the word it ends is an abbreviation or an initial: "e.g. this", "J. Smith".
_ABBREVIATION = re.compile(r"(?:\b(?i:e\.g|i\.e|vs|cf|approx|incl|dr|mr|mrs|ms|prof|jr|sr|"
                           r"inc|ltd|dept|fig)|(?<![\w.])[A-Z])\.\Z")


def excerpt(body: str) -> str:
    """What listings show of a post, as plain text (they never re-render its Markdown):
    the text before the author's `<!-- more -->`, else the first paragraph; cut, when too
    long, after its last whole sentence that fits, else after a whole word with "…"."""
    more = MORE.search(body)
    if more:
        return _cut(_plain(_paragraphs(body[:more.start()])), MORE_CHARS)
    return _cut(_plain(_paragraphs(body, first_only=True)), EXCERPT_CHARS)


def _paragraphs(body: str, first_only: bool = False) -> list[str]:
    """The lines of prose, skipping headings, code, tables and admonitions before it."""
    lines: list[str] = []
    for line in body.split("\n"):
        stripped = line.strip()
        if not stripped:
            if lines and first_only:
                break
            continue
        if stripped.startswith(("#", "```", "~~~", "|", "!!!", "<!--")) and not lines:
            continue
        lines.append(stripped)
    return lines


def _plain(lines: list[str]) -> str:
    text = _MARKUP.sub(lambda m: m["char"] or m["entity"] or m["text"] or "", " ".join(lines))
    # As readers saw it on the post: `&lt;` is a `<`. Listings escape it again.
    return " ".join(html.unescape(text).split())


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _END.finditer(text, 0, limit + 1)
            if not _ABBREVIATION.search(text[:m.start() + 1])]
    if ends:
        return text[:ends[-1]]
    # One character more: a space there means the last word fits whole.
    words = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return words.rstrip(",;:-\u2013\u2014 ") + "…"  # no dangling comma or dash
