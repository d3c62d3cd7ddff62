"""Script-capable markup, embedded resources from outside the intranet and images without
alt text, found in a Markdown body.

The build also sanitizes the rendered HTML (defence in depth); this check exists so an
author hears about it with a line number, instead of content silently vanishing. Code
is text, not markup: what looks like code is skipped, but only where the site's
renderer agrees (intranet/rendered.py)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple
from urllib.parse import urlsplit

from intranet.site.code import mask_code

BLOCKED_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
                "style", "base", "meta", "link", "svg", "math", "template", "noscript")
URL_ATTRS = {"href", "src", "action", "formaction", "background", "lowsrc", "dynsrc", "data",
             "poster", "xlink:href", "srcset", "cite", "longdesc", "usemap", "codebase"}
SAFE_ATTR_LIST_KEYS = {"title", "alt", "width", "height", "lang", "loading", "target", "rel"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
# Attributes whose URL the browser fetches as soon as the page loads (links it does not).
LOADS = {"src", "srcset", "poster", "background", "lowsrc", "dynsrc", "data", "xlink:href",
         "imagesrcset", "codebase"}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")

_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][\w:-]*)([^>]*)>?")
_ATTR = re.compile(r"""([^\s"'>/=`]+)(?:\s*=\s*("[^"]*"|'[^']*'|`[^`]*`|[^\s>]+))?""")
# A link's target, a reference definition's, an autolink's, each with a character that
# any match contains: looking for one character first (memchr) is far faster than a regex.
_MD_URLS = (("]", re.compile(r"\]\(\s*<?([^)>]*)")),
            ("]", re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(\S+)", re.M)),
            ("<", re.compile(r"<([a-zA-Z][\w+.-]*:[^>\s]*)>")))
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_MD_IMAGE = re.compile(r"!\[\s*\](?=[(\[])")
# An image's target: inline `![alt](url)`, or a reference `![alt][ref]`, `![ref][]`, `![ref]`.
_IMAGE_INLINE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)>\s]*)")
_IMAGE_REF = re.compile(r"!\[([^\]\n]*)\](?:\[([^\]\n]*)\])?(?!\()")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:\s*<?([^>\s]+)", re.M)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


class Hit(NamedTuple):
    offset: int  # into the body text
    rule: str
    message: str
    length: int = 0  # of the source text the rule matched


def scan_markup(body: str, hosts: frozenset[str] = frozenset(),
                code: Callable[[str], str] | None = None) -> list[Hit]:
    """Every finding in the body. `hosts` may be embedded from; `code(body)` returns the
    text the site renders as code, to confirm what looks like code (None: nothing is
    taken for code). A finding is dropped only when masking what looks like code makes it
    go away and the renderer confirms that it is code."""
    hits = _scan(body, hosts)
    if not hits:  # most posts: no need to look for code at all
        return []
    masked = mask_code(body)
    kept = {(h.offset, h.rule) for h in _scan(masked, hosts)} if masked != body else None
    if kept is None or all((h.offset, h.rule) in kept for h in hits):
        return sorted(hits)
    rendered = code(body) if code is not None else ""
    return sorted(h for h in hits
                  if (h.offset, h.rule) in kept or not _rendered_as_code(body, h, rendered))


def _scan(text: str, hosts: frozenset[str]) -> list[Hit]:
    hits = [*_markdown_urls(text)]
    if "<" in text:
        hits += _tags(text, hosts)
    if "{" in text:
        hits += _attr_lists(text)
    if "[" in text:
        hits += [Hit(m.start(), "image-alt", "an image needs alt text for people who cannot "
                     "see it; write ![what it shows](...)", m.end() - m.start())
                 for m in _MD_IMAGE.finditer(text)]
        hits += _markdown_images(text, hosts)
    return hits


def _rendered_as_code(body: str, hit: Hit, code: str) -> bool:
    """Whether the text the rule matched is code wherever it appears: every occurrence
    in the body must come out of the renderer as the text of a code element."""
    snippet = body[hit.offset:hit.offset + hit.length]
    return bool(snippet) and code.count(snippet) >= body.count(snippet)


def _tags(text: str, hosts: frozenset[str]) -> Iterator[Hit]:
    for tag in _TAG.finditer(text):
        name = tag.group(1).lower()
        closing = tag.group(0)[1:].lstrip().startswith("/")
        if closing:
            continue
        at, length = tag.start(), tag.end() - tag.start()
        if name in BLOCKED_TAGS:
            yield Hit(at, "markup-html", f"<{name}> is not allowed in posts; remove it (embed "
                      "nothing: link to the page instead)", length)
            continue
        attrs = {a.group(1).lower(): _value(a.group(2)) for a in _ATTR.finditer(tag.group(2))}
        yield from (hit._replace(offset=at, length=length)
                    for hit in _attributes(attrs, hosts))
        if name == "img" and not attrs.get("alt", "").strip():
            yield Hit(at, "image-alt", "an image needs alt text; add alt=\"...\" describing "
                      "it", length)


def _attributes(attrs: dict[str, str], hosts: frozenset[str]) -> Iterator[Hit]:
    for name, value in attrs.items():
        if name.startswith("on"):
            yield Hit(0, "markup-handler", f"the {name} attribute runs script; remove it")
        elif name in ("style", "srcdoc"):
            yield Hit(0, "markup-html", f"the {name} attribute is not allowed; use "
                      "Markdown formatting instead")
        elif name in URL_ATTRS and _bad_url(value):
            yield Hit(0, "markup-url", _URL_MESSAGE)
        elif name in LOADS and any(_remote(url, hosts) for url in _urls(name, value)):
            yield Hit(0, "markup-remote", _REMOTE_MESSAGE)


def _urls(name: str, value: str) -> list[str]:
    if name.endswith("srcset"):  # "a.png 1x, https://x/b.png 2x": a URL per candidate
        return [c.split()[0] for c in value.split(",") if c.split()]
    return [value]


def _markdown_images(text: str, hosts: frozenset[str]) -> Iterator[Hit]:
    for match in _IMAGE_INLINE.finditer(text):
        if _remote(match.group(1), hosts):
            yield Hit(match.start(), "markup-remote", _REMOTE_MESSAGE,
                      match.end() - match.start())
    if "]:" not in text:
        return
    defined = {" ".join(m.group(1).lower().split()): m.group(2)
               for m in _DEFINITION.finditer(text)}
    for match in _IMAGE_REF.finditer(text):
        ref = " ".join((match.group(2) or match.group(1)).lower().split())
        if ref in defined and _remote(defined[ref], hosts):
            yield Hit(match.start(), "markup-remote", _REMOTE_MESSAGE,
                      match.end() - match.start())


def _remote(url: str, hosts: frozenset[str]) -> bool:
    """Whether a browser would fetch `url` from outside the intranet: any scheme, or a
    host (browsers read `\\host` as `//host`), unless the host is allowed."""
    cleaned = _INVISIBLE.sub("", html.unescape(url)).replace("\\", "/")
    if not cleaned.startswith("//") and not _SCHEME.match(cleaned):
        return False  # a path on this site
    try:
        host = (urlsplit(cleaned).hostname or "").lower()
    except ValueError:
        return True
    return host not in hosts


def _markdown_urls(text: str) -> Iterator[Hit]:
    for needle, pattern in _MD_URLS:
        if needle not in text:
            continue
        for match in pattern.finditer(text):
            if _bad_url(match.group(1)):
                yield Hit(match.start(), "markup-url", _URL_MESSAGE,
                          match.end() - match.start())


def _attr_lists(text: str) -> Iterator[Hit]:
    for match in _ATTR_LIST.finditer(text):
        for attr in _ATTR.finditer(match.group(1)):
            key = attr.group(1).lower()
            if attr.group(2) is not None and key not in SAFE_ATTR_LIST_KEYS:
                yield Hit(match.start(), "markup-attr-list", f"the attribute list sets "
                          f"{key!r}; only .class, #id and {', '.join(sorted(SAFE_ATTR_LIST_KEYS))} "
                          "may be set", match.end() - match.start())


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
_REMOTE_MESSAGE = ("this loads a file from outside the intranet in every reader's browser; "
                   "put the file next to the post and link it by its name (hosts allowed in "
                   "policy.yml's remote.allow may be embedded)")
