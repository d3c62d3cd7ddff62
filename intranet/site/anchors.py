"""Authors' anchors live in their own namespace, as on GitHub: every `id`, `name` and
`for` a page's Markdown produces starts with `user-content-`, and every link to an
anchor of a page is rewritten to match.

Material finds its own parts by id (`#__config`, `__search`, `__drawer`, ...) and the
browser exposes ids as globals, so an author's `{#__config}` would replace the theme's
configuration. No theme or site id starts with the prefix, so none can be equalled.

Markdown's own elements are namespaced while Markdown renders (the extension below):
ids before the `toc` extension, so headings, permalinks and the table of contents agree;
links after MkDocs has read them, so its anchor validation quotes the link as the author
wrote it (the hooks namespace what it compares). Raw HTML, which Markdown never parses, is
namespaced by the sanitizer. All apply `namespaced`, which leaves a value that already has
the prefix alone, so the passes agree whichever sees a value first.

One kind of link keeps its fragment: a link to a reply (`#reply-20261125-0930-eve`), the
site's own anchor on a post's page, which posts, replies, profiles and the home page link
to. Only links are spared; an author's id of that form is namespaced like any other, so
it can never stand in for the reply."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify as toc_slugify
from markdown.treeprocessors import Treeprocessor

from intranet.site.replies import ANCHOR

PREFIX = "user-content-"
NAMING = ("id", "name", "for")  # attributes whose value is an anchor or names one


def namespaced(value: str) -> str:
    return value if value.startswith(PREFIX) else PREFIX + value


def fragment(value: str) -> str:
    """A link's fragment as it must read: an author's anchor namespaced, a reply's kept."""
    return value if ANCHOR.match(value) else namespaced(value)


def anchor_link(url: str) -> str:
    """A link into a page of this site with its fragment namespaced; links elsewhere (a
    scheme or a host) and links without a fragment are left as they are."""
    head, hashmark, anchor = url.partition("#")
    if not hashmark or not anchor:
        return url
    parts = urlsplit(head)
    if parts.scheme or parts.netloc:
        return url
    return f"{head}#{fragment(anchor)}"


def slugify(value: str, separator: str) -> str:
    """The toc extension's heading ids, namespaced (set as its `slugify` by the hooks)."""
    return PREFIX + toc_slugify(value, separator)


class _Ids(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in NAMING:
                value = element.get(attribute)
                if value is not None:
                    element.set(attribute, namespaced(value))


class _Links(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href")
            if href is not None:
                element.set("href", anchor_link(href))


class AnchorsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After attr_list (8), abbr (7) and footnotes (15 and up) have set their ids;
        # before toc (5), which keeps an id a heading already has and slugifies the rest.
        md.treeprocessors.register(_Ids(md), "intranet_anchor_ids", 6)
        # After MkDocs has resolved and recorded each link (0).
        md.treeprocessors.register(_Links(md), "intranet_anchor_links", -1)


def makeExtension(**kwargs: object) -> AnchorsExtension:
    return AnchorsExtension(**kwargs)
