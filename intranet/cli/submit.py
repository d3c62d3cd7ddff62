"""`intranet submit`: check the current post branch, push it, and say who must approve.

It judges the branch as `intranet approve` will (intranet/submission.py: what merging it
into main would publish, by main's rules), so a submission that passes here is not
refused later for something the author could have fixed now.

The author's own branch is pushed with a lease, not as a fast-forward: after `git rebase
origin/main` the branch is rewritten, and submitting it again must just work. What must
never happen is losing work: uncommitted files, or commits someone else pushed to the
branch, stop it with the files or the people named."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intranet.cli.new import BODY
from intranet.cli.output import render
from intranet.cli.reply import BODY as REPLY_BODY
from intranet.display import safe_line
from intranet.errors import Finding, IntranetError, error
from intranet.git import REMOTE, Git
from intranet.gitobjects import Commit
from intranet.moderation.records import Signers, judge, records_on, rejection
from intranet.moderation.review import POSTS, Rules, groups, names, rules_at
from intranet.moderation.submission import Submission, load
from intranet.moderation.workflow import fail, policy_checks, target
from intranet.moderation.worktree import SHOWN, refuse_uncommitted
from intranet.policy.checker import PREFIX, Report

PLACEHOLDER = BODY.strip()
REPLY_PLACEHOLDER = REPLY_BODY.strip()


def run(args: argparse.Namespace, root: Path) -> int:
    g = Git(root)
    branch = g.current_branch()
    if not branch.startswith(POSTS):
        raise fail("submit-branch", f"you are on {branch or 'a detached HEAD'}, not a post "
                   "branch; `intranet new` starts one (post/<department>/<name>)")
    refuse_uncommitted(g, "submit-uncommitted", "`intranet submit` sends only commits, "
                       "so this work would be left out", "intranet submit")
    if not g.fetch():
        raise fail("submit-remote", f"this clone has no remote {REMOTE!r} to submit to; "
                   "work in a clone of the shared intranet repository")
    tip, main = g.run("rev-parse", "HEAD"), target(g)
    published = g.rev(f"refs/remotes/{REMOTE}/{branch}") or ""
    _refuse_losing_others(g, branch, published, tip, main)
    _refuse_conflict(g, branch, main, tip)
    rules = rules_at(g, main)
    sub = load(g, rules, {branch: tip}, merged=True)[branch]
    if sub is None or not sub.changes:
        raise fail("submit-empty", f"{branch} changes nothing compared with main; commit "
                   "your post first")
    if sub.problems:
        raise IntranetError([error("intranet", 0, 0, "submit-problem", f"{branch} cannot "
                                   f"be reviewed: {problem}") for problem in sub.problems])
    _refuse_rejected(g, rules, sub)
    report = policy_checks(g, rules, [sub])[branch]
    if report.errors:
        print(render(report, "text"), end="")
        print("Not submitted: fix the errors above, commit, and run `intranet submit` again.")
        return 1
    for finding in _placeholders(g, sub, report):
        print(finding, file=sys.stderr)
    if not g.push(f"HEAD:refs/heads/{branch}", lease=(f"refs/heads/{branch}", published)):
        raise fail("submit-push", f"the remote's {branch} changed while you were "
                   "submitting; run `intranet submit` again (it fetches first, and says "
                   "whose commits you do not have)")
    print(f"Submitted {branch} ({len(sub.files)} file(s)). It needs approval from:")
    for group in groups(rules, sub.files):
        print(f"  {group.label}: one of {names(rules.org, group.handles)}")
    return 0


def _refuse_losing_others(g: Git, branch: str, published: str, tip: str, main: str) -> None:
    """A lease push replaces the remote branch: refuse when that would drop commits
    someone else made (one's own, rewritten by a rebase, may go)."""
    if not published:
        return
    me = g.config("user.email").lower()
    shas = g.run("rev-list", published, f"^{tip}", f"^{main}", "--").split()
    theirs = [c for c in g.commits(shas).values()
              if not isinstance(c, Commit) or c.author.email != me]
    if not theirs:
        return
    who = ", ".join(sorted({f"{c.author.name} <{c.author.email}>" if isinstance(c, Commit)
                            else "an unreadable commit" for c in theirs}))
    listed = ", ".join(f"{c.sha[:7]} {safe_line(c.title)!r}" for c in theirs[:SHOWN]
                       if isinstance(c, Commit))
    more = f" and {len(theirs) - SHOWN} more" if len(theirs) > SHOWN else ""
    raise fail("submit-others", f"the remote's {branch} has {len(theirs)} commit(s) by "
               f"{who} that your branch does not have ({listed}{more}); submitting would "
               f"throw them away. Take them in first: `git fetch`, `git merge "
               f"origin/{branch}`, then `intranet submit`")


def _refuse_rejected(g: Git, rules: Rules, sub: Submission) -> None:
    """Sending back the very commit an owner rejected changes nothing: say so."""
    with Signers(rules.org) as signers:
        verdict = judge(g, rules, groups(rules, sub.files), sub.authors, records_on(g, sub.tip),
                        signers=signers)
    if verdict.rejections:
        raise fail("submit-rejected", f"this exact version (commit {sub.tip[:10]}) is still "
                   f"rejected: {rejection(rules.org, verdict.rejections[0])}: change the post, "
                   "commit, and run `intranet submit` again")


def _refuse_conflict(g: Git, branch: str, main: str, tip: str) -> None:
    """Main changed the same lines: nobody could approve it, so say now how to fix it."""
    status, out, _ = g.execute("merge-tree", "--write-tree", "--name-only", "--no-messages",
                               "-z", main, tip)
    if status != 1:  # 0: merges cleanly; anything else is for load() to report
        return
    paths = list(dict.fromkeys(safe_line(p.decode("utf-8", "surrogateescape"))
                               for p in out.split(b"\0")[1:] if p))
    shown = ", ".join(paths[:SHOWN]) + (f" and {len(paths) - SHOWN} more"
                                        if len(paths) > SHOWN else "")
    raise fail("submit-conflict", f"{branch} conflicts with main in {shown}: main changed "
               "the same lines since your branch started. Bring your branch up to date: "
               "`git fetch`, `git rebase origin/main` (fix each conflicted file, `git add` "
               "it, `git rebase --continue`), then `intranet submit`")


def _placeholders(g: Git, sub: Submission, report: Report) -> list[Finding]:
    """A post or reply still holding the text `intranet new` or `intranet reply` wrote is
    submitted, with a word: its author most likely forgot to write it."""
    found = []
    for checked in report.checked:
        if checked.post is not None and PLACEHOLDER in checked.post.body:
            placeholder, what, command = PLACEHOLDER, "post", "new"
        elif checked.reply is not None and REPLY_PLACEHOLDER in checked.reply.body:
            placeholder, what, command = REPLY_PLACEHOLDER, "reply", "reply"
        else:
            continue
        path = PREFIX + checked.src
        _, data, _ = g.execute("cat-file", "blob", sub.changes[path].sha)
        text = data.decode("utf-8", "replace")
        line = text[:text.find(placeholder)].count("\n") + 1
        found.append(Finding(path, line, 1, "submit-template", "warning", f"the {what} still "
                             f"holds the placeholder text that `intranet {command}` wrote "
                             f'("{placeholder.split(". ")[0]}. ..."); it is submitted as it '
                             f"is: write your {what} there, commit, and run `intranet submit` "
                             "again"))
    return found
