"""Pages generated from org.yml: the people directory (directory.py) and a profile per
person: their face, name, title and department, what org.yml says about them (bio,
location, manager, team, links), what they moderate, their posts and where they were
mentioned. Nobody maintains these by hand, so they cannot drift from the chart. Also the
list of people the site's script offers readers to say who they are."""

from __future__ import annotations

import json
from urllib.parse import quote

from intranet.config.org import Department, Person
from intranet.site.activity import mentioned
from intranet.site.avatars import avatar
from intranet.site.directory import directory
from intranet.site.md import escape, link, subscribe
from intranet.site.paging import first_page
from intranet.site.plan import Site

__all__ = ["directory", "people_json", "profile"]
FACE = 96


def profile(site: Site, person: Person) -> str:
    src = f"people/{person.handle}.md"
    lines = [f"---\ntitle: {_yaml(person.name)}\n---\n",
             '<div class="intranet-profile" markdown>\n',
             f"{avatar(site, person.handle, src, FACE)}\n",
             '<div class="intranet-profile__who" markdown>\n',
             f"# {escape(person.name)}\n",
             f"{escape(person.title)}, {_dept(site, person, src)}\n",
             "</div>\n</div>\n"]
    lines += [f"{escape(paragraph)}\n{{ .intranet-profile__bio }}\n"
              for paragraph in person.bio.split("\n\n") if paragraph.strip()]
    lines += facts(site, person, src)
    lines.append("\n## Posts\n")
    lines.append(first_page(site, site.by_author(person.handle), src))  # later: pages.py
    lines.append(f"\n{subscribe(src)}\n")
    lines.append(mentioned(site, person.handle, src))
    return "\n".join(lines) + "\n"


def facts(site: Site, person: Person, src: str) -> list[str]:
    """The profile's list: each line only when org.yml says it."""
    manager = site.org.person(person.manager) if person.manager else None
    owns = [f"{link(d.name, src, f'{d.id}/index.md')} ({_role(person, d)})"
            for d in site.org.departments if person.handle in d.owners]
    links = [f"[{escape(item.title)}]({_url(item.url)})" for item in person.links]
    found = [("Location", escape(person.location)),
             ("Manager", f'<span class="intranet-author">{avatar(site, manager.handle, src, 20)}'
                         f" {link(manager.name, src, f'people/{manager.handle}.md')}</span>"
              if manager else ""),
             ("Team", escape(person.team)),
             ("Handle", f"`{person.handle}`"),
             ("E-mail", f"[{escape(person.email)}](mailto:{quote(person.email, safe='@')})"),
             ("Moderates", ", ".join(owns)),
             ("Links", " · ".join(links))]
    items = "\n".join(f"- {label}: {value}" for label, value in found if value)
    return [f'<div class="intranet-profile__facts" markdown>\n\n{items}\n\n</div>']


def _url(url: str) -> str:
    """org.yml's URL (checked: http, https or mailto) as a Markdown link's destination:
    what Markdown would read as its end is escaped."""
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


def _dept(site: Site, person: Person, src: str) -> str:
    dept = site.org.department(person.department)
    return link(dept.name, src, f"{dept.id}/index.md") if dept else escape(person.department)


def _role(person: Person, dept: Department) -> str:
    return "head" if person.handle in dept.heads else "deputy"


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def people_json(site: Site) -> str:
    """Everyone's handle and name, by name: what the "Writing as" chooser offers."""
    people = sorted(site.org.people, key=lambda p: p.name.casefold())
    return json.dumps([{"handle": p.handle, "name": p.name} for p in people],
                      ensure_ascii=False)
