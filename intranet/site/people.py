"""Pages generated from org.yml: the people directory, a profile per person, and the
moderators page. Nobody maintains these by hand, so they cannot drift from the chart."""

from __future__ import annotations

from urllib.parse import quote

from intranet.config.org import Department, Person
from intranet.site.feed import listing, owners_line
from intranet.site.md import escape, link
from intranet.site.plan import Site


def generated_pages(site: Site) -> dict[str, str]:
    pages = {"people/index.md": directory(site), "moderators.md": moderators(site)}
    for person in site.org.people:
        pages[f"people/{person.handle}.md"] = profile(site, person)
    return pages


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
    return "\n".join(lines) + "\n"


def moderators(site: Site) -> str:
    src = "moderators.md"
    lines = ["---\ntitle: Moderators\n---\n", "# Moderators\n",
             "Each section is moderated by its department's owners: a post is published only "
             "after one of them approves it, and nobody approves their own post.\n",
             "| Section | Folder | Owners |", "| --- | --- | --- |"]
    for dept in site.org.departments:
        lines.append(f"| {link(dept.name, src, f'{dept.id}/index.md')} | `content/{dept.id}/` "
                     f"| {owners_line(site, dept, src)} |")
    platform = site.org.department(site.org.platform_department)
    if platform is not None:
        lines.append(f"\n## {escape(site.org.platform_name)}\n\nThe usage policy "
                     "(`policy.yml`), the org chart (`org.yml`), the site configuration and "
                     f"the machinery are owned by {owners_line(site, platform, src)}.\n")
    return "\n".join(lines) + "\n"


def _dept(site: Site, person: Person, src: str) -> str:
    dept = site.org.department(person.department)
    return link(dept.name, src, f"{dept.id}/index.md") if dept else escape(person.department)


def _role(person: Person, dept: Department) -> str:
    return "head" if person.handle in dept.heads else "deputy"


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
