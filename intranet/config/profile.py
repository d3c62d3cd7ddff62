"""What a person's profile may say about them, from their entry in org.yml: a short bio,
where they work, their manager and team, and a few links. All optional; each is checked
here, so nothing a profile shows can be markup, script or a foreign kind of link."""

from __future__ import annotations

import re
from typing import NamedTuple

from intranet.config.fields import Reader
from intranet.config.yaml.read import Map, Scalar

KEYS = ("bio", "location", "manager", "team", "links")
BIO_CHARS = 600
SHORT_CHARS = 80  # a location, a team, a link's title
LINKS = 10
URL_CHARS = 2000
# http(s) with a host, or mailto with an address: nothing a browser would run or open in
# another program unasked; no spaces, quotes or angle brackets (they end a link early).
URL = re.compile(r"(?:https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?"
                 r"(?:[/?#][^\s<>\"'`\\]*)?|mailto:[^\s<>\"'`\\@/:]+@[^\s<>\"'`\\@/]+)\Z")


class Link(NamedTuple):
    title: str
    url: str


class Profile(NamedTuple):
    bio: str = ""
    location: str = ""
    manager: str = ""  # a handle in org.yml (checked with the rest of the chart)
    team: str = ""
    links: tuple[Link, ...] = ()


def read_profile(reader: Reader, node: Map) -> Profile:
    """The profile fields of a person's entry; every problem is added to `reader`."""
    return Profile(_text(reader, node, "bio", BIO_CHARS, paragraphs=True),
                   _text(reader, node, "location", SHORT_CHARS),
                   reader.text(node, "manager", "a person"),
                   _text(reader, node, "team", SHORT_CHARS), _links(reader, node))


def _text(reader: Reader, node: Map, key: str, limit: int, paragraphs: bool = False) -> str:
    value = reader.text(node, key, "a person")
    if len(value) > limit:
        reader.add(node.get(key), "schema", f"{key} is {len(value)} characters; keep it to "
                   f"{limit}")
    elif "\n" in value.strip() and not paragraphs:
        reader.add(node.get(key), "schema", f"{key} must be one line")
    return value.strip()


def _links(reader: Reader, node: Map) -> tuple[Link, ...]:
    if node.get("links") is None:
        return ()
    items = reader.entries(node, "links", "a person")
    if len(items) > LINKS:
        reader.add(node.get("links"), "schema", f"{len(items)} links; a profile shows at most "
                   f"{LINKS}")
    return tuple(link for link in (_link(reader, item) for item in items) if link)


def _link(reader: Reader, item: Map) -> Link | None:
    what = "a link"
    reader.keys(item, ("title", "url"), (), what)
    title = _text(reader, item, "title", SHORT_CHARS)
    url = reader.text(item, "url", what)
    if not url:
        return None
    if len(url) > URL_CHARS or not URL.match(url):
        reader.add(item.get("url"), "schema", f"url {url[:100]!r} must be an http:// or "
                   "https:// address with a host, or mailto:someone@example.com, without "
                   "spaces, quotes or angle brackets")
        return None
    return Link(title or url, url)


def managers(reader: Reader, people: list[Map], handles: set[str]) -> None:
    """Each manager is someone in 'people', not the person themselves, and following
    managers up never comes back round (the chart is a tree)."""
    chain: dict[str, Scalar] = {}  # handle -> where their manager is written
    for node in people:
        handle, manager = node.get("handle"), node.get("manager")
        if not isinstance(manager, Scalar) or not isinstance(handle, Scalar):
            continue
        if manager.value not in handles:
            reader.add(manager, "unknown-person", f"manager {manager.value!r} is not in "
                       "'people'; add them there or fix the handle")
        elif manager.value == handle.value:
            reader.add(manager, "manager", f"{handle.value!r} cannot be their own manager")
        else:
            chain[handle.value] = manager
    up = {handle: manager.value for handle, manager in chain.items()}
    for who, written in chain.items():
        if _returns(up, who):
            reader.add(written, "manager", f"managers go round in a circle: {who!r} "
                       f"reports to {written.value!r}, whose managers lead back to "
                       f"{who!r}; someone in it must report outside it")


def _returns(up: dict[str, str], handle: str) -> bool:
    """Whether following managers up from `handle` comes back to it."""
    current = up.get(handle)
    for _ in range(len(up)):
        if current is None or current == handle:
            break
        current = up.get(current)
    return current == handle
