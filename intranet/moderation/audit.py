"""Proof that every change on main was moderated: walk main's first-parent history from
where moderation started and judge each commit by the rules of the main it landed on (its
first parent's CODEOWNERS, org.yml and policy.yml).

A change is moderated when it arrived as a merge whose second parent is a submission not
yet on main, whose content is git's own merge of its two parents, and whose submission
one owner of every section it touches approved, none of them one of its authors (and,
with signing on, whose merge an approver signed). Everything else is a finding. The
server hook runs the same walk over what a push would add to main."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from intranet.display import safe_line
from intranet.errors import Finding, IntranetError
from intranet.git import Git
from intranet.gitobjects import BadObject, Commit
from intranet.moderation.authors import authors_of
from intranet.moderation.landing import Landing, stream
from intranet.moderation.mergecheck import MainChanges, differences
from intranet.moderation.records import Record, Signers, judge, load_records
from intranet.moderation.review import (
    RULE_FILES,
    SITE_CONFIG,
    Rules,
    groups,
    names,
    rules_at,
    waiting,
)
from intranet.moderation.soon import Soon
from intranet.moderation.treepaths import file_problems


@dataclass(frozen=True)
class Flag:
    """One commit that did not arrive through a valid approval."""

    commit: str
    rule: str
    message: str
    paths: tuple[str, ...]

    def finding(self) -> Finding:
        return Finding(f"commit {self.commit[:10]}", 0, 0, self.rule, "error", self.message)


RULES = {"self": "audit-self-approval", "signature": "audit-signature"}


class Audit(NamedTuple):
    flags: list[Flag]
    judged: int  # commits judged


def audit(g: Git, head: str, stop: str, extra: Iterable[Record] = ()) -> Audit:
    """Every unmoderated change on head's first-parent history after `stop` (the last
    commit before moderation started, or main's tip before a push)."""
    # The walk holds the whole history (some 400 MiB at 50,000 merges) and makes no
    # cycles: the collector's full passes, which grow with all it holds, were a tenth of
    # the audit at 50,000 merges and never freed anything. Refcounting frees the rest.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _audit(g, head, stop, extra)
    finally:
        if collecting:
            gc.enable()


def _audit(g: Git, head: str, stop: str, extra: Iterable[Record]) -> Audit:
    reading = Soon(lambda: load_records(g))  # read while the walk waits for git
    try:
        walk = stream(g, head, stop)
    finally:
        records, _ = reading.result()  # its failure, if any, comes first, as it used to
    by_tip: dict[str, list[Record]] = {}
    for record in [*records, *extra]:
        by_tip.setdefault(record.tip, []).append(record)
    flags = [Flag(sha, "audit-history", why, ()) for sha, why in walk.history]
    changes = MainChanges()
    rules: Rules | IntranetError = _rules(g, stop)
    for position, landing in enumerate(walk.landings):
        flags += _judge(g, rules, landing, changes, by_tip.get(landing.second, []))
        changes.record(position, landing.changes)
        if set(landing.changes) & {*RULE_FILES, SITE_CONFIG}:
            rules = _rules(g, landing.commit.sha)
        elif isinstance(rules, Rules):
            rules = replace(rules, commit=landing.commit.sha)
    return Audit(flags, walk.count)


def _rules(g: Git, commit: str) -> Rules | IntranetError:
    try:
        return rules_at(g, commit)
    except IntranetError as exc:
        return exc


def _judge(g: Git, rules: Rules | IntranetError, landing: Landing, changes: MainChanges,
           records: list[Record]) -> list[Flag]:
    commit, paths = landing.commit, tuple(landing.changes)
    if (not paths and len(commit.parents) < 2) or not commit.parents:
        return []  # a root on main is the history's fault, flagged as such
    if isinstance(rules, IntranetError):
        return [Flag(commit.sha, "audit-rules", f"{_title(commit)} cannot be judged: the "
                     f"rules it landed on cannot be read ({rules.findings[0].message})", paths)]
    if len(commit.parents) == 1:
        return [Flag(commit.sha, "audit-direct", f"{_files(paths)} changed on main directly by "
                     f"{commit.author.name} <{commit.author.email}>, with no approved "
                     "submission; revert it through a reviewed post branch", paths)]
    if len(commit.parents) > 2:
        return [Flag(commit.sha, "audit-merge", f"{_title(commit)} merges "
                     f"{len(commit.parents) - 1} branches at once; a publishing merge has "
                     "exactly two parents", paths)]
    shape = _shape(g, landing, changes)
    if shape:
        return shape
    return _approvals(g, rules, landing, records)


def _shape(g: Git, landing: Landing, changes: MainChanges) -> list[Flag]:
    """The flags for a merge that is not a fresh submission merged as git merges it."""
    commit, paths = landing.commit, tuple(landing.changes)
    if landing.replayed:
        return [Flag(commit.sha, "audit-replay", f"{_title(commit)} merges "
                     f"{landing.second[:10]}, which main already holds: an approval is used "
                     "once; publish new work as a new commit", paths)]
    if isinstance(landing.branch_error, BadObject):
        return [Flag(commit.sha, "audit-object", f"{_title(commit)} brings a commit that "
                     f"cannot be read ({landing.branch_error})", paths)]
    wrong = [why for _, why in file_problems(landing.changes)]
    if wrong:
        return [Flag(commit.sha, "audit-path", f"{_title(commit)}: {'; '.join(wrong[:3])}",
                     paths)]
    if landing.base_position is not None and landing.branch_changes is not None and \
            changes.untouched(landing.base_position, landing.branch_changes):
        extra = differences(landing.branch_changes, landing.changes)
    else:
        tree = g.merge_tree(commit.parents[0], commit.parents[1])
        if tree is None:
            return [Flag(commit.sha, "audit-tree", f"{_title(commit)}: its parents do not "
                         "merge cleanly, so its content is nobody's approved version", paths)]
        diff = g.diff_trees([(tree, commit.tree)])[0] if tree != commit.tree else {}
        extra = sorted(diff) if diff is not None else ["a tree git cannot read"]
    if extra:
        return [Flag(commit.sha, "audit-tree", f"{_title(commit)}: its content is not git's "
                     f"merge of its parents (it differs at {_files(extra)}); publish only "
                     "what was approved, with `intranet approve`", tuple(extra))]
    return []


def _approvals(g: Git, rules: Rules, landing: Landing, records: list[Record]) -> list[Flag]:
    commit, paths = landing.commit, tuple(landing.changes)
    need = groups(rules, list(paths))
    authors = authors_of(rules.org, landing.branch, landing.contents)
    with Signers(rules.org) as signers:
        verdict = judge(g, rules, need, authors, records, signers=signers)
        flags = [Flag(commit.sha, RULES.get(kind, "audit-approval"), f"{_title(commit)}: "
                      f"{why}", paths) for kind, why in verdict.problems]
        flags += [Flag(commit.sha, "audit-unapproved", f"{_title(commit)} was published "
                       f"without an approval from {group.label} (one of "
                       f"{names(rules.org, group.handles)}) for {_files(group.paths)}",
                       group.paths) for group in waiting(need, verdict.approvers)]
        if rules.org.signing and verdict.approvers and not flags:
            signer = g.verify_commit(commit.sha, signers.path)
            emails = {p.email for h in verdict.approvers if (p := rules.org.person(h))}
            if signer not in emails:
                flags.append(Flag(commit.sha, "audit-signature", f"{_title(commit)}: the merge "
                                  "is not signed by one of its approvers, and signing is on",
                                  paths))
    return flags


def _title(commit: Commit) -> str:
    return safe_line(commit.title)[:120]


def _files(paths: Iterable[str]) -> str:
    listed = [safe_line(p) for p in paths]
    shown = ", ".join(listed[:3])
    return shown + (f" and {len(listed) - 3} more" if len(listed) > 3 else "")
