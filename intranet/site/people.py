"""Pages generated from org.yml: the people directory, a profile per person, and the
moderators page. Nobody maintains these by hand, so they cannot drift from the chart.
Also the list of people the site's script offers readers to say who they are."""

from __future__ import annotations

import json
from urllib.parse import quote

from intranet.config.org import Department, Person
from intranet.site.activity import mentioned
from intranet.site.entry import listing
from intranet.site.md import escape, link
from intranet.site.plan import Site


def directory(site: Site) -> str:
    src = "people/index.md"
    rows = ["| Name | Title | Department | Handle |", "| --- | --- | --- | --- |"]
    for person in sorted(site.org.people, key=lambda p: p.name.casefold()):
        rows.append(f"| {link(person.name, src, f'people/{person.handle}.md')} "
                    f"| {escape(person.title)} | {_dept(site, person, src)} "
                    f"| `{person.handle}` |")
    return (f"---\ntitle: People\n---\n\n# People\n\nEveryone at {escape(site.org.company)}, "
            "from the org chart (`org.yml`).\n\n" + "\n".join(rows) + "\n")


def profile(site: Site, person: Person) -> str:
    src = f"people/{person.handle}.md"
    owns = [f"{link(d.name, src, f'{d.id}/index.md')} ({_role(person, d)})"
            for d in site.org.departments if person.handle in d.owners]
    lines = [f"---\ntitle: {_yaml(person.name)}\n---\n", f"# {escape(person.name)}\n",
             f"{escape(person.title)}, {_dept(site, person, src)}\n",
             f"- Handle: `{person.handle}`",
             f"- E-mail: [{escape(person.email)}](mailto:{quote(person.email, safe='@')})"]
    if owns:
        lines.append(f"- Moderates: {', '.join(owns)}")
    posts = site.by_author(person.handle)
    lines.append("\n## Posts\n")
    lines.append(listing(site, list(posts), src) if posts else "No posts yet.")
    lines.append(mentioned(site, person.handle, src))
    return "\n".join(lines) + "\n"


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
