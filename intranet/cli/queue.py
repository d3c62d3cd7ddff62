"""`intranet queue [--for HANDLE | --mine]`: the submissions waiting for a decision, what
waits for one owner, or where an author's own submissions stand. A branch nobody can
approve (unreadable, unrelated, conflicting, with refused paths) is listed with the
reason; it never stops the listing of the others."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from intranet.display import safe, safe_line
from intranet.git import Git
from intranet.moderation.answers import Answered, answered
from intranet.moderation.records import Record, Signers, judge, load_records, rejection
from intranet.moderation.review import POSTS, Group, Rules, groups, names, rules_at, waiting
from intranet.moderation.submission import Submission, load
from intranet.moderation.workflow import policy_checks, target
from intranet.policy.checker import Report


@dataclass(frozen=True)
class Entry:
    sub: Submission
    sections: str
    waiting: tuple[Group, ...]
    given: str
    check: str
    rejected: tuple[str, ...]
    answers: tuple[Answered, ...] = ()  # the discussions its replies join


def run(args: argparse.Namespace, root: Path) -> int:
    g = Git(root)
    g.fetch()
    rules = rules_at(g, target(g))
    branches = g.branches(POSTS)
    subs = load(g, rules, branches)
    live = [s for s in subs.values() if s is not None]
    records: dict[str, list[Record]] = {}
    for record in load_records(g)[0]:
        records.setdefault(record.tip, []).append(record)
    reports = policy_checks(g, rules, [s for s in live if not s.problems])
    answers = answered(g, rules.commit, live)
    with Signers(rules.org) as signers:
        entries = [_entry(g, rules, s, records.get(s.tip, []), reports=reports,
                          signers=signers, answers=answers.get(s.branch, ())) for s in live]
    if args.mine:
        return _mine(g, rules, entries, branches, records)
    if args.for_handle:
        entries = [e for e in entries if not e.rejected and not e.sub.problems and any(
            args.for_handle in grp.handles for grp in e.waiting)
            and args.for_handle not in e.sub.authors.handles]
    else:
        entries = [e for e in entries if not e.rejected]
    print(f"{len(entries)} submission(s) waiting" if entries else "Nothing is waiting.")
    for e in entries:
        print(safe(_shown(rules, e)))
    return 0


def _entry(g: Git, rules: Rules, sub: Submission, records: list[Record], *,
           reports: dict[str, Report], signers: Signers, answers: tuple[Answered, ...]
           ) -> Entry:
    need = groups(rules, sub.files)
    verdict = judge(g, rules, need, sub.authors, records, signers=signers)
    report = reports.get(sub.branch)
    errors = report.errors if report is not None else 0
    return Entry(sub, ", ".join(dict.fromkeys(grp.label for grp in need)) or "no files",
                 tuple(waiting(need, verdict.approvers)),
                 names(rules.org, set(verdict.approvers)),
                 f"{errors} error(s)" if errors else "passes",
                 tuple(rejection(rules.org, r) for r in verdict.rejections), answers)


def _shown(rules: Rules, e: Entry) -> str:
    lines = [f"\n{e.sub.branch}", *(f"  {a.phrase}" for a in e.answers),
             f"  by {safe_line(e.sub.authors.shown(rules.org))} · {e.sections} · submitted "
             f"{age(e.sub.time)} ago"]
    if e.sub.problems:
        lines += [f"  cannot be approved: {safe_line(why)}" for why in e.sub.problems]
        return "\n".join(lines)
    lines += [f"  policy check: {e.check}", f"  approved by: {e.given or 'nobody yet'}"]
    lines += [f"  waiting for {grp.label}: one of {names(rules.org, grp.handles)}"
              for grp in e.waiting]
    lines.append(f"  review: intranet show {e.sub.branch}")
    return "\n".join(lines)


def _mine(g: Git, rules: Rules, entries: list[Entry], branches: dict[str, str],
          records: dict[str, list[Record]]) -> int:
    me = rules.org.by_email(g.config("user.email"))
    if me is None:
        print("Your git user.email is nobody's in org.yml, so nothing here is yours.")
        return 0
    lines = []
    for e in entries:
        if me.handle not in e.sub.authors.handles:
            continue
        lines.append(f"\n{e.sub.branch} (commit {e.sub.tip[:10]})")
        lines += [f"  {a.phrase}" for a in e.answers]
        if e.rejected:
            lines += [f"  rejected: {why}" for why in e.rejected]
        elif e.sub.problems:
            lines += [f"  cannot be approved: {safe_line(why)}" for why in e.sub.problems]
        else:
            lines.append(f"  waiting since {age(e.sub.time)} ago; policy check: {e.check}")
            lines += [f"  waiting for {grp.label}: one of {names(rules.org, grp.handles)}"
                      for grp in e.waiting]
    done = {b: tip for b, tip in branches.items() if tip not in {e.sub.tip for e in entries}}
    lines += _published(g, rules, me.email.lower(), done, records)
    print(f"{sum(1 for ln in lines if ln.startswith(chr(10)))} submission(s) of yours"
          if lines else "You have no submissions.")
    if lines:
        print(safe("\n".join(lines)))
    return 0


def _published(g: Git, rules: Rules, email: str, done: dict[str, str],
               records: dict[str, list[Record]]) -> list[str]:
    tips = g.commits(done.values())
    merges = _merges(g, rules.commit, set(done.values()))
    lines = []
    for branch, tip in sorted(done.items()):
        commit = tips.get(tip)
        if getattr(getattr(commit, "author", None), "email", "") != email or tip not in merges:
            continue
        when = merges[tip]
        by = names(rules.org, {r.handle for r in records.get(tip, []) if r.kind == "approved"})
        lines += [f"\n{branch} (commit {tip[:10]})",
                  f"  published {age(when)} ago, approved by {by or 'nobody on record'}"]
    return lines


def _merges(g: Git, main: str, tips: set[str]) -> dict[str, int]:
    """tip -> when main merged it, for the tips main's first-parent merges published."""
    if not tips:
        return {}
    out = g.run("log", "--first-parent", "--merges", "--format=%P %ct", main, "--")
    found: dict[str, int] = {}
    for line in out.split("\n"):
        parts = line.split(" ")
        if len(parts) == 3 and parts[1] in tips and parts[2].isdigit():
            found.setdefault(parts[1], int(parts[2]))
    return found


def age(then: int) -> str:
    seconds = max(0, int(time.time()) - then)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count > 1 else ''}"
    return "moments"
