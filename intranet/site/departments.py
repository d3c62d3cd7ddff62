"""The Departments overview, where the Departments tab and breadcrumb lead: for each
department in org.yml, what it does, who moderates it, its latest post and how many it
has published."""

from __future__ import annotations

from intranet.config.org import Department
from intranet.site.entry import owners_line
from intranet.site.generated import Generated, front
from intranet.site.md import day, escape, link
from intranet.site.paging import counted, none_yet
from intranet.site.plan import Site

INDEX = "departments/index.md"


def overview(site: Site) -> Generated:
    parts = [front("Departments"), "# Departments\n\n",
             f"Every department at {escape(site.org.company)} has a section of its own, "
             "moderated by its heads and deputies.\n",
             '\n<div class="grid cards intranet-departments" markdown>\n']
    parts += [_card(site, dept) for dept in site.org.departments]
    return Generated(INDEX, "".join(parts) + "\n</div>\n", in_nav=True)


def _card(site: Site, dept: Department) -> str:
    posts = site.in_department(dept.id)
    name = section_link(site, dept, INDEX)
    lines = [f"**{name}**", escape(dept.description),
             f"Moderated by {owners_line(site, dept, INDEX)}."]
    if posts:
        latest = max(posts, key=lambda p: (p.date, p.src))
        lines.append(f"{counted(len(posts))} · latest: {link(latest.title, INDEX, latest.src)}"
                     f", {day(latest.date)}")
    else:
        lines.append(none_yet(site, INDEX))
    return "\n-   " + "\n\n    ".join(line for line in lines if line) + "\n"


def section_link(site: Site, dept: Department, src: str) -> str:
    """The department's name, linked to its section when it has a landing page."""
    landing = f"{dept.id}/index.md"
    return link(dept.name, src, landing) if landing in site.pages else escape(dept.name)
