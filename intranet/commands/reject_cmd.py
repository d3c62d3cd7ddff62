"""`intranet reject BRANCH --as HANDLE --reason TEXT`: record an owner's decision and
reason in git for the author to see; the branch and its content stay as they are."""

from __future__ import annotations

import argparse
from pathlib import Path

from intranet.approvals import tag_name, trailer
from intranet.git import REMOTE, Git
from intranet.review import groups, rules_at, submission
from intranet.workflow import acting_as, fail, target


def run(args: argparse.Namespace, root: Path) -> int:
    if not args.reason.strip():
        raise fail("reject-reason", "say why with --reason: the author needs it to fix the post")
    g = Git(root)
    g.fetch()
    tip = g.rev(f"{REMOTE}/{args.branch}")
    if tip is None:
        raise fail("reject-branch", f"there is no submitted branch {args.branch!r}")
    rules = rules_at(g, target(g))
    me = acting_as(g, rules.org, args.as_handle)
    sub = submission(g, args.branch, tip, rules.commit)
    if not any(me.handle in grp.handles for grp in groups(rules, sub.files)):
        raise fail("reject-not-owner", f"{me.name} owns none of the files {args.branch} "
                   "changes, so cannot decide on it")
    tag = tag_name("rejected", tip, me.handle)
    reason = " ".join(args.reason.split())
    g.tag(tag, tip, f"Reject {args.branch}\n\nReason: {reason}\nRejected-by: {trailer(me)}",
          rules.org.signing)
    g.push(f"refs/tags/{tag}")
    print(f"Rejected {args.branch}: {reason}\nThe author sees this with `intranet queue "
          "--mine` (or `git show {tag}`); the branch is kept, and a new push re-submits it."
          .replace("{tag}", tag))
    return 0
