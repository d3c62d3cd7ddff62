"""`intranet reject BRANCH --as HANDLE --reason TEXT [--commit SHA]`: record an owner's
decision and reason in git for the author to see; the branch and its content stay as
they are."""

from __future__ import annotations

import argparse
from pathlib import Path

from intranet.git import Git
from intranet.moderation.records import ref_name, trailer
from intranet.moderation.review import groups, rules_at
from intranet.moderation.submission import load
from intranet.moderation.workflow import acting_as, fail, reviewed, target


def run(args: argparse.Namespace, root: Path) -> int:
    reason = " ".join(args.reason.split())
    if not reason:
        raise fail("reject-reason", "say why with --reason: the author needs it to fix the post")
    g = Git(root)
    g.fetch()
    tip = reviewed(g, args.branch, "reject-branch", args.commit)
    rules = rules_at(g, target(g))
    if g.is_ancestor(tip, rules.commit):
        raise fail("reject-published", f"{args.branch} is already published; take it down "
                   "with a reviewed change that deletes or fixes it")
    me = acting_as(g, rules.org, args.as_handle)
    sub = load(g, rules, {args.branch: tip})[args.branch]
    assert sub is not None  # not on main: checked above
    if me.handle in sub.authors.handles:
        raise fail("reject-self", f"{me.name} is one of the authors of {args.branch}; to "
                   "withdraw it, delete the branch")
    if not any(me.handle in grp.handles for grp in groups(rules, sub.files)):
        raise fail("reject-not-owner", f"{me.name} owns none of the files {args.branch} "
                   "changes, so cannot decide on it")
    tag = ref_name("rejected", tip, me.handle).removeprefix("refs/tags/")
    if g.rev(f"refs/tags/{tag}") is not None:
        raise fail("reject-done", f"you already rejected this version of {args.branch} "
                   f"(commit {tip[:10]}); records cannot be changed, and its author sees "
                   "your reason with `intranet queue --mine`")
    g.tag(tag, tip, f"Reject {args.branch}\n\nReason: {reason}\nRejected-by: {trailer(me)}",
          rules.org.signing)
    g.push(f"refs/tags/{tag}")
    print(f"Rejected {args.branch} (commit {tip[:10]}): {reason}\nThe author sees this with "
          f"`intranet queue --mine` (or `git show {tag}`); the branch is kept, and a new push "
          "re-submits it.")
    return 0
