"""Markdown the build adds to hand-written pages: the home feed, each department's
landing page and every post's byline. (A post's discussion and the links that write are
HTML the hooks add after sanitizing: see discussion.py.)"""

from __future__ import annotations

from intranet.config.org import Department
from intranet.site.activity import active
from intranet.site.md import day, escape, join, link, person
from intranet.site.plan import Site
from intranet.site.posts import Post
from intranet.site.replies import count
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


def byline(site: Site, post: Post) -> str:
    line = meta_line(site, post, post.src)
    return f"# {escape(post.title)}\n\n{line}\n{{ .intranet-byline }}\n\n"


def meta_line(site: Site, post: Post, src: str) -> str:
    authors = join([_person(site, h, src) for h in post.authors])
    dept = site.org.department(post.department)
    section = link(dept.name, src, f"{dept.id}/index.md") if dept else escape(post.department)
    return (f"{authors} · {section} · {day(post.date)} · {post.minutes} min read · "
            f"{count(site.reply_count(post.src))}")


def moderation(site: Site, post: Post) -> str:
    dept = site.org.department(post.department)
    owners = owners_line(site, dept, post.src) if dept else ""
    return (f"\n\n---\n\nModerated by {escape(dept.name if dept else post.department)}'s "
            f"owners: {owners}. Checked against usage policy {escape(post.policy)} · "
            f"{escape(post.classification.capitalize())}.\n{{ .intranet-moderation }}\n")


def owners_line(site: Site, dept: Department, src: str) -> str:
    roles = [(h, "head") for h in dept.heads] + [(d, "deputy") for d in dept.deputies]
    return join([f"{_person(site, h, src)} ({role})" for h, role in roles])


def home(site: Site) -> str:
    pinned = [p for p in site.posts if p.pin]
    latest = [p for p in site.posts if not p.pin][:HOME_LATEST]
    parts = ["\n\n## Announcements\n"] if pinned else []
    parts += [_announcement(site, p, "index.md") for p in pinned]
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
        people = join([_person(site, p.handle, src) for p in members])
        parts.append(f"\nAlso in {escape(dept.name)}: {people}.\n")
    parts.append(f"\n## Posts\n\n{WRITE_SLOT}\n")
    parts.append(listing(site, list(posts), src) if posts else "\nNo posts yet.\n")
    return "".join(parts)


def listing(site: Site, posts: list[Post], src: str) -> str:
    items = [f"- **{link(p.title, src, p.src)}**  \n"
             f"  {meta_line(site, p, src)}  \n  {escape(p.excerpt)}\n" for p in posts]
    return '\n<div class="intranet-feed" markdown>\n\n' + "\n".join(items) + "\n</div>\n"


def _announcement(site: Site, post: Post, src: str) -> str:
    return (f'\n!!! pin "{escape(post.title).replace(chr(34), "&quot;")}"\n\n'
            f"    {meta_line(site, post, src)}\n\n    {escape(post.excerpt)} "
            f"{link('Read more', src, post.src)}\n")


def _person(site: Site, handle: str, src: str) -> str:
    return person(site.org, handle, src)
