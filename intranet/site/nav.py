"""The site's navigation, derived from org.yml and the files present, so adding a
department or a page never means editing a hand-kept list as well."""

from __future__ import annotations

import html
from typing import TypeAlias

from intranet.site.plan import Site

NavItem: TypeAlias = "str | dict[str, str | list[NavItem]]"

PEOPLE = ["people/index.md", "moderators.md"]
HELP = ["policy.md", "how-to-post.md"]


def navigation(site: Site) -> list[NavItem]:
    """Posts are left out on purpose: they are reached from feeds, tags and search, and a
    nav listing thousands of posts would be copied into every page."""
    pages = set(site.pages)
    used: set[str] = set()

    def take(srcs: list[str]) -> list[NavItem]:
        found: list[NavItem] = []
        for src in srcs:
            if src in pages and src not in used:
                used.add(src)
                found.append(src)
        return found

    nav: list[NavItem] = [{"Home": "index.md"}] if "index.md" in pages else []
    used.add("index.md")
    departments: list[NavItem] = []
    for dept in site.org.departments:
        own = [s for s in site.pages if s.startswith(f"{dept.id}/")]
        items = take([f"{dept.id}/index.md", *own])
        if items:  # the theme writes section titles out as HTML
            departments.append({html.escape(dept.name): items})
    if departments:
        nav.append({"Departments": departments})
    nav.append({"People": list(PEOPLE)})
    nav += take(["tags.md"])
    help_pages = take(HELP)
    if help_pages:
        nav.append({"Help": help_pages})
    nav += take(sorted(pages - used))  # nothing hand-written is ever left unreachable
    return nav
