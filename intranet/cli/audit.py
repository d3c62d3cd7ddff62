"""`intranet audit [--since REF]`: prove that every change on the shared repository's
main since moderation started was moderated, and say plainly which main was judged."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from intranet.errors import IntranetError
from intranet.git import Git
from intranet.moderation.audit import Flag, audit
from intranet.moderation.review import MAIN_REF, rules_at
from intranet.moderation.workflow import REMOTE_MAIN, fail


def run(args: argparse.Namespace, root: Path) -> int:
    g = Git(root)
    judged, head = _main(g)
    since = _since(g, head, args.since)
    flags, judged_count = audit(g, head, since) if since else ([], 0)
    before = int(g.run("rev-list", "--first-parent", "--count", since or head))
    if args.format == "json":
        print(json.dumps({"main": judged.replace("@", head[:10]), "head": head, "since": since,
                          "commits_judged": judged_count, "commits_before_moderation": before,
                          "commits_flagged": len({f.commit for f in flags}),
                          "findings": [_json(f) for f in flags]}, indent=2))
        return 1 if flags else 0
    for flag in flags:
        print(flag.finding())
    print(f"audit of {judged.replace('@', head[:10])}\n" + _verdict(since, judged_count,
                                                                     before, flags))
    return 1 if flags else 0


def _main(g: Git) -> tuple[str, str]:
    """Which main to judge, named as the reader should understand it, and its commit."""
    where = g.config("remote.origin.url")
    if where:
        try:
            g.fetch()
            shown = f"origin/main at @ (the shared repository's, fetched just now from {where})"
        except IntranetError:
            shown = f"origin/main at @ (as last fetched: {where} could not be reached)"
        head = g.rev(REMOTE_MAIN)
        if head is not None:
            return shown, head
    head = g.rev(MAIN_REF)
    if head is None:
        raise fail("git-ref", "there is no main branch here; run the audit in a clone of the "
                   "intranet")
    return "main at @ (this clone's own: it has no shared repository)", head


def _since(g: Git, head: str, given: str | None) -> str:
    """The last commit before moderation: --since, or main's policy.yml."""
    if given:
        since = g.rev(given)
        if since is None:
            raise fail("git-ref", f"{given!r} is not a commit git knows here", "--since")
        return since
    since = rules_at(g, head).policy.moderation_since
    if since and g.rev(since) is None:
        raise fail("audit-since", f"moderation.since in policy.yml names {since[:10]}, which "
                   "this clone does not have; fetch the whole history (a shallow clone cannot "
                   "be audited)", "policy.yml")
    return since


def _verdict(since: str, judged: int, before: int, flags: list[Flag]) -> str:
    if not since:
        return (f"moderation has not started (policy.yml sets no moderation.since), so its "
                f"{before} commit(s) are history from before moderation; nothing was judged")
    history = (f"moderation started after {since[:10]}; the {before} commit(s) up to it are "
               "history, not judged")
    if flags:
        return (f"{len({f.commit for f in flags})} of {judged} commit(s) since then did not "
                f"arrive through a valid approval; {history}")
    return f"all {judged} commit(s) since then arrived through a valid approval; {history}"


def _json(flag: Flag) -> dict[str, object]:
    return {"commit": flag.commit, "rule": flag.rule, "message": flag.message,
            "paths": list(flag.paths)}
