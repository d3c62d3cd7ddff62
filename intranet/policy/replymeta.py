"""A reply's front-matter: what it must declare, read into a record. Whether the post it
answers exists and takes replies is for intranet/policy/replycheck.py, which sees every
file; here only the reply itself is judged."""

from __future__ import annotations

import datetime as dt

from intranet.config.fields import Reader
from intranet.config.yaml.read import Map, Node, Scalar
from intranet.errors import error
from intranet.policy.meta import Context, check_classification, check_version, read_authors
from intranet.policy.source import Source
from intranet.site.replies import NAME, Reply, parse_when, post_of

REQUIRED = ("post", "date", "authors", "classification", "policy")
OPTIONAL = ("in_reply_to",)


def read_reply(source: Source, src: str, reader: Reader, ctx: Context) -> Reply | None:
    """The reply's record, or None when it cannot be placed under its post; every
    problem found is added to `reader`."""
    meta = source.meta
    if meta is None:
        reader.add(None, "missing", "a reply needs front-matter between `---` lines at the "
                   "top; `intranet reply` writes it for you (see content/how-to-post.md)")
        return None
    reader.keys(meta, REQUIRED, OPTIONAL, "a reply's front-matter")
    name = src.rsplit("/", 1)[1].removesuffix(".md")
    if not NAME.match(name):
        _refuse(reader, None, "reply-name", f"name a reply yyyymmdd-hhmm-<your handle>.md (this "
                   f"is {name}.md); `intranet reply` names it for you")
    authors = read_authors(reader, meta, ctx.org)
    check_classification(reader, meta, ctx.policy)
    check_version(reader, meta, ctx)
    post = _post(reader, meta, src)
    parent = reader.text(meta, "in_reply_to", "the reply").strip()
    if parent and not NAME.match(parent):
        _refuse(reader, meta.get("in_reply_to"), "reply-parent", f"in_reply_to must name a reply "
                   f"of this post by its file name, without .md (not {parent!r})")
    when = _when(reader, meta)
    if when is None or not post:
        return None
    return Reply(src=src, post=post, parent=parent, authors=authors, when=when,
                 classification=reader.text(meta, "classification", "the reply"),
                 policy=reader.text(meta, "policy", "the reply"), body=source.body,
                 marks=_marks(meta))


def _post(reader: Reader, meta: Map, src: str) -> str:
    expected = post_of(src)
    node = meta.get("post")
    value = node.value.strip() if isinstance(node, Scalar) else ""
    if node is not None and value != expected:
        _refuse(reader, node, "reply-target", f"this reply lives in the folder of {expected} but "
                   f"answers {value or 'nothing'!r}; write `post: {expected}` or move it")
    return expected if value == expected else ""


def _refuse(reader: Reader, node: Node | None, rule: str, message: str) -> None:
    """A finding under a rule of replies (`reply-...`), not of front-matter in general."""
    line, column = (node.line, node.column) if node is not None else (1, 1)
    reader.findings.append(error(reader.path, line, column, rule, message))


def _when(reader: Reader, meta: Map) -> dt.datetime | None:
    node = meta.get("date")
    if node is None:
        return None
    when = parse_when(node.value) if isinstance(node, Scalar) else None
    if when is None:
        shown = node.value if isinstance(node, Scalar) else "a list"
        reader.add(node, "date", f"date {shown!r} is not a date and time; write "
                   "YYYY-MM-DD HH:MM, e.g. 2026-11-25 09:30")
    return when


def _marks(meta: Map) -> tuple[tuple[str, int, int], ...]:
    """Where each key's value stands, for findings about it made later."""
    return tuple((key.value, value.line, value.column) for key, value in meta.items)
