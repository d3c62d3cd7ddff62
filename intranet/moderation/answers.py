"""The discussions a submission joins: the posts its replies answer, by title, so that
`queue` and `show` say "reply to <title>" where they would otherwise show a path."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from intranet.config.yaml.read import Scalar
from intranet.display import safe_line
from intranet.errors import IntranetError
from intranet.git import Git
from intranet.moderation.submission import Submission
from intranet.policy import source
from intranet.site.replies import is_reply, post_of

PREFIX = "content/"
TITLE_READ = 1 << 20  # a post's title is in its first lines; never read more than this


@dataclass(frozen=True)
class Answered:
    """The replies one submission adds or changes under one post."""

    post: str  # under content/, e.g. engineering/posts/hackathon-winners.md
    title: str  # "" when no version of the post can be read
    added: int
    changed: int  # edited or removed

    @property
    def phrase(self) -> str:
        """What the submission does to the discussion, for people."""
        what = f'"{safe_line(self.title)}"' if self.title else PREFIX + self.post
        if self.changed:
            return f"changes the replies to {what}"
        return f"reply to {what}" if self.added == 1 else f"{self.added} replies to {what}"


def answered(g: Git, main: str, subs: Iterable[Submission]) -> dict[str, tuple[Answered, ...]]:
    """branch -> the discussions its replies join, posts in the order first touched.
    Titles are read as main publishes them, or from the branch for a post it brings
    itself; all in one read."""
    touched: dict[str, dict[str, list[int]]] = {}
    for sub in subs:
        if sub.problems:  # its paths may be anything: nothing is read for it
            continue
        for path, change in sub.changes.items():
            src = path.removeprefix(PREFIX)
            if path.startswith(PREFIX) and is_reply(src):
                counts = touched.setdefault(sub.branch, {}).setdefault(post_of(src), [0, 0])
                counts[0 if change.old_mode == "000000" else 1] += 1
    tips = {sub.branch: sub.tip for sub in subs}
    names = [f"{rev}:{PREFIX}{post}" for branch, posts in touched.items() for post in posts
             for rev in (main, tips[branch])]
    blobs = g.blobs(names, TITLE_READ)
    return {branch: tuple(Answered(post, title_of(blobs.get(f"{main}:{PREFIX}{post}"), post)
                                   or title_of(blobs.get(f"{tips[branch]}:{PREFIX}{post}"), post),
                                   added, changed)
                          for post, (added, changed) in posts.items())
            for branch, posts in touched.items()}


def title_of(data: bytes | None, src: str) -> str:
    """A post's title as its front-matter gives it; "" when it cannot be read."""
    found = parsed(data, src)
    node = found.meta.get("title") if found is not None and found.meta is not None else None
    return node.value.strip() if isinstance(node, Scalar) else ""


def parsed(data: bytes | None, src: str) -> source.Source | None:
    """A Markdown file under content/ (`src` is relative to it), or None if unreadable."""
    if data is None:
        return None
    try:
        return source.split(source.decode(data, PREFIX + src), PREFIX + src)
    except IntranetError:  # unreadable: the policy check reports it where it matters
        return None
