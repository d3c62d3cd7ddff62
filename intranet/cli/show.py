"""`intranet show BRANCH`: everything an owner needs to decide on a submission, and
nothing they have to take on trust: the exact commit, who wrote it, whose approval each
section needs, the policy findings, and the full diff of what publishing it would change
on main (git's merge, not the branch as its author last saw main)."""

from __future__ import annotations

import argparse
from pathlib import Path

from intranet.cli.output import render
from intranet.display import safe, safe_line
from intranet.git import Git
from intranet.moderation.answers import PREFIX, answered
from intranet.moderation.records import Signers, judge, records_on, rejection
from intranet.moderation.review import Rules, groups, names, rules_at
from intranet.moderation.submission import Submission, load
from intranet.moderation.workflow import branch_tip, policy_checks, target


def run(args: argparse.Namespace, root: Path) -> int:
    g = Git(root)
    g.fetch()
    tip = branch_tip(g, args.branch, "show-branch")
    rules = rules_at(g, target(g))
    sub = load(g, rules, {args.branch: tip}, merged=True)[args.branch]
    if sub is None:
        print(f"{args.branch} (commit {tip}) is already published.")
        return 0
    print(safe(summary(g, rules, sub)))
    if sub.tree is not None:
        print(safe(g.diff_text(rules.commit, sub.tree)), end="")
    return 0


def summary(g: Git, rules: Rules, sub: Submission) -> str:
    need = groups(rules, sub.files)
    with Signers(rules.org) as signers:
        verdict = judge(g, rules, need, sub.authors, records_on(g, sub.tip), signers=signers)
    lines = [f"{safe_line(sub.branch)}", f"  commit:   {sub.tip}",
             f"  authors:  {safe_line(sub.authors.shown(rules.org))}",
             f"  changes:  {len(sub.files)} file(s) on main at {rules.commit[:10]}"]
    lines += [f"  about:    {a.phrase} ({PREFIX}{a.post})"
              for a in answered(g, rules.commit, [sub]).get(sub.branch, ())]
    lines += [f"  needs:    {grp.label}, one of {names(rules.org, grp.handles)} "
              f"({_files(grp.paths)})" for grp in need]
    lines.append(f"  approved: {names(rules.org, set(verdict.approvers)) or 'nobody yet'}")
    lines += [f"  rejected: {rejection(rules.org, r)}" for r in verdict.rejections]
    lines += [f"  ignored:  {why}" for _, why in verdict.problems]
    lines += [f"  refused:  {why}" for why in sub.problems]
    if not sub.problems:
        report = policy_checks(g, rules, [sub])[sub.branch]
        lines.append("  policy:   " + ("passes" if not report.findings else "\n".join(
            "            " + line for line in render(report, "text").splitlines()).lstrip()))
        lines.append(f"  decide:   intranet approve {sub.branch} --as HANDLE --commit "
                     f"{sub.tip}")
        lines.append(f"            intranet reject {sub.branch} --as HANDLE --commit "
                     f"{sub.tip} --reason TEXT")
    return "\n".join(lines) + "\n"


def _files(paths: tuple[str, ...]) -> str:
    shown = ", ".join(safe_line(p) for p in paths[:3])
    return shown + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
