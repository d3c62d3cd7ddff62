"""`intranet approve BRANCH --as HANDLE`: record an owner's approval in git; the last
approval a submission needs publishes it with a merge commit naming every approver."""

from __future__ import annotations

import argparse
from pathlib import Path

from intranet.approvals import Decision, decisions, judge, tag_name, trailer
from intranet.git import REMOTE, Git
from intranet.org import Person
from intranet.output import render
from intranet.review import (
    MAIN,
    Group,
    Rules,
    Submission,
    authored_by,
    groups,
    names,
    rules_at,
    submission,
)
from intranet.workflow import acting_as, fail, policy_check, target

ATTEMPTS = 5  # another approver may publish at the same moment: fetch and merge again


def run(args: argparse.Namespace, root: Path) -> int:
    g = Git(root)
    for _ in range(ATTEMPTS):
        g.fetch()
        done = attempt(g, args.branch, args.as_handle)
        if done is not None:
            print(done)
            return 0
    raise fail("approve-busy", f"{MAIN} kept moving while publishing; run the command again")


def attempt(g: Git, branch: str, handle: str) -> str | None:
    """One try; None when the remote moved on before the push landed."""
    tip = g.rev(f"{REMOTE}/{branch}")
    if tip is None:
        raise fail("approve-branch", f"there is no submitted branch {branch!r}; "
                   "`intranet queue` lists what waits")
    rules = rules_at(g, target(g))
    if g.is_ancestor(tip, rules.commit):
        return f"{branch} is already published."
    me = acting_as(g, rules.org, handle)
    sub = submission(g, branch, tip, rules.commit)
    mine = _may_approve(g, rules, sub, me)
    tag = tag_name("approved", tip, me.handle)
    found = decisions(g.tags(f"intranet/approved/{tip}/"))
    if not any(d.handle == me.handle for d in found):  # a retry reuses the tag it made
        g.tag(tag, tip, f"Approve {branch}\n\nApproved-by: {trailer(me)}", rules.org.signing)
        found += decisions(g.tags(tag))
    verdict = judge(g, rules, sub, found)
    if me.handle not in verdict.approvers:  # e.g. signed with a key org.yml does not list
        g.run("tag", "--delete", tag)
        mine_wrong = [p for p in verdict.problems if me.name in p]
        raise fail("approve-invalid", f"your approval would not count: "
                   f"{'; '.join(mine_wrong) or 'unknown reason'}")
    waiting = [grp for grp in groups(rules, sub.files) if not grp.handles & set(verdict.approvers)]
    if waiting:
        if not g.push(f"refs/tags/{tag}"):
            return None
        return _partial(rules, mine, waiting, branch)
    return _publish(g, rules, sub, verdict.approvers, tag)


def _may_approve(g: Git, rules: Rules, sub: Submission, me: Person) -> list[Group]:
    rejected = decisions(g.tags(f"intranet/rejected/{sub.tip}/"))
    if rejected:
        raise fail("approve-rejected", _rejection(rules, rejected[0]))
    if me.handle in authored_by(rules.org, sub):
        raise fail("approve-self", f"{me.name} wrote a commit of {sub.branch}; nobody may "
                   "approve their own post: another owner must")
    mine = [grp for grp in groups(rules, sub.files) if me.handle in grp.handles]
    if not mine:
        raise fail("approve-not-owner", f"{me.name} owns none of the files {sub.branch} "
                   f"changes ({', '.join(sub.files)}); their owners are listed by "
                   "`intranet owners`")
    report = policy_check(g, rules, sub)
    if report.errors:
        raise fail("approve-policy", f"{sub.branch} fails the policy check, so it cannot be "
                   f"approved:\n{render(report, 'text').rstrip()}")
    if rules.org.signing and not me.ssh_key:
        raise fail("approve-signing", f"approvals must be signed, and org.yml has no ssh_key "
                   f"for {me.name}; ask the platform owners to add it")
    return mine


def _partial(rules: Rules, mine: list[Group], waiting: list[Group], branch: str) -> str:
    lines = [f"Approved {branch} for {', '.join(g.label for g in mine)}. Still waiting for:"]
    lines += [f"  {grp.label}: one of {names(rules.org, grp.handles)}" for grp in waiting]
    return "\n".join(lines)


def _publish(g: Git, rules: Rules, sub: Submission, approvers: tuple[str, ...],
             tag: str) -> str | None:
    people = [p for h in approvers if (p := rules.org.person(h)) is not None]
    message = f"Publish {sub.branch}\n\n" + "".join(f"Approved-by: {trailer(p)}\n"
                                                   for p in people)
    merge = g.merge(rules.commit, sub.tip, message, rules.org.signing)
    if merge is None:
        raise fail("approve-conflict", f"{sub.branch} conflicts with {MAIN}; its author must "
                   f"`git rebase {MAIN}` and submit again")
    if not g.push(f"refs/tags/{tag}", f"{merge}:refs/heads/{MAIN}"):
        return None
    return f"Published {sub.branch}: approved by {', '.join(p.name for p in people)}."


def _rejection(rules: Rules, decision: Decision) -> str:
    person = rules.org.person(decision.handle)
    who = person.name if person else decision.handle
    reason = decision.reason.rstrip(".") or "no reason given"
    return f"{who} rejected this version: {reason}. The author must push a new version first"
