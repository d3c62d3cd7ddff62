"""The site's navigation, derived from org.yml and the files present, so adding a
department or a page never means editing a hand-kept list as well.

The tabs: Home · Departments · People · Tags · How to post · Usage policy, then any other
hand-written page. A tab that is a section opens its first page (Material's
navigation.indexes), so each section starts with the page its tab and breadcrumb name:
Departments with the overview of every department, People with the directory, Tags with
the tags index."""

from __future__ import annotations

import html
from typing import TypeAlias

from intranet.site import archive, departments, tagpages
from intranet.site.plan import Site

NavItem: TypeAlias = "str | dict[str, str | list[NavItem]]"

PEOPLE = ["people/index.md", "moderators.md"]
GUIDES = ["how-to-post.md", "policy.md"]  # tabs of their own, titled by their pages
# Sections kept out of the nav (their pages would be copied into every page) that still
# name their pages' parent in breadcrumbs: the first page of each, by its title.
UNLISTED = {archive.INDEX: archive.TITLE}


def navigation(site: Site) -> list[NavItem]:
    """Posts are left out on purpose: they are reached from feeds, tags, the archive and
    search, and a nav listing thousands of posts would be copied into every page. So are
    the generated pages of older posts, for the same reason (pages.py)."""
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
    sections: list[NavItem] = [departments.INDEX]
    for dept in site.org.departments:
        own = [s for s in site.pages if s.startswith(f"{dept.id}/")]
        items = take([f"{dept.id}/index.md", *own])
        if items:  # the theme writes section titles out as HTML
            sections.append({html.escape(dept.name): items})
    nav.append({"Departments": sections})
    nav.append({"People": list(PEOPLE)})
    nav.append({"Tags": [tagpages.INDEX]})
    nav += take(GUIDES)
    nav += take(sorted(pages - used))  # nothing hand-written is ever left unreachable
    return nav
