"""The weekly digest: what the site published in a period, chosen from the same plan the
build publishes (so it lists exactly what readers can open), for the whole company or one
department. Announcements in force come first, then the period's new posts by
department, newest first, then the discussions that drew the most replies in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from intranet.config.org import Department
from intranet.errors import IntranetError, error
from intranet.site.plan import Site
from intranet.site.posts import Post
from intranet.site.replies import Reply

DISCUSSIONS = 5  # the most active discussions of the period


@dataclass(frozen=True)
class Discussion:
    post: Post
    replies: int  # in the period
    latest: Reply


@dataclass(frozen=True)
class Digest:
    company: str
    since: dt.date
    until: dt.date
    department: Department | None  # None: the whole company
    announcements: tuple[Post, ...]  # pinned and published: in force
    sections: tuple[tuple[Department, tuple[Post, ...]], ...]  # new posts, by department
    discussions: tuple[Discussion, ...]

    @property
    def empty(self) -> bool:
        return not (self.announcements or self.sections or self.discussions)


def digest(site: Site, since: dt.date, until: dt.date, dept_id: str = "") -> Digest:
    if since > until:
        raise IntranetError([error("--since", 1, 1, "digest-period", f"the period starts "
                                   f"({since}) after it ends ({until}); swap them")])
    dept = site.org.department(dept_id) if dept_id else None
    if dept_id and dept is None:
        known = ", ".join(d.id for d in site.org.departments)
        raise IntranetError([error("--department", 1, 1, "digest-department", f"there is no "
                                   f"department {dept_id!r} in org.yml; use one of: {known}")])
    wanted = [p for p in site.posts if dept is None or p.department == dept.id]
    pinned = tuple(p for p in wanted if p.pin)
    new = [p for p in wanted if not p.pin and since <= p.date <= until]
    sections = tuple((d, tuple(p for p in new if p.department == d.id))
                     for d in site.org.departments)
    return Digest(site.org.company, since, until, dept, pinned,
                  tuple((d, posts) for d, posts in sections if posts),
                  _discussions(site, since, until, {p.src for p in wanted}))


def _discussions(site: Site, since: dt.date, until: dt.date, posts: set[str]
                 ) -> tuple[Discussion, ...]:
    recent: dict[str, list[Reply]] = {}
    for reply in site.replies:
        if reply.post in posts and since <= reply.when.date() <= until:
            recent.setdefault(reply.post, []).append(reply)
    found = [Discussion(post, len(replies), _latest(replies))
             for src, replies in recent.items() if (post := site.post(src)) is not None]
    found.sort(key=lambda d: (d.replies, d.latest.when), reverse=True)
    return tuple(found[:DISCUSSIONS])


def _latest(replies: Iterable[Reply]) -> Reply:
    return max(replies, key=lambda r: (r.when, r.src))
