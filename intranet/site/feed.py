"""Markdown the build adds to hand-written pages: the home feed, each department's
landing page and every post's byline. (A post's discussion and the links that write are
HTML the hooks add after sanitizing: see discussion.py.)"""

from __future__ import annotations

from intranet.config.org import Department
from intranet.site.activity import active
from intranet.site.entry import announcement, byline, listing, owners_line
from intranet.site.md import escape, join, link, person
from intranet.site.moderators import moderation
from intranet.site.plan import Site
from intranet.site.report import Links, report_url

HOME_LATEST = 20
# Where a department page's "Write a post" goes: the hooks put it in after sanitizing (it
# is the site's, not an author's). Raw HTML an author writes comes before it, and only
# escaped text (the listing) after, so the last one on the page is always ours.
WRITE_SLOT = '<div class="intranet-write-slot"></div>'


def decorate(site: Site, src: str, markdown: str, links: Links | None = None) -> str:
    """The page's Markdown with what the engine adds; unchanged for other pages."""
    post = site.post(src)
    if post is not None:
        report = (f"\n[Report this post]({report_url(site.org, post, links)})"
                  "{ .intranet-report }\n") if links else ""
        return byline(site, post) + markdown + moderation(site, post) + report
    if src == "index.md":
        return markdown + home(site)
    dept = landing_of(site, src)
    if dept is not None:
        return markdown + landing(site, dept)
    return markdown


def landing_of(site: Site, src: str) -> Department | None:
    """The department whose landing page `src` is, if it is one."""
    dept = site.org.department(src.split("/", maxsplit=1)[0]) if src.endswith("/index.md") else None
    return dept if dept is not None and src == f"{dept.id}/index.md" else None


def home(site: Site) -> str:
    pinned = [p for p in site.posts if p.pin]
    latest = [p for p in site.posts if not p.pin][:HOME_LATEST]
    parts = ["\n\n## Announcements\n"] if pinned else []
    parts += [announcement(site, p, "index.md") for p in pinned]
    parts += ["\n## Latest posts\n", listing(site, latest, "index.md"), active(site, "index.md"),
              "\n## Departments\n", '\n<div class="grid cards" markdown>\n']
    for dept in site.org.departments:
        parts.append(f"\n- **{link(dept.name, 'index.md', f'{dept.id}/index.md')}**\n\n"
                     f"    {escape(dept.description)}\n")
    return "".join(parts) + "\n</div>\n"


def landing(site: Site, dept: Department) -> str:
    src = f"{dept.id}/index.md"
    posts = site.in_department(dept.id)
    members = [p for p in site.org.members(dept.id) if p.handle not in dept.owners]
    parts = [f"\n\n## Moderators\n\nPosts in {escape(dept.name)} are published only after "
             f"one of its owners approves them: {owners_line(site, dept, src)}.\n"]
    if members:
        people = join([person(site.org, p.handle, src) for p in members])
        parts.append(f"\nAlso in {escape(dept.name)}: {people}.\n")
    parts.append(f"\n## Posts\n\n{WRITE_SLOT}\n")
    parts.append(listing(site, list(posts), src) if posts else "\nNo posts yet.\n")
    return "".join(parts)


