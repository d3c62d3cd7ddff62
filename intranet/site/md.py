"""Small helpers for the Markdown the engine generates: escaping, links, dates, names."""

from __future__ import annotations

import datetime as dt
import posixpath
import re

from intranet.config.org import Org

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|.-])")


def escape(text: str) -> str:
    """Text that renders as itself: people's names and titles are never markup."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def link(label: str, src: str, target: str) -> str:
    """A Markdown link from page `src` to page `target` (both under content/): relative,
    so MkDocs checks it and it survives any site URL."""
    return f"[{escape(label)}]({relative(src, target)})"


def relative(src: str, target: str) -> str:
    """The path from page `src` to page `target` (both under content/)."""
    return posixpath.relpath(target, posixpath.dirname(src) or ".")


def tag_src(tag: str) -> str:
    """A tag's page (tagpages.py makes one for every tag of a published post). A folder
    per tag: a tag named "index" or "page" cannot take another page's place."""
    return f"tags/{tag}/index.md"


FEED = "feed.xml"  # a listing's Atom feed (feeds.py), beside its page


def feed_of(page: str) -> str:
    """Where the feed of `page` lives: beside its index, or in its person's folder."""
    if page == "index.md":
        return FEED
    if page.endswith("/index.md"):
        return page.removesuffix("index.md") + FEED
    return page.removesuffix(".md") + "/" + FEED


def subscribe(page: str) -> str:
    """A visible link to the feed of `page`, for feed readers, Outlook and Teams."""
    return f"[Subscribe]({relative(page, feed_of(page))}){{ .intranet-subscribe }}"


def day(date: dt.date) -> str:
    # Not strftime: month names must not depend on the build machine's locale.
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def moment(when: dt.datetime) -> str:
    """A reply's date and time, as its author wrote it: `25 November 2026, 09:30`."""
    return f"{day(when.date())}, {when:%H:%M}"


def person(org: Org, handle: str, src: str) -> str:
    """A person's name linked to their profile, from page `src`."""
    found = org.person(handle)
    if found is None:
        return escape(handle)
    return link(found.name, src, f"people/{handle}.md")


def join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
