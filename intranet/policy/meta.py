"""Front-matter rules: what a post and a page must, may and must not declare."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from intranet.config.fields import Reader
from intranet.config.org import Org
from intranet.config.policy import Policy
from intranet.config.yaml.read import Map, Scalar
from intranet.config.yaml.text import as_text
from intranet.policy.source import Source
from intranet.site.posts import Post

REQUIRED = ("title", "date", "authors", "department", "classification", "policy")
OPTIONAL = ("tags", "draft", "pin", "expires", "summary", "replies")
PAGE_KEYS = ("title", "department", "tags", "summary")
TAG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
# Titles reach page headers and <title> as they are: keep them to plain text.
NOT_PLAIN = re.compile(r"[<>\x00-\x1f\x7f`]")
SUMMARY_CHARS = 300


@dataclass(frozen=True)
class Context:
    policy: Policy
    org: Org
    changed: bool = False  # a new or changed file: it must name the current policy
    site_config: str = ""  # mkdocs.yml's text: the Markdown the site renders with
    # Another file under content/ by its path there (None: there is none), for rules that
    # need a file the check did not read: a reply's post, checked alone.
    lookup: Callable[[str], bytes | None] | None = None


def read_post(source: Source, src: str, reader: Reader, ctx: Context) -> Post | None:
    """The post's record, or None when it cannot be placed on the site; every problem
    found is added to `reader`."""
    meta = source.meta
    if meta is None:
        reader.add(None, "missing", "a post needs front-matter between `---` lines at the "
                   "top; see content/how-to-post.md")
        return None
    department = src.split("/", maxsplit=1)[0]
    reader.keys(meta, REQUIRED, OPTIONAL, "a post's front-matter")
    title = _plain(reader, meta, "title", ctx.policy.title_chars)
    authors = read_authors(reader, meta, ctx.org)
    _department(reader, meta, department, ctx.org)
    check_classification(reader, meta, ctx.policy)
    check_version(reader, meta, ctx)
    tags = _tags(reader, meta, ctx.policy)
    pin = _flag(reader, meta, "pin")
    if pin:
        _pin(reader, meta, authors, department, ctx.org)
    date, expires = _date(reader, meta, "date"), _date(reader, meta, "expires")
    if date and expires and expires <= date:
        reader.add(meta.get("expires"), "expires", "expires must be after date; fix either")
    summary = _plain(reader, meta, "summary", SUMMARY_CHARS)
    closed = _replies(reader, meta)
    if date is None or not title:
        return None
    return Post(src=src, department=department, title=title, date=date, authors=authors,
                classification=reader.text(meta, "classification", "the post"),
                policy=reader.text(meta, "policy", "the post"), tags=tags,
                draft=_flag(reader, meta, "draft"), pin=pin, expires=expires, summary=summary,
                body=source.body, closed=closed)


def _replies(reader: Reader, meta: Map) -> bool:
    """`replies: closed` ends a discussion (its owners' decision); `open` is the default."""
    node = meta.get("replies")
    if node is None:
        return False
    if isinstance(node, Scalar) and node.value in ("open", "closed"):
        return node.value == "closed"
    reader.add(node, "replies", "replies must be open or closed; write `replies: closed` to "
               "end the discussion")
    return False


def check_page(source: Source, src: str, reader: Reader, ctx: Context) -> None:
    meta = source.meta
    if meta is None:
        reader.add(None, "missing", "a page needs front-matter with a title: start the file "
                   "with `---`, `title: ...`, `---`")
        return
    reader.keys(meta, ("title",), PAGE_KEYS[1:], "a page's front-matter")
    _plain(reader, meta, "title", ctx.policy.title_chars)
    _plain(reader, meta, "summary", SUMMARY_CHARS)
    _tags(reader, meta, ctx.policy)
    folder = src.split("/", maxsplit=1)[0] if "/" in src else ""
    claimed = meta.get("department")
    if not as_text(reader, claimed, "department"):
        return
    if claimed is not None and (not isinstance(claimed, Scalar) or claimed.value != folder):
        shown = claimed.value if isinstance(claimed, Scalar) else "a list"
        reader.add(claimed, "department", f"this page lives in content/{folder or ''} but "
                   f"claims department {shown!r}; "
                   + (f"write `department: {folder}`" if folder else "remove the line"))


def _plain(reader: Reader, meta: Map, key: str, limit: int) -> str:
    value = reader.text(meta, key, "the front-matter").strip()
    node = meta.get(key)
    if node is None:  # a missing required key is reported once, by Reader.keys
        return ""
    if not as_text(reader, node, key):
        return value
    if not 1 <= len(value) <= limit:
        reader.add(node, key, f"{key} must be 1 to {limit} characters (it has {len(value)})")
    elif NOT_PLAIN.search(value):
        reader.add(node, key, f"{key} must be plain text: no <, >, backticks or control "
                   "characters")
    return value


def read_authors(reader: Reader, meta: Map, org: Org) -> tuple[str, ...]:
    node = meta.get("authors")
    if isinstance(node, Scalar):
        reader.add(node, "authors", f"authors must be a list; write `authors: [{node.value}]`")
        return ()
    handles = reader.texts(meta, "authors", "the post")
    if node is not None and not handles:
        reader.add(node, "authors", "name at least one author: `authors: [your-handle]`")
    for handle in handles:
        if as_text(reader, handle, None) and org.person(handle.value) is None:
            reader.add(handle, "authors", f"{handle.value!r} is not a handle in org.yml; "
                       "use the author's handle (see the People page)")
    return tuple(h.value for h in handles)


def _department(reader: Reader, meta: Map, folder: str, org: Org) -> None:
    node = meta.get("department")
    value = node.value if isinstance(node, Scalar) else None
    if node is not None and as_text(reader, node, "department") and value != folder:
        reader.add(node, "department", f"the post lives in content/{folder}/ but names "
                   f"department {value!r}; write `department: {folder}` or move the file")
    if org.department(folder) is None:
        reader.add(node, "department", f"content/{folder}/ is not a department in org.yml; "
                   "move the post into its department's posts/ folder")


def check_classification(reader: Reader, meta: Map, policy: Policy) -> None:
    value = reader.text(meta, "classification", "the post")
    node = meta.get("classification")
    # An empty classification says nothing (and, unquoted, is null to MkDocs): refuse it.
    if not isinstance(node, Scalar) or not as_text(reader, node, "classification"):
        return
    allowed = " or ".join(policy.classifications)
    if not value:
        reader.add(node, "classification", f"classification is empty; write {allowed}")
    elif value not in policy.classifications:
        reader.add(node, "classification", f"classification {value!r} cannot be published: "
                   f"{policy.elsewhere}. Use {allowed} for intranet posts")


def check_version(reader: Reader, meta: Map, ctx: Context) -> None:
    value = reader.text(meta, "policy", "the post")
    node = meta.get("policy")
    current = ctx.policy.current
    if not isinstance(node, Scalar) or not as_text(reader, node, "policy"):
        return
    if value not in ctx.policy.accepted:
        reader.add(node, "policy", f"usage policy {value!r} is not one we accept; read the "
                   f"usage policy and write `policy: \"{current}\"`")
    elif value and ctx.changed and value != current:
        reader.add(node, "policy-current", f"a new or changed post must acknowledge the "
                   f"current usage policy; read it and write `policy: \"{current}\"`")


def _tags(reader: Reader, meta: Map, policy: Policy) -> tuple[str, ...]:
    tags = reader.texts(meta, "tags", "the front-matter")
    for tag in tags:
        if not as_text(reader, tag, None):
            continue
        if not TAG.match(tag.value):
            reader.add(tag, "tags", f"tag {tag.value!r} must be lower-case letters, digits "
                       "and dashes")
        elif tag.value not in policy.tags:
            reader.add(tag, "tag-unknown", f"tag {tag.value!r} is not in the taxonomy in "
                       "policy.yml; pick one from the Tags page or ask IT to add it",
                       severity="warning")
    return tuple(t.value for t in tags)


def _pin(reader: Reader, meta: Map, authors: tuple[str, ...], folder: str, org: Org) -> None:
    dept = org.department(folder)
    if dept is not None and not set(authors) & set(dept.owners):
        owners = ", ".join(dept.owners)
        reader.add(meta.get("pin"), "pin", f"only an owner of {folder} ({owners}) may author "
                   "a pinned announcement; remove `pin: true` or ask them")


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
    reader.add(node, key, f"{key} {value!r} is not a calendar date; write YYYY-MM-DD")
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
