"""How one post is shown wherever it is listed or opened: its byline (authors, section,
date, reading time, replies), its entry in a listing, a pinned announcement, and the
names of a section's owners. Every listing (home, departments, tags, profiles, archive)
draws its entries from here, so a post reads the same everywhere."""

from __future__ import annotations

from intranet.config.org import Department
from intranet.site.md import day, escape, join, link, person
from intranet.site.plan import Site
from intranet.site.posts import Post
from intranet.site.replies import count


def byline(site: Site, post: Post) -> str:
    line = meta_line(site, post, post.src)
    return f"# {escape(post.title)}\n\n{line}\n{{ .intranet-byline }}\n\n"


def meta_line(site: Site, post: Post, src: str) -> str:
    authors = join([person(site.org, h, src) for h in post.authors])
    dept = site.org.department(post.department)
    section = link(dept.name, src, f"{dept.id}/index.md") if dept else escape(post.department)
    return (f"{authors} · {section} · {day(post.date)} · {post.minutes} min read · "
            f"{count(site.reply_count(post.src))}")


def entry(site: Site, post: Post, src: str) -> str:
    """The post as an item of a listing on page `src` (Markdown, inside `listing`)."""
    return (f"- **{link(post.title, src, post.src)}**  \n"
            f"  {meta_line(site, post, src)}  \n  {escape(post.excerpt)}\n")


def listing(site: Site, posts: list[Post], src: str) -> str:
    items = [entry(site, p, src) for p in posts]
    return '\n<div class="intranet-feed" markdown>\n\n' + "\n".join(items) + "\n</div>\n"


def announcement(site: Site, post: Post, src: str) -> str:
    return (f'\n!!! pin "{escape(post.title).replace(chr(34), "&quot;")}"\n\n'
            f"    {meta_line(site, post, src)}\n\n    {escape(post.excerpt)} "
            f"{link('Read more', src, post.src)}\n")


def owners_line(site: Site, dept: Department, src: str) -> str:
    roles = [(h, "head") for h in dept.heads] + [(d, "deputy") for d in dept.deputies]
    return join([f"{person(site.org, h, src)} ({role})" for h, role in roles])
