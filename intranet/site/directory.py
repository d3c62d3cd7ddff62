"""The People page: everyone in org.yml with their face, name, title and handle, grouped
by department in the chart's order. A list of cards rather than a table, so nothing is
cut off on a phone; the site's script (directory.js) adds a box that narrows the list as
you type. Without script the page is the whole list."""

from __future__ import annotations

from intranet.config.org import Department, Person
from intranet.site.avatars import avatar
from intranet.site.md import escape, link
from intranet.site.plan import Site

SRC = "people/index.md"
FACE = 40


def directory(site: Site) -> str:
    people = len(site.org.people)
    parts = [f"---\ntitle: People\n---\n\n# People\n\n{people} "
             f"{'person' if people == 1 else 'people'} at {escape(site.org.company)}, by "
             "department, from the org chart (`org.yml`).\n{ .intranet-directory__intro }\n",
             '\n<div class="intranet-directory" markdown>\n']
    for dept in site.org.departments:
        members = sorted(site.org.members(dept.id), key=lambda p: p.name.casefold())
        if members:
            parts.append(group(site, dept, members))
    return "".join(parts) + "\n</div>\n"


def group(site: Site, dept: Department, members: list[Person]) -> str:
    cards = "\n".join(card(site, person) for person in members)
    return (f'\n<div class="intranet-directory__group" markdown>\n\n## {escape(dept.name)}\n\n'
            f"{cards}\n\n</div>\n")


def card(site: Site, person: Person) -> str:
    """One person as a list item: face, linked name, title and handle, a line each."""
    return (f"- {avatar(site, person.handle, SRC, FACE)} "
            f"{link(person.name, SRC, f'people/{person.handle}.md')}\n"
            f'  <span class="intranet-person__title">{escape(person.title)}</span>\n'
            f'  <span class="intranet-person__handle">@{person.handle}</span>')
