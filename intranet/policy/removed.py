"""What the sanitizer dropped from a page, and where the author wrote it.

The checker refuses most markup with a line number; this is the backstop behind it. The
rendered page and the sanitized one are taken apart into elements and attributes, and
whatever the first has more of was dropped: an author's words must never vanish from a
page without the build saying so."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import NamedTuple

from intranet.errors import Finding, error
from intranet.site.anchors import anchor_link, namespaced
from intranet.site.code import mask_code

RULE = "sanitize-removed"


class Removal(NamedTuple):
    tag: str
    attribute: str  # "" when the element itself was dropped
    value: str  # the refused URL, when that was the reason
    reason: str  # why, and what to do instead


# Dropped with everything inside: what they hold is reported as theirs, not one by one.
SILENCED = {"svg", "math", "template", "noscript", "iframe", "object"}


class _Inventory(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[tuple[str, str]] = Counter()
        self.values: dict[tuple[str, str], list[str]] = {}
        self._silenced: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._silenced:
            self._silenced += [tag] if tag in SILENCED else []
            return
        self._silenced += [tag] if tag in SILENCED else []
        self.found[tag, ""] += 1
        for name, value in attrs:
            self.found[tag, name] += 1
            self.values.setdefault((tag, name), []).append(value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        silenced = len(self._silenced)
        self.handle_starttag(tag, attrs)
        del self._silenced[silenced:]  # <svg/> holds nothing

    def handle_endtag(self, tag: str) -> None:
        if tag in self._silenced:
            del self._silenced[len(self._silenced) - self._silenced[::-1].index(tag) - 1:]


def _inventory(html: str) -> _Inventory:
    parsed = _Inventory()
    parsed.feed(html)
    parsed.close()
    return parsed


def removals(before: str, after: str, refused: list[Removal], tags: set[str],
             allowed: dict[str, set[str]]) -> list[Removal]:
    """Everything in `before` that `after` lacks, given the `tags` and `allowed` attributes
    the sanitizer keeps. `refused` are removals already explained (not counted twice)."""
    seen, kept = _inventory(before), _inventory(after)
    missing = seen.found - kept.found
    missing.subtract(Counter((r.tag, r.attribute) for r in refused))
    gone_tags = {tag for tag, attribute in missing if not attribute and missing[tag, ""] > 0}
    found = list(refused)
    for (tag, attribute), count in sorted(missing.items()):
        if count <= 0 or (attribute and tag in gone_tags) or attribute == "markdown":
            # An attribute of a dropped element goes with it; `markdown` is md_in_html's
            # directive, left over where raw HTML was not parsed as Markdown: dropping it
            # changes nothing a reader sees.
            continue
        if not attribute and tag in tags:  # allowed, yet not where it stands
            found += [Removal(tag, "", "", _MISPLACED.format(tag=tag))] * count
            continue
        values = [""] * count
        if attribute in allowed.get(tag, set()) | allowed.get("*", set()):
            values = _refused_values(seen, kept, (tag, attribute), count)
        found += [Removal(tag, attribute, v, _reason(tag, attribute, v)) for v in values]
    return found


def _refused_values(seen: _Inventory, kept: _Inventory, key: tuple[str, str], count: int
                    ) -> list[str]:
    """An allowed attribute that went had a value the sanitizer refused (a URL's scheme);
    values that stayed, rewritten into the authors' namespace or not, are not it."""
    after = set(kept.values.get(key, []))
    gone = [v for v in seen.values.get(key, [])
            if not {v, anchor_link(v), namespaced(v)} & after]
    return (gone + [""] * count)[:count]


_MISPLACED = ("<{tag}> stands where HTML does not allow it (e.g. a table cell outside a "
              "table), so browsers would drop it from the page; fix the markup around it")


def _reason(tag: str, attribute: str, value: str) -> str:
    if not attribute:
        return (f"<{tag}> is not allowed on the intranet, so it would vanish from the page; "
                "remove it, or write it in Markdown")
    if value:
        return (f"the {attribute} of <{tag}> is a URL the intranet does not allow ({value}), "
                "so it would vanish from the page; use an http(s), mailto or tel link, or "
                "link to a page of the intranet")
    return (f"the {attribute} attribute of <{tag}> is not allowed on the intranet, so it "
            "would vanish from the page; remove it")


def findings(path: str, source: str, removed: list[Removal] | tuple[Removal, ...]
             ) -> list[Finding]:
    """One error per removal, at the place in `source` (the page's file) that wrote it,
    where it can be found; code blocks are text and are not searched."""
    text = mask_code(source)
    taken: set[int] = set()
    found = []
    for removal in removed:
        offset = next((o for o in _places(text, removal) if o not in taken), -1)
        taken.add(offset)
        line = text.count("\n", 0, offset) + 1 if offset >= 0 else 0
        column = offset - text.rfind("\n", 0, offset) if offset >= 0 else 0
        found.append(error(path, line, column, RULE, removal.reason))
    return sorted(found)


def _places(text: str, removal: Removal) -> Iterator[int]:
    if removal.value:
        start = text.find(removal.value)
        while start >= 0:
            yield start
            start = text.find(removal.value, start + 1)
    name = re.escape(removal.attribute or removal.tag)
    if not removal.attribute:
        yield from (m.start() for m in re.finditer(rf"<\s*{name}(?![\w:-])", text, re.I))
        return
    for markup in re.finditer(r"<[^<>]*>?|\{[^{}\n]*\}", text):
        for word in re.finditer(rf"(?<![\w:-]){name}(?![\w:-])", markup.group(), re.I):
            yield markup.start() + word.start()
