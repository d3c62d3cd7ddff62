"""Rules a reply can only meet with its post in view: the post must exist (and, for a new
reply, be published and open), the reply may not be shown wider than the post, and a
reply answers the post or one direct reply to it, never deeper. Posts a check did not
read (a reply checked alone, a submission) are read through `Context.lookup`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from intranet import clock
from intranet.config.fields import Reader
from intranet.errors import Finding, IntranetError, error
from intranet.policy import source
from intranet.policy.meta import Context, read_post
from intranet.policy.replymeta import read_reply
from intranet.site.posts import Post
from intranet.site.replies import Reply, folder_of, is_reply

PREFIX = "content/"


class Target(NamedTuple):
    """What a reply needs to know of its post (kept small: a check of 10,000 posts must
    not hold every post's text)."""

    status: str
    closed: bool
    classification: str

    @classmethod
    def of(cls, post: Post) -> Target:
        return cls(post.status(clock.today()), post.closed, post.classification)


def check_replies(replies: Iterable[Reply], targets: dict[str, Target], ctx: Context,
                  parents: dict[str, Reply]) -> list[Finding]:
    """Every finding about the replies; `targets` holds the posts already read (others
    are looked up), `parents` the replies already read, by src."""
    found: list[Finding] = []
    for reply in replies:
        target = targets.get(reply.post) or _looked_up(reply.post, ctx)
        found += _against_post(reply, target, ctx)
        found += _against_clock(reply, ctx)
        if reply.parent:
            found += _against_parent(reply, parents, ctx)
    return found


def _finding(reply: Reply, key: str, rule: str, message: str) -> Finding:
    line, column = reply.mark(key)
    return error(PREFIX + reply.src, line, column, rule, message)


def _against_post(reply: Reply, target: Target | None, ctx: Context) -> list[Finding]:
    if target is None:
        return [_finding(reply, "post", "reply-target", f"there is no post {reply.post}; a "
                         "reply answers a post (a post taken down takes its replies with it: "
                         "delete them too)")]
    found = []
    if ctx.changed and target.status != "published":
        found.append(_finding(reply, "post", "reply-target", f"{reply.post} is "
                              f"{_status(target.status)}, so it takes no replies yet; reply "
                              "once it is published"))
    if ctx.changed and target.closed:
        found.append(_finding(reply, "post", "reply-closed", f"the discussion of {reply.post} "
                              "is closed by its section's owners (replies: closed); it takes "
                              "no more replies"))
    allowed = ctx.policy.classifications
    if reply.classification in allowed and target.classification in allowed and \
            allowed.index(reply.classification) > allowed.index(target.classification):
        found.append(_finding(reply, "classification", "reply-classification", f"the post is "
                              f"{target.classification}, so its replies are too; write "
                              f"`classification: {target.classification}`"))
    return found


def _against_clock(reply: Reply, ctx: Context) -> list[Finding]:
    """A reply dated ahead would sit atop every discussion list until its day came."""
    today = clock.today()
    if not ctx.changed or reply.when.date() <= today:
        return []
    return [_finding(reply, "date", "reply-date", f"the reply is dated "
                     f"{reply.when:%Y-%m-%d %H:%M}, after today ({today}); date it when it "
                     "is written")]


def _against_parent(reply: Reply, parents: dict[str, Reply], ctx: Context) -> list[Finding]:
    src = f"{folder_of(reply.post)}/{reply.parent}.md"
    parent = parents.get(src) or _parent_looked_up(src, ctx)
    if parent is None:
        return [_finding(reply, "in_reply_to", "reply-parent", f"there is no reply "
                         f"{reply.parent} under {reply.post}; name one of its replies, or "
                         "remove in_reply_to to answer the post")]
    if parent.parent:
        return [_finding(reply, "in_reply_to", "reply-parent", f"{reply.parent} answers "
                         f"another reply, and replies nest one level only; write "
                         f"`in_reply_to: {parent.parent}`")]
    return []


def _status(status: str) -> str:
    return {"draft": "a draft", "scheduled": "scheduled", "expired": "expired"}[status]


def _looked_up(src: str, ctx: Context) -> Target | None:
    data = ctx.lookup(src) if ctx.lookup else None
    parsed = _parsed(src, data)
    post = read_post(parsed, src, Reader(PREFIX + src, "meta"), ctx) if parsed else None
    return Target.of(post) if post is not None else None


def _parent_looked_up(src: str, ctx: Context) -> Reply | None:
    data = ctx.lookup(src) if ctx.lookup and is_reply(src) else None
    parsed = _parsed(src, data)
    return read_reply(parsed, src, Reader(PREFIX + src, "meta"), ctx) if parsed else None


def _parsed(src: str, data: bytes | None) -> source.Source | None:
    if data is None:
        return None
    try:
        return source.split(source.decode(data, PREFIX + src), PREFIX + src)
    except IntranetError:  # an unreadable file is reported where it is checked itself
        return None
