"""Markdown the build adds to hand-written pages: the home feed, each department's
landing page and every post's byline and tags. Home and departments show the first page
of their posts; pages.py publishes the pages of older ones (see paging.py). (A post's
discussion and the links that write are HTML the hooks add after sanitizing: see
discussion.py.)"""

from __future__ import annotations

from intranet.config.org import Department
from intranet.site import archive, departments
from intranet.site.activity import active
from intranet.site.departments import section_link
from intranet.site.entry import announcement, byline, owners_line
from intranet.site.md import escape, join, link, person, subscribe
from intranet.site.moderators import moderation
from intranet.site.paging import first_page, none_yet
from intranet.site.plan import Site
from intranet.site.posts import Post
from intranet.site.report import Links, report_url
from intranet.site.tagpages import tag_line

ANNOUNCEMENTS = 5  # pinned posts on the home page; older pins are listed with the rest
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
        return (byline(site, post) + tag_line(site, post, src) + markdown
                + moderation(site, post) + report)
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


def home_posts(site: Site) -> tuple[list[Post], list[Post]]:
    """The home page's announcements (the newest pinned posts) and its latest posts (all
    the others, newest first), which page/2/ and on continue."""
    pinned = [p for p in site.posts if p.pin][:ANNOUNCEMENTS]
    shown = {p.src for p in pinned}
    latest = sorted((p for p in site.posts if p.src not in shown),
                    key=lambda p: (p.date, p.src), reverse=True)
    return pinned, latest


def home(site: Site) -> str:
    src = "index.md"
    pinned, latest = home_posts(site)
    parts = ["\n\n## Announcements\n"] if pinned else []
    parts += [announcement(site, p, src) for p in pinned]
    parts += ["\n## Latest posts\n", first_page(site, latest, src, none_yet(site, src)),
              f"\n{subscribe(src)}\n",
              f"\nEvery published post, month by month, is in the "
              f"{link(archive.TITLE.lower(), src, archive.INDEX)}.\n{{ .intranet-to-archive }}\n",
              active(site, src), "\n## Departments\n", '\n<div class="grid cards" markdown>\n']
    for dept in site.org.departments:
        parts.append(f"\n- **{section_link(site, dept, src)}**\n\n"
                     f"    {escape(dept.description)}\n")
    parts.append("\n</div>\n")
    parts.append(f"\n{link('All departments', src, departments.INDEX)}: what each does, who "
                 "moderates it and its latest post.\n")
    return "".join(parts)


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
    parts.append(first_page(site, posts, src, none_yet(site, src)))
    parts.append(f"\n{subscribe(src)}\n")
    return "".join(parts)
