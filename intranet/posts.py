"""Posts: the Markdown files under content/<department>/posts/, read into records."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from intranet.fields import Reader
from intranet.source import Source
from intranet.yamlread import Map, Scalar

REQUIRED = ("title", "date", "authors", "department", "classification", "policy")
OPTIONAL = ("tags", "draft", "pin", "expires", "summary")
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
    excerpt: str
    words: int

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


def read_post(source: Source, src: str, reader: Reader) -> Post | None:
    """The post's record, or None when its front-matter is too broken to place it."""
    meta = source.meta
    if meta is None:
        reader.add(None, "front-matter", "a post needs front-matter between `---` lines "
                   "at the top; see content/how-to-post.md")
        return None
    reader.keys(meta, REQUIRED, OPTIONAL, "a post's front-matter")
    date = _date(reader, meta, "date")
    if date is None:
        return None
    text = _texts(reader, meta)
    return Post(
        src=src, department=src.split("/", maxsplit=1)[0], date=date,
        authors=tuple(s.value for s in reader.texts(meta, "authors", "the post")),
        tags=tuple(s.value for s in reader.texts(meta, "tags", "the post")),
        draft=_flag(reader, meta, "draft"), pin=_flag(reader, meta, "pin"),
        expires=_date(reader, meta, "expires"), excerpt=text["summary"] or excerpt(source.body),
        words=len(source.body.split()), **text,
    )


def _texts(reader: Reader, meta: Map) -> dict[str, str]:
    keys = ("title", "classification", "policy", "summary")
    return {k: reader.text(meta, k, "the post").strip() for k in keys}


def _date(reader: Reader, meta: Map, key: str) -> dt.date | None:
    node = meta.get(key)
    if node is None:
        return None
    value = node.value if isinstance(node, Scalar) else ""
    try:
        if len(value) == 10:  # fromisoformat also takes 20261014, which nobody means
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    reader.add(node, "date", f"{key} {value!r} is not a calendar date; write YYYY-MM-DD")
    return None


def _flag(reader: Reader, meta: Map, key: str) -> bool:
    node = meta.get(key)
    if node is None:
        return False
    if isinstance(node, Scalar) and node.value in ("true", "false"):
        return node.value == "true"
    reader.add(node, "boolean", f"{key} must be true or false (YAML's yes/no/on/off are "
               f"ambiguous); write `{key}: true`")
    return False


_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`>#]+|<[^>]*>|\{[^}]*\}")


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
    text = " ".join(_MARKUP.sub(lambda m: m.group(1) or "", " ".join(paragraph)).split())
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"
