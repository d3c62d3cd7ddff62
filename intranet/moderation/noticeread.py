"""What a notice says about a submission: its name as people know it (a post's title, or
"reply to <title>" as `intranet queue` shows it), its pages, and who its posts and
replies mention. Read from the submission's own blobs, through the same readers as the
queue, with the same limit on what is read: nothing an author wrote can stop the hook."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from intranet import clock
from intranet.config.org import Org, Person
from intranet.config.yaml.read import Map, Scalar
from intranet.errors import IntranetError
from intranet.git import Git
from intranet.moderation.answers import Answered, answered, parsed
from intranet.moderation.landing import POST_READ
from intranet.moderation.noticetext import About
from intranet.moderation.review import Rules
from intranet.moderation.submission import Submission
from intranet.site import mentions
from intranet.site.md import day
from intranet.site.replies import is_reply, post_of

PREFIX = "content/"
NAME_CHARS = 160  # a name goes into a Subject line; the rest is in the repository
ZERO_MODE = "000000"
DRAFT = "a draft: the site does not show it"


@dataclass(frozen=True)
class Piece:
    """A post, reply or page the submission adds or changes."""

    src: str  # under content/
    title: str  # the post's title, or `a reply to "<post title>"`
    page: str  # the page that shows it, under content/ (a reply's post)
    anchor: str  # where on that page: "#reply-<id>" for a reply, else ""
    held: str  # why the site does not show it yet ("" when it does)
    mentions: frozenset[str]  # handles it mentions that its earlier version did not

    @property
    def draft(self) -> bool:
        """Not ready, its author says: nobody it mentions is told of it."""
        return self.held == DRAFT


def about(g: Git, rules: Rules, sub: Submission) -> tuple[About, list[Piece]]:
    """The submission as notices name it, and what it holds; titles as `rules.commit`
    (the main it is judged against) publishes them."""
    answers = answered(g, rules.commit, [sub]).get(sub.branch, ())
    found = pieces(g, sub, answers, _today())
    return About(name(sub, found, answers), sub.branch, sub.tip,
                 sub.authors.shown(rules.org)), found


def people(org: Org, sub: Submission) -> list[Person]:
    """Its authors who are people of `org` (an unknown address is told nothing)."""
    return [p for h in sorted(sub.authors.handles) if (p := org.person(h)) is not None]


def pieces(g: Git, sub: Submission, answers: tuple[Answered, ...], today: dt.date
           ) -> list[Piece]:
    changes = {p: c for p, c in sub.changes.items() if p.startswith(PREFIX)
               and p.endswith(".md") and c.mode.startswith("100")}
    blobs = g.blobs({sha for c in changes.values() for sha in (c.sha, c.old_sha)
                     if c.old_mode != ZERO_MODE or sha == c.sha}, POST_READ)
    titles = {a.post: a.title for a in answers}
    found = []
    for path, change in changes.items():
        src = path.removeprefix(PREFIX)
        new = parsed(blobs.get(change.sha), src)
        if new is None:
            continue
        old = parsed(blobs.get(change.old_sha), src) if change.old_mode != ZERO_MODE else None
        said = {h for _, h in mentions.find(new.body)}
        said -= {h for _, h in mentions.find(old.body)} if old is not None else set()
        if is_reply(src):
            post = post_of(src)
            found.append(Piece(src, f'a reply to "{titles.get(post) or PREFIX + post}"', post,
                               f"#reply-{src.rsplit('/', 1)[1].removesuffix('.md')}", "",
                               frozenset(said)))
        else:
            found.append(Piece(src, _meta(new.meta, "title") or path, src, "",
                               _held(new.meta, today), frozenset(said)))
    return found


def name(sub: Submission, found: list[Piece], answers: tuple[Answered, ...]) -> str:
    """What people call the submission: its replies' discussions and its posts' titles."""
    names = [a.phrase for a in answers] + [p.title for p in found if not p.anchor]
    text = "; ".join(dict.fromkeys(names)) or sub.branch
    return text if len(text) <= NAME_CHARS else text[:NAME_CHARS - 1] + "…"


def _meta(meta: Map | None, key: str) -> str:
    node = meta.get(key) if meta is not None else None
    return node.value.strip() if isinstance(node, Scalar) else ""


def _held(meta: Map | None, today: dt.date) -> str:
    if _meta(meta, "draft") == "true":
        return DRAFT
    try:
        date = dt.date.fromisoformat(_meta(meta, "date")[:10])
    except ValueError:
        return ""
    return f"on the site from {day(date)}" if date > today else ""


def _today() -> dt.date:
    try:
        return clock.today()
    except IntranetError:  # a mistyped INTRANET_TODAY on the server must not stop notices
        return dt.date.today()
