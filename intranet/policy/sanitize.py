"""Sanitize rendered HTML: defence in depth behind the checker. Whatever slipped past the
rules (a new trick, a rule switched off) still cannot run script in a reader's browser,
load anything from outside the intranet, or take an id of the theme's.

nh3 (Rust's ammonia) parses HTML the way browsers do, which is what makes it trustworthy
where a regex is not. The allowlist keeps what Markdown and Material produce: headings
with anchors, admonitions, highlighted code, footnotes, tabs, task lists, tables. What it
drops is returned too (see intranet/removed.py), so the build can refuse the page instead
of letting an author's words vanish."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3

from intranet.policy.removed import Removal, removals
from intranet.site.anchors import NAMING, anchor_link, namespaced

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href", "name", "target", "rel"},  # target and rel: the checker allows them
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled", "name"},  # tabs and task lists
    "label": {"for"},
    "ol": {"start", "type"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "div": {"data-tabs"},
    "details": {"open"},
    "code": {"data-lang"},
    "time": {"datetime"},  # dates in bylines and entries, which when.js reads
}
SCHEMES = {"http", "https", "mailto", "tel"}
DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "svg",
                     "math"}
# Attributes that make the browser fetch a URL as the page opens: from another host, each
# reader's browser would tell that host who read what, and when.
LOADING = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc"}
# Browsers drop these anywhere in a URL, and read a backslash as a slash.
_IGNORED = re.compile(r"[\t\n\r]")


@dataclass(frozen=True)
class Sanitized:
    html: str
    removed: tuple[Removal, ...]  # what the allowlist dropped: each would vanish silently


def sanitize(html: str, remote_hosts: frozenset[str] = frozenset()) -> str:
    return clean(html, remote_hosts).html


def clean(html: str, remote_hosts: frozenset[str] = frozenset()) -> Sanitized:
    refused: list[Removal] = []

    def attribute(tag: str, name: str, value: str) -> str | None:
        if name in NAMING:
            return namespaced(value)
        if name == "href":
            return anchor_link(value)
        if name in LOADING:
            host = _foreign_host(value, remote_hosts)
            if host is not None:
                refused.append(Removal(tag, name, value, remote_reason(tag, name, value, host)))
                return None
        return value

    cleaned = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                        clean_content_tags=DROP_WITH_CONTENT, strip_comments=False,
                        link_rel=None, attribute_filter=attribute)
    if _unchanged(html, cleaned):  # nothing went (most pages): skip the count
        return Sanitized(cleaned, ())
    return Sanitized(cleaned, tuple(removals(html, cleaned, refused, TAGS, ATTRIBUTES)))


# What nh3 writes differently from Python-Markdown with nothing removed: the headings'
# permalinks (&para;) and self-closed void elements (<br />, <hr />, <img ... />). Only
# these are undone before comparing, and that cannot hide a removal: whatever the
# sanitizer drops is still missing from its output after the rewrite.
_SELF_CLOSED = re.compile(r" ?/>")


def _unchanged(html: str, cleaned: str) -> bool:
    if cleaned == html:
        return True
    return cleaned == _SELF_CLOSED.sub(">", html.replace("&para;", "\u00b6"))


def plain(fragment: str) -> str:
    """An HTML fragment as escaped text: for the table of contents, which the theme
    writes out as HTML."""
    return nh3.clean(fragment, tags=set(), clean_content_tags=DROP_WITH_CONTENT)


def _foreign_host(value: str, allowed: frozenset[str]) -> str | None:
    """The host `value` would load from when it is neither this site nor allowed."""
    for candidate in value.split(",") if "," in value else [value]:
        url = _IGNORED.sub("", candidate).strip(" \x00\x0b\x0c").replace("\\", "/")
        url = url.split(" ", 1)[0]  # a srcset candidate: "URL 2x"
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            host = (parts.hostname or url).lower()
            if host not in allowed:
                return host
    return None


def remote_reason(tag: str, attribute: str, url: str, host: str) -> str:
    return (f"the {attribute} of <{tag}> ({url}) would be fetched from {host}, outside the "
            "intranet, by every reader who opens the page, so it would vanish from the page; "
            f"put the file next to the post, or ask the platform owners to add {host} under "
            "remote: allow in policy.yml")
