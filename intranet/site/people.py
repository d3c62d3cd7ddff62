"""Pages generated from org.yml: the people directory, a profile per person, and the
moderators page. Nobody maintains these by hand, so they cannot drift from the chart.
Also the list of people the site's script offers readers to say who they are."""

from __future__ import annotations

import json
from urllib.parse import quote

from intranet.config.org import Department, Person
from intranet.site.activity import mentioned
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
    lines.append(mentioned(site, person.handle, src))
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
    lines.append("\n## Discussions\n\nReplies to a post live in its section "
                 "(`content/<department>/replies/<post>/`), so the same owners moderate them: "
                 "a reply is published only after one of them approves it.\n\n"
                 "- **To close a discussion**, an owner sets `replies: closed` in the post's "
                 "front-matter, a change approved by the section's owners like any other "
                 "there. The post then says \"Replies are closed\", shows no Reply link, and "
                 "takes no new replies; the replies it has stay.\n"
                 "- **To remove a reply**, delete its file in a reviewed change, the way a "
                 "post is taken down; the replies answering it go with it (`intranet check` names "
                 "them).\n")
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


def people_json(site: Site) -> str:
    """Everyone's handle and name, by name: what the "Writing as" chooser offers."""
    people = sorted(site.org.people, key=lambda p: p.name.casefold())
    return json.dumps([{"handle": p.handle, "name": p.name} for p in people],
                      ensure_ascii=False)
