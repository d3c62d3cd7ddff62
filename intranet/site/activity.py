"""Where the conversation is, as Markdown for the generated parts of pages: the home page's
"Active discussions" (posts by their latest reply) and a profile's "Mentioned in" (posts
and replies naming the person). Links to a reply go to its anchor on the post's page."""

from __future__ import annotations

from intranet.site.md import day, escape, join, link, moment, person, relative
from intranet.site.plan import Site
from intranet.site.posts import Post
from intranet.site.replies import Reply, count

ACTIVE = 5  # discussions on the home page
MENTIONS = 50  # mentions on a profile, newest first


def active(site: Site, src: str) -> str:
    found = site.active(ACTIVE)
    parts = ["\n## Active discussions\n"]
    if not found:
        parts.append("\nNo discussions yet: reply to a post to start one.\n")
        return "".join(parts)
    items = []
    for post, latest in found:
        authors = join([person(site.org, h, src) for h in latest.authors])
        when = _to_reply(moment(latest.when), src, post, latest)
        items.append(f"- **{link(post.title, src, post.src)}** · "
                     f"{count(site.reply_count(post.src))}  \n"
                     f"  Latest reply by {authors}, {when}\n")
    return "".join(parts) + '\n<div class="intranet-active" markdown>\n\n' + \
        "\n".join(items) + "\n</div>\n"


def mentioned(site: Site, handle: str, src: str) -> str:
    found = site.mentions_of(handle)
    parts = ["\n## Mentioned in\n"]
    if not found:
        return "".join(parts) + "\nNo mentions yet.\n"
    items = [_mention(site, post, reply, src) for post, reply in found[:MENTIONS]]
    parts.append("\n" + "\n".join(items) + "\n")
    if len(found) > MENTIONS:
        parts.append(f"\nAnd {len(found) - MENTIONS} earlier.\n")
    return "".join(parts)


def _mention(site: Site, post: Post, reply: Reply | None, src: str) -> str:
    if reply is None:
        authors = join([person(site.org, h, src) for h in post.authors])
        return f"- {link(post.title, src, post.src)}: a post by {authors}, {day(post.date)}"
    authors = join([person(site.org, h, src) for h in reply.authors])
    return (f"- {_to_reply(escape(post.title), src, post, reply)}: a reply by {authors}, "
            f"{moment(reply.when)}")


def _to_reply(label: str, src: str, post: Post, reply: Reply) -> str:
    """A link to the reply's anchor; `label` is Markdown already."""
    return f"[{label}]({relative(src, post.src)}#{reply.anchor})"
