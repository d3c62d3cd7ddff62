"""`intranet audit [--since REF]`: prove that every change on main was moderated."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from intranet.audit import audit
from intranet.git import Git
from intranet.review import MAIN
from intranet.workflow import fail


def run(args: argparse.Namespace, root: Path) -> int:
    g = Git(root)
    head = g.rev(args.branch or MAIN)
    if head is None:
        raise fail("git-ref", f"there is no branch {args.branch or MAIN!r} here")
    since = None
    if args.since:
        since = g.rev(args.since)
        if since is None:
            raise fail("git-ref", f"{args.since!r} is not a commit git knows here", "--since")
    flags = audit(g, head, since)
    if args.format == "json":
        print(json.dumps({"commits_flagged": len({f.commit for f in flags}), "findings": [
            {"commit": f.commit, "rule": f.rule, "message": f.message, "paths": list(f.paths)}
            for f in flags]}, indent=2))
    else:
        for flag in flags:
            print(flag.finding())
        print(f"audit of {args.branch or MAIN}: " + (
            f"{len({f.commit for f in flags})} commit(s) did not arrive through a valid "
            "approval" if flags else "every change arrived through a valid approval"))
    return 1 if flags else 0
