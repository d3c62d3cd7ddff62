"""`intranet queue [--for HANDLE]`: the submissions waiting for a decision."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from intranet.approvals import Decision, decisions, judge
from intranet.git import Git
from intranet.review import POSTS, Group, Rules, authored_by, groups, names, rules_at, submission
from intranet.workflow import policy_check, target


@dataclass(frozen=True)
class Entry:
    branch: str
    authors: str
    sections: str
    waiting: tuple[Group, ...]
    given: str
    check: str
    age: str
    rejected: str


def run(args: argparse.Namespace, root: Path) -> int:
    g = Git(root)
    g.fetch()
    rules = rules_at(g, target(g))
    found = decisions(g.tags("intranet/"))
    entries = [e for branch, tip in sorted(g.branches(POSTS).items())
               if (e := entry(g, rules, branch, tip, found)) is not None]
    if args.for_handle:
        entries = [e for e in entries if not e.rejected and any(
            args.for_handle in grp.handles for grp in e.waiting)
            and args.for_handle not in e.authors.split(", ")]
    if args.mine:
        me = rules.org.by_email(g.config("user.email"))
        entries = [e for e in entries if me is not None and me.handle in e.authors.split(", ")]
    else:
        entries = [e for e in entries if not e.rejected]
    print(f"{len(entries)} submission(s) waiting" if entries else "Nothing is waiting.")
    for e in entries:
        print(f"\n{e.branch}\n  by {e.authors} · {e.sections} · submitted {e.age} ago\n"
              f"  policy check: {e.check}\n  approved by: {e.given or 'nobody yet'}")
        for grp in e.waiting:
            print(f"  waiting for {grp.label}: one of {names(rules.org, grp.handles)}")
        if e.rejected:
            print(f"  rejected: {e.rejected}")
    return 0


def entry(g: Git, rules: Rules, branch: str, tip: str, found: list[Decision]) -> Entry | None:
    if g.is_ancestor(tip, rules.commit):
        return None  # published
    sub = submission(g, branch, tip, rules.commit)
    mine = [d for d in found if d.tip == tip]
    verdict = judge(g, rules, sub, mine)
    need = groups(rules, sub.files)
    report = policy_check(g, rules, sub)
    rejected = [f"{d.handle}: {d.reason}" for d in mine if d.kind == "rejected"]
    return Entry(branch, ", ".join(sorted(authored_by(rules.org, sub))),
                 ", ".join(dict.fromkeys(grp.label for grp in need)),
                 tuple(grp for grp in need if not grp.handles & set(verdict.approvers)),
                 names(rules.org, set(verdict.approvers)),
                 f"{report.errors} error(s)" if report.errors else "passes",
                 _age(sub.time), "; ".join(rejected))


def _age(then: int) -> str:
    seconds = max(0, int(time.time()) - then)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count > 1 else ''}"
    return "moments"
