"""How one post is shown wherever it is listed or opened: its byline (authors with their
faces, section, date, reading time, replies), its entry in a listing, a pinned
announcement, and the names of a section's owners. Every listing (home, departments,
tags, profiles, archive) draws its entries from here, so a post reads the same
everywhere. Dates are written out in full inside <time>; the site's script (when.js)
shows them as "3 days ago" where the reader's browser knows today."""

from __future__ import annotations

import datetime as dt

from intranet.config.org import Department
from intranet.site.avatars import avatar
from intranet.site.md import day, escape, join, link, person, tag_src
from intranet.site.plan import Site
from intranet.site.posts import Post
from intranet.site.replies import count

FACE = 20  # an author's avatar beside their name in a byline or an entry


def byline(site: Site, post: Post) -> str:
    line = meta_line(site, post, post.src)
    return f"# {escape(post.title)}\n\n{line}\n{{ .intranet-byline }}\n\n"


def meta_line(site: Site, post: Post, src: str) -> str:
    dept = site.org.department(post.department)
    section = link(dept.name, src, f"{dept.id}/index.md") if dept else escape(post.department)
    return (f"{authors(site, post.authors, src)} · {section} · {when(post.date)} · "
            f"{post.minutes} min read · {count(site.reply_count(post.src))}")


def authors(site: Site, handles: tuple[str, ...], src: str) -> str:
    """Each author's face and linked name, kept together when the line wraps."""
    return join([f'<span class="intranet-author">{avatar(site, h, src, FACE)} '
                 f"{person(site.org, h, src)}</span>" for h in handles])


def when(date: dt.date) -> str:
    """The date in full, marked up for when.js to say how long ago it was."""
    return f'<time class="intranet-when" datetime="{date.isoformat()}">{day(date)}</time>'


def entry(site: Site, post: Post, src: str) -> str:
    """The post as an item of a listing on page `src` (Markdown, inside `listing`): its
    title, the byline's facts, an excerpt and its tags, each a line of its own."""
    lines = [f"- **{link(post.title, src, post.src)}**",
             f'  <span class="intranet-meta">{meta_line(site, post, src)}</span>',
             f'  <span class="intranet-excerpt">{escape(post.excerpt)}</span>']
    if post.tags:
        lines.append(f'  <span class="intranet-chips">{tag_chips(post, src)}</span>')
    return "\n".join(lines) + "\n"


def tag_chips(post: Post, src: str) -> str:
    """The post's tags as chips linking to their pages (tagpages.py makes one for every
    tag of a published post; it imports the listings, so it cannot be imported here)."""
    return " ".join(f"{link(tag, src, tag_src(tag))}{{ .md-tag }}"
                    for tag in dict.fromkeys(post.tags))  # each once


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
