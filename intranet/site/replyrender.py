"""Replies rendered for their post's page, all with one Markdown instance per build: the
site's own extensions and options (so a reply renders as a post would, under the same
enforced anchors), reset between replies, which costs far less than a new instance each.

A post page holds many replies, and each is rendered on its own: footnotes, tabs and
heading ids restart in every reply and would collide with the post's and each other's
(a click on reply 2's footnote would jump to the post's). So every name a reply's
Markdown makes is scoped to the reply: `user-content-fn:1` becomes
`user-content-<reply id>-fn:1`, and the reply's own links to it follow."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from intranet.site.anchors import NAMING, PREFIX


class _Scope(Treeprocessor):
    """After the anchors extension (-1) has namespaced ids and links: scope them."""

    prefix = ""  # the reply being rendered, set before each

    def run(self, root: etree.Element) -> None:
        if not self.prefix:
            return
        scoped: set[str] = set()
        for element in root.iter():
            for attribute in NAMING:
                value = element.get(attribute)
                if value is not None and value.startswith(PREFIX):
                    scoped.add(value)
                    element.set(attribute, self._scoped(value))
        for element in root.iter("a"):
            head, hashmark, anchor = (element.get("href") or "").partition("#")
            if hashmark and not head and anchor in scoped:
                element.set("href", "#" + self._scoped(anchor))

    def _scoped(self, value: str) -> str:
        return PREFIX + self.prefix + "-" + value.removeprefix(PREFIX)


class Renderer:
    """Renders replies with `md`, an instance made with the site's extensions (and any
    tree processors the caller registered on it, such as the one resolving links)."""

    def __init__(self, md: Markdown) -> None:
        self.md = md
        self._scope = _Scope(md)
        md.treeprocessors.register(self._scope, "intranet_reply_scope", -2)

    def render(self, reply_id: str, text: str) -> str:
        self._scope.prefix = reply_id
        return self.md.reset().convert(text)
