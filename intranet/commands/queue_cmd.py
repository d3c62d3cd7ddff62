"""`intranet queue [--for HANDLE]`: the submissions waiting for a decision."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from intranet.approvals import Decision, decisions, judge
from intranet.git import Commit, Git
from intranet.review import (
    LINK,
    POSTS,
    Group,
    Rules,
    Submission,
    authored_by,
    groups,
    names,
    rules_at,
)
from intranet.workflow import content_of, policy_check, target


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
    branches = g.branches(POSTS)
    pending = g.unmerged(rules.commit, list(branches.values()))
    subs = [s for branch, tip in sorted(branches.items())
            if (s := waiting(branch, tip, rules.commit, pending)) is not None]
    blobs = g.read_many([pair for s in subs for pair in content_of(s)])
    entries = [entry(g, rules, s, found, blobs) for s in subs]
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


def waiting(branch: str, tip: str, target: str,
            pending: dict[str, tuple[Commit, dict[str, str]]]) -> Submission | None:
    """The submission on `branch`, from the commits not yet on main; None if published."""
    if tip not in pending:
        return None
    todo, seen, emails = [tip], set(), set()
    modes: dict[str, str] = {}
    while todo:
        sha = todo.pop()
        if sha in seen or sha not in pending:
            continue
        seen.add(sha)
        commit, changed = pending[sha]
        for path, mode in changed.items():
            modes.setdefault(path, mode)  # the newest commit touching a path decides
        emails.add(commit.author_email.lower())
        todo.extend(commit.parents)
    links = frozenset(path for path, mode in modes.items() if mode == LINK)
    return Submission(branch, tip, target, tuple(sorted(modes)), frozenset(emails),
                      pending[tip][0].time, links)


def entry(g: Git, rules: Rules, sub: Submission, found: list[Decision],
          blobs: dict[tuple[str, str], bytes | None]) -> Entry:
    mine = [d for d in found if d.tip == sub.tip]
    verdict = judge(g, rules, sub, mine)
    need = groups(rules, sub.files)
    report = policy_check(g, rules, sub, blobs)
    rejected = [f"{d.handle}: {d.reason}" for d in mine if d.kind == "rejected"]
    return Entry(sub.branch, ", ".join(sorted(authored_by(rules.org, sub))),
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
