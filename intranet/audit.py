"""Proof that every change on main was moderated: walk main's first-parent history and
judge each commit by the rules in force just before it (its first parent's CODEOWNERS,
org.yml and policy.yml)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from intranet.approvals import Decision, decisions, judge
from intranet.errors import Finding
from intranet.git import Commit, Git, Tag
from intranet.review import CODEOWNERS, Group, Rules, Submission, groups, names, rules_at

RULE_FILES = (CODEOWNERS, "org.yml", "policy.yml")


@dataclass(frozen=True)
class Flag:
    """One commit that did not arrive through a valid approval."""

    commit: str
    rule: str
    message: str
    paths: tuple[str, ...]

    def finding(self) -> Finding:
        return Finding(f"commit {self.commit[:10]}", 0, 0, self.rule, "error", self.message)


def audit(g: Git, head: str, since: str | None = None,
          pending: Iterable[Tag] = ()) -> list[Flag]:
    """Every unmoderated change on the first-parent history from `since` (exclusive; the
    repository's first commit when None) to `head`."""
    revs = f"{since}..{head}" if since else head
    graph = g.graph(revs)
    seen = g.ancestors(since) if since else set()
    found = decisions([*g.tags("intranet/"), *pending])
    by_tip: dict[str, list[Decision]] = {}
    for decision in found:
        by_tip.setdefault(decision.tip, []).append(decision)
    flags: list[Flag] = []
    rules: Rules | None = None
    for commit, paths in g.mainline(revs):
        if commit.parents:
            if rules is None or rules.commit != commit.parents[0]:
                rules = rules_at(g, commit.parents[0])
            flags += _judge(g, rules, commit, paths, _History(graph, seen, by_tip))
        seen.update(_branch(commit, graph, seen))
        seen.add(commit.sha)
        if rules is not None and not set(paths) & set(RULE_FILES):
            rules = Rules(commit.sha, rules.org, rules.policy, rules.codeowners)
    return flags


@dataclass(frozen=True)
class _History:
    graph: dict[str, tuple[tuple[str, ...], str]]  # sha -> (parents, author e-mail)
    seen: set[str]  # commits on main so far
    by_tip: dict[str, list[Decision]]


def _judge(g: Git, rules: Rules, commit: Commit, paths: list[str],
           history: _History) -> list[Flag]:
    if not paths:
        return []
    need = groups(rules, tuple(paths))
    if len(commit.parents) < 2:
        return [Flag(commit.sha, "audit-direct", f"{_files(paths)} changed on main directly by "
                     f"{commit.author_name} <{commit.author_email}>, with no approved "
                     "submission; revert it through a reviewed post branch", tuple(paths))]
    tip = commit.parents[1]
    branch = _branch(commit, history.graph, history.seen)
    sub = Submission(_title(commit), tip, commit.parents[0], tuple(paths),
                     frozenset(history.graph[c][1] for c in branch), commit.time)
    verdict = judge(g, rules, sub, history.by_tip.get(tip, []))
    flags = [Flag(commit.sha, _rule(problem), f"{_title(commit)}: {problem}", tuple(paths))
             for problem in verdict.problems]
    flags += [Flag(commit.sha, "audit-unapproved", f"{_title(commit)} was published without "
                   f"an approval from {group.label} (one of {names(rules.org, group.handles)})"
                   f" for {_files(group.paths)}", group.paths)
              for group in _waiting(need, verdict.approvers)]
    return flags


def unmoderated(root: Path, posts: Iterable[str]) -> list[Finding]:
    """For the site build: the posts (paths under content/) whose arrival on the checked
    out history fails the audit."""
    g = Git(root)
    head = g.rev("HEAD")
    flagged: dict[str, Flag] = {}
    for flag in audit(g, head) if head else []:
        for path in flag.paths:
            flagged.setdefault(path, flag)
    return [Finding("content/" + src, 1, 1, "publish-audit", "error", f"not published: this "
                    f"post arrived on main without a valid approval (commit "
                    f"{flagged['content/' + src].commit[:10]}: {flagged['content/' + src].rule})"
                    "; publish it again through `intranet approve`")
            for src in posts if "content/" + src in flagged]


def _waiting(need: list[Group], approvers: tuple[str, ...]) -> list[Group]:
    return [group for group in need if not group.handles & set(approvers)]


def _branch(commit: Commit, graph: dict[str, tuple[tuple[str, ...], str]],
            seen: set[str]) -> set[str]:
    """The commits a merge brought in: reachable from its second parent, not yet on main."""
    todo = list(commit.parents[1:])
    found: set[str] = set()
    while todo:
        sha = todo.pop()
        if sha in seen or sha in found or sha not in graph:
            continue
        found.add(sha)
        todo.extend(graph[sha][0])
    return found


def _rule(problem: str) -> str:
    if problem.startswith("self-approval"):
        return "audit-self-approval"
    if "signature" in problem or "not signed" in problem:
        return "audit-signature"
    return "audit-approval"


def _title(commit: Commit) -> str:
    return commit.message.splitlines()[0] if commit.message.strip() else commit.sha[:10]


def _files(paths: Iterable[str]) -> str:
    listed = list(paths)
    shown = ", ".join(listed[:3])
    return shown + (f" and {len(listed) - 3} more" if len(listed) > 3 else "")
