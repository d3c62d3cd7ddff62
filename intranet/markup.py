"""Script-capable markup and images without alt text, found in a Markdown body.

The build also sanitizes the rendered HTML (defence in depth); this check exists so an
author hears about it with a line number, instead of content silently vanishing."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import NamedTuple

BLOCKED_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
                "style", "base", "meta", "link", "svg", "math", "template", "noscript")
URL_ATTRS = {"href", "src", "action", "formaction", "background", "lowsrc", "dynsrc", "data",
             "poster", "xlink:href", "srcset", "cite", "longdesc", "usemap", "codebase"}
SAFE_ATTR_LIST_KEYS = {"title", "alt", "width", "height", "lang", "loading", "target", "rel"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][\w:-]*)([^>]*)>?")
_ATTR = re.compile(r"""([^\s"'>/=`]+)(?:\s*=\s*("[^"]*"|'[^']*'|`[^`]*`|[^\s>]+))?""")
# A link's target, a reference definition's, an autolink's, each with a character that
# any match contains: looking for one character first (memchr) is far faster than a regex.
_MD_URLS = (("]", re.compile(r"\]\(\s*<?([^)>]*)")),
            ("]", re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(\S+)", re.M)),
            ("<", re.compile(r"<([a-zA-Z][\w+.-]*:[^>\s]*)>")))
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_MD_IMAGE = re.compile(r"!\[\s*\](?=[(\[])")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


class Hit(NamedTuple):
    offset: int  # into the body text
    rule: str
    message: str


def scan_markup(body: str) -> list[Hit]:
    text = mask_code(body)
    hits = [*_markdown_urls(text)]
    if "<" in text:
        hits += _tags(text)
    if "{" in text:
        hits += _attr_lists(text)
    if "[" in text:
        hits += [Hit(m.start(), "image-alt", "an image needs alt text for people who cannot "
                     "see it; write ![what it shows](...)") for m in _MD_IMAGE.finditer(text)]
    return sorted(hits)


def mask_code(body: str) -> str:
    """Blank out fenced blocks and inline code, keeping offsets: code is text, not markup."""
    if "`" not in body and "~" not in body:  # no code at all: the common case
        return body
    lines = body.split("\n")
    fence = ""
    for i, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            lines[i] = " " * len(line)
        elif opening:
            fence = opening.group(1)
            lines[i] = " " * len(line)
        elif "`" in line:
            lines[i] = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
    return "\n".join(lines)


def _tags(text: str) -> Iterator[Hit]:
    for tag in _TAG.finditer(text):
        name = tag.group(1).lower()
        closing = tag.group(0)[1:].lstrip().startswith("/")
        if closing:
            continue
        if name in BLOCKED_TAGS:
            yield Hit(tag.start(), "markup-html", f"<{name}> is not allowed in posts; remove "
                      "it (embed nothing: link to the page instead)")
            continue
        attrs = {a.group(1).lower(): _value(a.group(2)) for a in _ATTR.finditer(tag.group(2))}
        yield from _attributes(tag.start(), attrs)
        if name == "img" and not attrs.get("alt", "").strip():
            yield Hit(tag.start(), "image-alt", "an image needs alt text; add alt=\"...\" "
                      "describing it")


def _attributes(offset: int, attrs: dict[str, str]) -> Iterator[Hit]:
    for name, value in attrs.items():
        if name.startswith("on"):
            yield Hit(offset, "markup-handler", f"the {name} attribute runs script; remove it")
        elif name in ("style", "srcdoc"):
            yield Hit(offset, "markup-html", f"the {name} attribute is not allowed; use "
                      "Markdown formatting instead")
        elif name in URL_ATTRS and _bad_url(value):
            yield Hit(offset, "markup-url", _URL_MESSAGE)


def _markdown_urls(text: str) -> Iterator[Hit]:
    for needle, pattern in _MD_URLS:
        if needle not in text:
            continue
        for match in pattern.finditer(text):
            if _bad_url(match.group(1)):
                yield Hit(match.start(), "markup-url", _URL_MESSAGE)


def _attr_lists(text: str) -> Iterator[Hit]:
    for match in _ATTR_LIST.finditer(text):
        for attr in _ATTR.finditer(match.group(1)):
            key = attr.group(1).lower()
            if attr.group(2) is not None and key not in SAFE_ATTR_LIST_KEYS:
                yield Hit(match.start(), "markup-attr-list", f"the attribute list sets "
                          f"{key!r}; only .class, #id and {', '.join(sorted(SAFE_ATTR_LIST_KEYS))} "
                          "may be set")


def _value(raw: str | None) -> str:
    if raw is None:
        return ""
    if raw[:1] in "\"'`" and raw[-1:] == raw[:1]:
        raw = raw[1:-1]
    return html.unescape(raw)


def _bad_url(url: str) -> bool:
    # Browsers ignore control characters and white space inside a scheme: "java\tscript:".
    return _INVISIBLE.sub("", html.unescape(url)).lower().startswith(BAD_SCHEMES)


_URL_MESSAGE = ("javascript:, vbscript: and data: links are not allowed; link to an http(s) "
                "page or a page of the intranet")
