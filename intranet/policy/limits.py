"""Bounds on the Markdown constructs that make Python-Markdown slow or deeply recursive,
so that no post that passed the check can stall or crash the build. Measured on
Python-Markdown 3.11 with the site's extensions (`scripts/bench check` renders the
hostile corpus): unclosed brackets and links cost time quadratic in their number within
a paragraph; an HTML tag left unclosed, its distance to the end of the post; each
abbreviation definition rescans the whole post; nesting (lists, quotes, `markdown`
blocks) recurses; long runs and lines feed regexes that scan them again and again. The
numbers live in policy.yml (`limits`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from intranet.config.policy import Policy

PARAGRAPHS = re.compile(r"\n[ \t]*\n")
# What Python-Markdown tries to close: `[` of links and images, `<` of tags and autolinks.
OPENERS = re.compile(r"\[|<(?=[A-Za-z/!?])")
# A tag's `<` with no `>` before the next `<`: Python's HTML parser reads on to the end.
UNCLOSED = re.compile(r"<[A-Za-z/!?][^<>]*(?=<|\Z)")
ABBREVIATIONS = re.compile(r"^ {0,3}\*\[[^\]\n]*\]:", re.MULTILINE)
LEADING = re.compile(r"[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)*")
MARKERS = re.compile(r">|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")
MD_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^>]*)>")


class Hit(NamedTuple):
    offset: int
    rule: str
    message: str


def scan_limits(body: str, policy: Policy) -> list[Hit]:
    hits = [*_lines(body, policy.line_chars), *_runs(body, policy.run_chars),
            *_nesting(body, policy.nesting)]
    angles = body.count("<")  # str.count: one quick pass each, and most posts stop here
    if body.count("[") + angles > policy.openers:
        hits += _openers(body, policy.openers)
    if angles > policy.unclosed_tags:
        hits += _counted(body, UNCLOSED, policy.unclosed_tags, f"this post leaves more than "
                         f"{policy.unclosed_tags} HTML tags without their `>` "
                         "(limits.unclosed_tags); close them, or write &lt; for a `<` that "
                         "is text")
    if "*[" in body:
        hits += _counted(body, ABBREVIATIONS, policy.abbreviations, f"this post defines more "
                         f"than {policy.abbreviations} abbreviations (limits.abbreviations); "
                         "keep the ones readers need")
    return hits


def _lines(body: str, limit: int) -> Iterator[Hit]:
    if len(body) <= limit:  # most posts: no line can be that long
        return
    start = 0
    while start < len(body):
        end = body.find("\n", start)
        end = len(body) if end < 0 else end
        if end - start > limit:
            yield Hit(start, "markup-limit", f"this line is longer than {limit:,} "
                      "characters (limits.line_chars); break it into lines or paragraphs")
            return
        start = end + 1


def _runs(body: str, limit: int) -> Iterator[Hit]:
    if len(body) <= limit:
        return
    for marker in "*_`[]~":
        at = body.find(marker * (limit + 1))  # a substring search, far faster than a regex
        if at >= 0:
            yield Hit(at, "markup-limit", f"{limit + 1} or more {marker!r} in a row "
                      f"(limits.run_chars is {limit}); shorten the run, or put it in a code "
                      "block")
            return


def _nesting(body: str, limit: int) -> Iterator[Hit]:
    """Lists and quotes inside one another, by the markers and indentation a line opens
    with; and `markdown` blocks (md_in_html) inside one another."""
    quick, deep = _deep_lines(limit)
    if quick.search(body) is None and deep.match(body) is None:
        return
    for match in deep.finditer(body):
        prefix = LEADING.match(match.group())
        text = prefix.group() if prefix else ""
        depth = len(MARKERS.findall(text)) + (len(text) - len(text.lstrip(" \t"))) // 4
        if depth > limit:
            yield Hit(match.start(), "markup-limit", _deep(limit))
            return
    if "markdown" in body:
        yield from _markdown_blocks(body, limit)


@lru_cache(maxsize=4)
def _deep_lines(limit: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A line can only nest that deep if it opens with that many of these characters; a
    literal "\\n" first lets the regex engine skip ahead (`^` in MULTILINE mode does not)."""
    return (re.compile(f"\n[ \t>*+.)0-9-]{{{limit + 1}}}"),
            re.compile(f"(?:\\A|(?<=\n))[ \t>*+.)0-9-]{{{limit + 1},}}"))


def _markdown_blocks(body: str, limit: int) -> Iterator[Hit]:
    stack: list[str] = []
    for tag in MD_TAG.finditer(body):
        closing, name = tag.group(1), tag.group(2).lower()
        if closing:
            if stack and stack[-1] == name:
                stack.pop()
        elif "markdown" in tag.group(3):
            stack.append(name)
            if len(stack) > limit:
                yield Hit(tag.start(), "markup-limit", _deep(limit))
                return


def _deep(limit: int) -> str:
    return (f"lists, quotes or `markdown` blocks are nested more than {limit} deep "
            "(limits.nesting); flatten the structure")


def _counted(body: str, pattern: re.Pattern[str], limit: int, message: str
             ) -> Iterator[Hit]:
    for number, match in enumerate(pattern.finditer(body), 1):
        if number > limit:
            yield Hit(match.start(), "markup-limit", message)
            return


def _openers(body: str, limit: int) -> Iterator[Hit]:
    start = 0
    for end in [m.start() for m in PARAGRAPHS.finditer(body)] + [len(body)]:
        found = OPENERS.findall(body, start, end)
        if len(found) > limit:
            yield Hit(start, "markup-limit", f"this paragraph opens more than {limit} links, "
                      "images or tags ([ and <; limits.openers); split it into paragraphs")
            return
        start = end
