"""The record of a page the build generates rather than reads from content/: the parts of
the site that make pages (people, listings, the archive) return these, and pages.py
gathers them for the hooks to publish. A hand-written page at the address of one of them
(say content/tags.md, kept from before the Tags page was generated) is refused: MkDocs
would silently publish only one of the two."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import NamedTuple

from intranet.errors import Finding


class Generated(NamedTuple):
    src: str  # where it sits among the pages, as if under content/
    markdown: str
    source: str = "org.yml"  # the file to edit to change it (its "Edit" link); "" none
    in_nav: bool = False  # listed in the navigation (else reached by links)


def front(title: str, searched: bool = True) -> str:
    """A generated page's front-matter. Pages that only list posts stay out of search:
    their words are the posts' own, which search finds on the posts themselves."""
    hidden = "search:\n  exclude: true\n" if not searched else ""
    # JSON's string syntax is a subset of YAML's double-quoted scalars.
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n{hidden}---\n\n"


def address(src: str) -> str:
    """The URL path a page gets (`tags.md` and `tags/index.md` are both `tags/`)."""
    stem = src.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def clashes(written: Iterable[str], pages: Iterable[Generated]) -> list[Finding]:
    """Hand-written pages (under content/) at the address of a generated page."""
    ours = {address(page.src): page.src for page in pages}
    return [Finding(f"content/{src}", 1, 1, "page-generated", "error",
                    f"the build generates the page at this address ({ours[address(src)]}); "
                    f"rename or delete content/{src}")
            for src in written if address(src) in ours]

