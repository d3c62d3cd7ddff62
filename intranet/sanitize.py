"""Sanitize rendered HTML: defence in depth behind the checker. Whatever slipped past the
rules (a new trick, a rule switched off) still cannot run script in a reader's browser.

nh3 (Rust's ammonia) parses HTML the way browsers do, which is what makes it trustworthy
where a regex is not. The allowlist keeps what Markdown and Material produce: headings
with anchors, admonitions, highlighted code, footnotes, tabs, task lists, tables."""

from __future__ import annotations

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled", "name"},  # tabs and task lists
    "label": {"for"},
    "ol": {"start", "type"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "div": {"data-tabs"},
    "details": {"open"},
    "code": {"data-lang"},
}
SCHEMES = {"http", "https", "mailto", "tel"}
DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "svg",
                     "math"}


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     clean_content_tags=DROP_WITH_CONTENT, strip_comments=False,
                     link_rel=None)
