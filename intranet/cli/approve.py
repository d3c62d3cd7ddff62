"""`intranet approve BRANCH --as HANDLE [--commit SHA]`: record an owner's approval of
one exact commit; the last approval a submission needs publishes it with a merge commit
(git's own merge, byte for byte) naming every approver."""

from __future__ import annotations

import argparse
from pathlib import Path

from intranet.cli.output import render
from intranet.config.org import Person
from intranet.git import Git
from intranet.moderation.records import Signers, judge, records_on, ref_name, rejection, trailer
from intranet.moderation.review import MAIN, Group, Rules, groups, names, rules_at, waiting
from intranet.moderation.submission import Submission, load
from intranet.moderation.workflow import acting_as, fail, policy_checks, reviewed, target

ATTEMPTS = 5  # another approver may publish at the same moment: fetch and merge again


def run(args: argparse.Namespace, root: Path) -> int:
    g = Git(root)
    for _ in range(ATTEMPTS):
        g.fetch()
        done = attempt(g, args.branch, args.as_handle, args.commit)
        if done is not None:
            print(done)
            return 0
    raise fail("approve-busy", f"{MAIN} kept moving while publishing; run the command again")


def attempt(g: Git, branch: str, handle: str, commit: str | None) -> str | None:
    """One try; None when the remote moved on before the push landed."""
    tip = reviewed(g, branch, "approve-branch", commit)
    rules = rules_at(g, target(g))
    if g.is_ancestor(tip, rules.commit):
        return f"{branch} is already published."
    me = acting_as(g, rules.org, handle)
    sub = load(g, rules, {branch: tip}, merged=True)[branch]
    assert sub is not None  # not on main: checked above
    need = groups(rules, sub.files)
    with Signers(rules.org) as signers:
        mine = _may_approve(g, rules, sub, me, need=need, signers=signers)
        tag = ref_name("approved", tip, me.handle).removeprefix("refs/tags/")
        records = records_on(g, tip)
        if not any(r.kind == "approved" and r.handle == me.handle for r in records):
            g.tag(tag, tip, f"Approve {branch}\n\nApproved-by: {trailer(me)}", rules.org.signing)
            records = records_on(g, tip)
        verdict = judge(g, rules, need, sub.authors, records, signers=signers)
    if me.handle not in verdict.approvers:  # e.g. signed with a key org.yml does not list
        g.run("tag", "--delete", tag)
        mine_wrong = [why for _, why in verdict.problems if me.name in why]
        raise fail("approve-invalid", "your approval would not count: "
                   f"{'; '.join(mine_wrong) or 'unknown reason'}")
    left = waiting(need, verdict.approvers)
    if left:
        if not g.push(f"refs/tags/{tag}"):
            return None
        return _partial(rules, mine, left, sub)
    return _publish(g, rules, sub, verdict.approvers, tag)


def _may_approve(g: Git, rules: Rules, sub: Submission, me: Person, *, need: list[Group],
                 signers: Signers) -> list[Group]:
    verdict = judge(g, rules, need, sub.authors, records_on(g, sub.tip), signers=signers)
    if verdict.rejections:
        raise fail("approve-rejected", rejection(rules.org, verdict.rejections[0]))
    if sub.problems:
        raise fail("approve-refused", f"{sub.branch} cannot be approved: "
                   f"{'; '.join(sub.problems)}")
    if me.handle in sub.authors.handles:
        raise fail("approve-self", f"{me.name} is one of the authors of {sub.branch}; nobody "
                   "may approve their own post: another owner must")
    mine = [grp for grp in need if me.handle in grp.handles]
    if not mine:
        raise fail("approve-not-owner", f"{me.name} owns none of the files {sub.branch} "
                   f"changes ({', '.join(sub.files)}); their owners are listed by "
                   "`intranet owners`")
    report = policy_checks(g, rules, [sub])[sub.branch]
    if report.errors:
        raise fail("approve-policy", f"{sub.branch} fails the policy check, so it cannot be "
                   f"approved:\n{render(report, 'text').rstrip()}")
    if rules.org.signing and not me.ssh_key:
        raise fail("approve-signing", f"approvals must be signed, and org.yml has no ssh_key "
                   f"for {me.name}; ask the platform owners to add it")
    return mine


def _partial(rules: Rules, mine: list[Group], left: list[Group], sub: Submission) -> str:
    lines = [f"Approved {sub.branch} (commit {sub.tip[:10]}) for "
             f"{', '.join(g.label for g in mine)}. Still waiting for:"]
    lines += [f"  {grp.label}: one of {names(rules.org, grp.handles)}" for grp in left]
    return "\n".join(lines)


def _publish(g: Git, rules: Rules, sub: Submission, approvers: tuple[str, ...],
             tag: str) -> str | None:
    people = [p for h in approvers if (p := rules.org.person(h)) is not None]
    message = f"Publish {sub.branch}\n\n" + "".join(f"Approved-by: {trailer(p)}\n"
                                                   for p in people)
    merge = g.merge(rules.commit, sub.tip, message, rules.org.signing)
    if merge is None:
        raise fail("approve-conflict", f"{sub.branch} conflicts with {MAIN}; its author must "
                   "run `git fetch`, `git rebase origin/main` and `intranet submit` again")
    if not g.push(f"refs/tags/{tag}", f"{merge}:refs/heads/{MAIN}"):
        return None
    return (f"Published {sub.branch} (commit {sub.tip[:10]}): approved by "
            f"{', '.join(p.name for p in people)}.")
