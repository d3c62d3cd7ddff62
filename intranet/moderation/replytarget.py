"""What `intranet reply` answers, read from the shared main and judged before anything is
made: the post must be published and open, a reply named by --to must answer the post
itself (replies nest one level), and the new reply is shown no more widely than either."""

from __future__ import annotations

from intranet import clock
from intranet.config.fields import Reader
from intranet.config.policy import Policy
from intranet.errors import IntranetError
from intranet.git import Git
from intranet.moderation.workflow import fail
from intranet.policy import source
from intranet.policy.meta import Context, read_post
from intranet.policy.replymeta import read_reply
from intranet.site.posts import Post
from intranet.site.replies import Reply, folder_of

PREFIX = "content/"
WHY = {"draft": "is a draft", "scheduled": "is scheduled", "expired": "has expired"}


def open_post(g: Git, rev: str, src: str, ctx: Context, *, prefix: str = PREFIX) -> Post:
    """The post `src` (under content/, which is `prefix` in the repository) as `rev`
    holds it; refused unless it is there, published and open for replies."""
    parsed = _parsed(g.read(rev, prefix + src), src)
    post = read_post(parsed, src, Reader(PREFIX + src, "meta"), ctx) if parsed else None
    if post is None:
        raise fail("reply-post", f"there is no post {PREFIX}{src} on main; check its name "
                   "(the address of its page, <department>/posts/<name>/, gives it too)")
    status = post.status(clock.today())
    if status != "published":
        when = {"scheduled": f" (for {post.date})", "expired": f" (on {post.expires})"}
        raise fail("reply-post", f"{PREFIX}{src} {WHY[status]}{when.get(status, '')}, so it "
                   "takes no replies; only a published post can be answered")
    if post.closed:
        raise fail("reply-closed", f"the discussion of {PREFIX}{src} is closed by its "
                   "section's owners (replies: closed); it takes no more replies")
    return post


def answered_reply(g: Git, rev: str, post: str, name: str, ctx: Context,
                   *, prefix: str = PREFIX) -> Reply:
    """The reply `name` to `post` as `rev` holds it; refused unless it is there and
    answers the post itself."""
    src = f"{folder_of(post)}/{name}.md"
    parsed = _parsed(g.read(rev, prefix + src), src)
    reply = read_reply(parsed, src, Reader(PREFIX + src, "meta"), ctx) if parsed else None
    if reply is None:
        raise fail("reply-to", f"there is no reply {name} to {PREFIX}{post} on main; --to "
                   f"takes the name of one of the files in {PREFIX}{folder_of(post)}/ without "
                   ".md; leave it out to answer the post")
    if reply.parent:
        raise fail("reply-to", f"{name} is itself a reply to {reply.parent}, and replies "
                   "nest one level only; answer that one instead: "
                   f"`intranet reply {post} --to {reply.parent}`")
    return reply


def classification(policy: Policy, post: Post, parent: Reply | None) -> str:
    """The narrowest of the post's and the answered reply's."""
    allowed = policy.classifications
    given = [c for c in (post.classification, parent.classification if parent else "")
             if c in allowed]
    return min(given, key=allowed.index) if given else allowed[0]


def _parsed(data: bytes | None, src: str) -> source.Source | None:
    if data is None:
        return None
    try:
        return source.split(source.decode(data, PREFIX + src), PREFIX + src)
    except IntranetError:  # unreadable: as good as missing, for a reply to answer
        return None
