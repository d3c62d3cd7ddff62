"""Small helpers for the Markdown the engine generates: escaping, links, dates, names."""

from __future__ import annotations

import datetime as dt
import posixpath
import re

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
    relative = posixpath.relpath(target, posixpath.dirname(src) or ".")
    return f"[{escape(label)}]({relative})"


def day(date: dt.date) -> str:
    # Not strftime: month names must not depend on the build machine's locale.
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
