"""The HTML the build adds to pages after sanitizing them: a post's discussion (its
replies, oldest first, replies to a reply indented once, then how to reply) and a
department's "Write a post". It carries the site's own ids (`replies`, `reply-<id>`) and
the attributes the site's script looks for (`data-intranet-write`), which nothing an
author writes can have: the sanitizer namespaces authors' ids and drops data attributes.
Every value in it is escaped here; each reply's body comes in rendered and sanitized."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import replace

from intranet.site.avatars import avatar_file
from intranet.site.md import join, moment
from intranet.site.plan import Site
from intranet.site.posts import Post
from intranet.site.replies import Reply, count
from intranet.site.write import HANDLE, HOW_TO, HOW_TO_REPLY, STAMP, Drafts, Write

FACE = 20  # px, the size of an author's face in a reply (avatars.SIZES)
# `href(src)`: the address of the page `src` (under content/) relative to the page being
# written, "" when there is no such page.
Href = Callable[[str], str]


def discussion(site: Site, post: Post, bodies: Mapping[str, str], href: Href,
               drafts: Drafts) -> str:
    replies = site.replies_to(post.src)
    owners = _owners(site, post.department)
    parts = ['<section class="intranet-discussion">']
    if replies:
        parts.append(f'<h2 id="replies">{count(len(replies))}</h2>')
        parts += _thread(site, post, bodies, href, drafts)
    else:  # no id: an empty discussion is no place to link to
        parts.append("<h2 data-search-exclude>Replies</h2>")
        if not post.closed:
            parts.append(_note("intranet-discussion__empty", html.escape(
                f"No replies yet. Be the first: replies appear here once {owners} "
                "approves them.")))
    if post.closed:
        parts.append(_note("intranet-discussion__closed", "Replies are closed."))
    else:
        parts += _actions(drafts.reply(post), href, f"{owners} reviews your reply "
                          "before it appears here.", how_to=f"#user-content-{HOW_TO_REPLY}")
    return "\n".join([*parts, "</section>"]) + "\n"


def write_a_post(site: Site, dept_id: str, href: Href, drafts: Drafts) -> str:
    owners = _owners(site, dept_id)
    return "\n".join(_actions(drafts.new_post(dept_id), href, f"{owners} reviews "
                              "your post before it is published.", how_to="")) + "\n"


def _thread(site: Site, post: Post, bodies: Mapping[str, str], href: Href, drafts: Drafts
            ) -> list[str]:
    """Reading order is each reply to the post followed by the replies to it: those are
    written inside it, so they are indented under it."""
    parts: list[str] = []
    for item in site.replies_to(post.src):
        if not item.parent and parts:
            parts.append("</div>")
        parts += _reply(site, item, bodies.get(item.src, ""), href)
        if not item.parent and drafts.links.on_forge and not post.closed:
            answer = drafts.reply(post, parent=item.id)
            parts.append(_note("intranet-reply__answer", _link(answer, button=False)))
        if item.parent:
            parts.append("</div>")
    return [*parts, "</div>"] if parts else parts


def _reply(site: Site, item: Reply, body: str, href: Href) -> list[str]:
    nested = " intranet-reply--nested" if item.parent else ""
    authors = join([_person(site, h, href) for h in item.authors])
    when = (f'<a class="intranet-reply__permalink" href="#{item.anchor}" title="Link to this '
            f'reply"><time datetime="{item.when:%Y-%m-%dT%H:%M}">{moment(item.when)}</time></a>')
    # The id is the heading's: search (Pagefind) shows a reply apart, as a section of its
    # post, only when its heading can be linked to.
    return [f'<div class="intranet-reply{nested}">',
            f'<h3 class="intranet-reply__meta" id="{item.anchor}">{authors} · {when}</h3>',
            f'<div class="intranet-reply__body">\n{body}\n</div>']


def _actions(write: Write, href: Href, review: str, how_to: str) -> list[str]:
    if write.url:
        return [_note("intranet-write", _link(write)),
                _note("intranet-write__hint", _placeholders(write))]
    guide = href(HOW_TO)
    button = _link(replace(write, url=guide + how_to), to_forge=False) if guide else ""
    command = f"<code>{html.escape(write.command)}</code>"
    return ([_note("intranet-write", button)] if button else []) + [
        _note("intranet-write__hint", f"In your clone of the intranet, run {command}. "
              f"{html.escape(review[:1].upper() + review[1:])}")]


def _placeholders(write: Write) -> str:
    return (f"The editor opens with placeholders: replace <code>{HANDLE}</code> with your "
            f"handle, and <code>{STAMP}</code> and <code>{html.escape(write.date)}</code> with "
            "the date and time, in the file name and the front-matter.")


def _link(write: Write, button: bool = True, to_forge: bool = True) -> str:
    """The link that writes; the script fills in links to the forge (data-intranet-write)."""
    attributes = ' class="md-button md-button--primary"' if button else ""
    attributes += " data-intranet-write" if to_forge else ""
    return f'<a href="{html.escape(write.url)}"{attributes}>{html.escape(write.label)}</a>'


def _note(kind: str, inner: str) -> str:
    # Not searched: "Reply" and its hints would make every post match.
    return f'<p class="{kind}" data-search-exclude>{inner}</p>'


def _person(site: Site, handle: str, href: Href) -> str:
    found = site.org.person(handle)
    target = href(f"people/{handle}.md") if found else ""
    name = html.escape(found.name if found else handle)
    return _face(site, handle, href) + (f'<a href="{html.escape(target)}">{name}</a>'
                                        if target else name)


def _face(site: Site, handle: str, href: Href) -> str:
    """The author's avatar beside their name, as every byline has it (decoration: the
    name is written next to it)."""
    image = href(avatar_file(site, handle))
    return (f'<img class="avatar avatar--{FACE}" src="{html.escape(image)}" width="{FACE}" '
            f'height="{FACE}" alt=""> ') if image else ""


def _owners(site: Site, dept_id: str) -> str:
    dept = site.org.department(dept_id)
    # No possessive on a name ("Sales's"): readers know the section, not its owners.
    return f"one of the {dept.name} moderators" if dept else "one of the section's moderators"
