"""`intranet submit`: check the current post branch, push it, and say who must approve."""

from __future__ import annotations

import argparse
from pathlib import Path

from intranet.git import Git
from intranet.output import render
from intranet.review import POSTS, groups, names, rules_at, submission
from intranet.workflow import fail, policy_check, target


def run(args: argparse.Namespace, root: Path) -> int:
    g = Git(root)
    branch = g.current_branch()
    if not branch.startswith(POSTS):
        raise fail("submit-branch", f"you are on {branch or 'a detached HEAD'}, not a post "
                   "branch; `intranet new` starts one (post/<department>/<name>)")
    g.fetch()
    tip = g.run("rev-parse", "HEAD")
    rules = rules_at(g, target(g))
    sub = submission(g, branch, tip, rules.commit)
    if not sub.files:
        raise fail("submit-empty", f"{branch} changes nothing compared with main; commit "
                   "your post first")
    report = policy_check(g, rules, sub)
    if report.errors:
        print(render(report, "text"), end="")
        print("Not submitted: fix the errors above, commit, and run `intranet submit` again.")
        return 1
    if not g.push(f"HEAD:refs/heads/{branch}"):
        raise fail("submit-push", f"the remote's {branch} has commits you do not have; "
                   "`git pull --rebase` and submit again")
    print(f"Submitted {branch} ({len(sub.files)} file(s)). It needs approval from:")
    for group in groups(rules, sub.files):
        print(f"  {group.label}: one of {names(rules.org, group.handles)}")
    return 0
