"""For the site build (`publish: require_audit: true`): the posts whose arrival on the
checked-out history fails the audit are not published."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from intranet.errors import Finding, error
from intranet.git import Git
from intranet.moderation.audit import Flag, audit


def unmoderated(root: Path, since: str, posts: Iterable[str]) -> list[Finding]:
    """Findings for the posts (paths under content/) that arrived on the checked-out
    history, after `since`, without a valid approval; one finding for the whole site
    when the history itself fails."""
    g = Git(root)
    head = g.rev("HEAD")
    if head is None or g.rev(since) is None:
        return [error("policy.yml", 1, 1, "publish-audit", f"moderation.since names "
                      f"{since[:10]}, which this checkout does not have; build from a full "
                      "clone (actions/checkout: fetch-depth: 0)")]
    flags = audit(g, head, since).flags
    broken = [f for f in flags if not f.paths]
    if broken:
        return [error("policy.yml", 1, 1, "publish-audit", f"nothing is published: main's "
                      f"history fails the audit ({broken[0].message})")]
    flagged: dict[str, Flag] = {}
    for flag in flags:
        for path in flag.paths:
            flagged.setdefault(path, flag)
    return [error("content/" + src, 1, 1, "publish-audit", "not published: this post arrived "
                  f"on main without a valid approval (commit {hit.commit[:10]}: {hit.rule}); "
                  "publish it again through `intranet approve`")
            for src in posts if (hit := flagged.get("content/" + src)) is not None]
