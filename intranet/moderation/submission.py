"""Submissions: post branches waiting for main, read so that no branch an author crafted
can stop a moderator's command. Whatever makes a branch unreviewable (unreadable commits,
a history unrelated to main, a conflict, paths or links the intranet refuses, too many
files) becomes one of its `problems`; the other branches are read as usual.

For `show` and `approve` a submission is exactly what publishing it would do to main:
the changes from main's tree to git's merge of the branch into main, so an owner reviews
the bytes that would be published, not the branch as its author last saw main."""

from __future__ import annotations

from dataclasses import dataclass

from intranet.errors import IntranetError
from intranet.git import EMPTY_TREE, Change, Git
from intranet.gitobjects import BadObject, Commit
from intranet.moderation.authors import Authors, authors_of
from intranet.moderation.landing import POST_READ, markdown
from intranet.moderation.review import RULE_FILES, Rules, rules_at
from intranet.moderation.treepaths import LINK, file_problems

CONFLICT = ("conflicts with main; its author must run `git fetch`, `git rebase origin/main` "
            "and `intranet submit` again")


@dataclass(frozen=True)
class Submission:
    branch: str
    tip: str
    main: str  # the commit of main it is judged against
    tree: str | None  # git's merge of tip into main, when asked for and clean
    changes: dict[str, Change]  # what publishing it changes on main
    commits: tuple[Commit, ...]  # its commits that main does not have
    authors: Authors
    problems: tuple[str, ...]  # why it cannot be approved, whoever reviews it
    time: int  # when its tip was committed

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(self.changes)

    @property
    def links(self) -> frozenset[str]:
        return frozenset(p for p, c in self.changes.items() if c.mode == LINK)


@dataclass(frozen=True)
class _Draft:
    tip: str
    own: frozenset[str]  # its commits main does not have
    base: str  # where it left main ("" when it never did)
    problems: tuple[str, ...]


def load(g: Git, rules: Rules, branches: dict[str, str], merged: bool = False
         ) -> dict[str, Submission | None]:
    """branch -> its submission (None when main already has its tip). With `merged`, each
    is git's merge into main (a process per branch); otherwise its changes since it left
    main, read for all branches at once (for queue)."""
    main = rules.commit
    graph = g.graph(branches.values(), [main])
    commits = g.commits({main, *graph})
    drafts = {b: _draft(g, main, tip, graph, commits) for b, tip in branches.items()
              if tip in graph}
    commits.update(g.commits({d.base for d in drafts.values() if d.base} - set(commits)))
    trees = {sha: c.tree for sha, c in commits.items() if isinstance(c, Commit)}
    merges = {b: g.merge_tree(main, d.tip) if d.base else None for b, d in drafts.items()} \
        if merged else {}
    diffs = g.diff_trees([_pair(trees, main, d, merges.get(b)) for b, d in drafts.items()])
    blobs = g.blobs({sha for changes in diffs if changes for sha in markdown(changes)},
                    max(POST_READ, rules.policy.post_bytes))
    found: dict[str, Submission | None] = dict.fromkeys(branches)
    for (branch, draft), diff in zip(drafts.items(), diffs, strict=True):
        own = tuple(c for sha in sorted(draft.own) if isinstance(c := commits[sha], Commit))
        changes = diff if diff is not None else {}
        problems = draft.problems + (_file_problems(changes, rules) if diff is not None else
                                     ("git cannot read its files (a malformed tree)",))
        if merged and draft.base and merges.get(branch) is None:
            problems += (CONFLICT,)
        if merges.get(branch) and set(changes) & set(RULE_FILES):
            problems += _rules_problems(g, merges[branch] or "")
        tip = commits[draft.tip]
        found[branch] = Submission(
            branch, draft.tip, main, merges.get(branch), changes, own,
            authors_of(rules.org, own, [d for sha in markdown(changes) if (d := blobs.get(sha))]),
            problems, tip.committer.time if isinstance(tip, Commit) else 0)
    return found


def _draft(g: Git, main: str, tip: str, graph: dict[str, tuple[str, ...]],
           commits: dict[str, Commit | BadObject]) -> _Draft:
    own = _own(tip, graph)
    boundary = {p for sha in own for p in graph[sha] if p not in own}
    bad = [c for sha in sorted(own) if isinstance(c := commits[sha], BadObject)]
    problems = tuple(f"it holds a commit that cannot be read ({c})" for c in bad[:1])
    if not boundary:
        return _Draft(tip, frozenset(own), "", (*problems, "its history is unrelated to "
                      "main; start from main with `intranet new`"))
    base = next(iter(boundary)) if len(boundary) == 1 else g.merge_base(main, tip) or ""
    return _Draft(tip, frozenset(own), base, problems)


def _pair(trees: dict[str, str], main: str, draft: _Draft, merge: str | None
          ) -> tuple[str, str]:
    if merge:
        return trees.get(main, EMPTY_TREE), merge
    return trees.get(draft.base, EMPTY_TREE), trees.get(draft.tip, EMPTY_TREE)


def _rules_problems(g: Git, tree: str) -> tuple[str, ...]:
    """A change to the rules must leave rules main can be judged by: a broken org.yml on
    main would stop every later approval, and the server hook with it."""
    try:
        rules_at(g, tree)
    except IntranetError as exc:
        return tuple(f"after it, main's rules could not be read ({f}); fix that first"
                     for f in exc.findings[:3])
    return ()


def _own(tip: str, graph: dict[str, tuple[str, ...]]) -> set[str]:
    """The commits of a branch that main does not have."""
    own: set[str] = set()
    todo = [tip]
    while todo:
        sha = todo.pop()
        if sha in own or sha not in graph:
            continue
        own.add(sha)
        todo.extend(graph[sha])
    return own


def _file_problems(changes: dict[str, Change], rules: Rules) -> tuple[str, ...]:
    limit = rules.policy.submission_files
    if len(changes) > limit:
        return (f"it changes {len(changes):,} files, more than the {limit:,} that one review "
                "may cover (limits.submission_files); split it",)
    return tuple(why for _, why in file_problems(changes))
