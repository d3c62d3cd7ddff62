"""Main's first-parent history as the audit judges it: each commit that landed on main,
what it changed there, and (for a merge) the submission it brought.

The whole walk costs a handful of git processes, whatever its length: one rev-list for
the chain, one for the graph, one cat-file for the commits, one diff-tree for every diff
and one cat-file for the posts' front-matter."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from intranet.git import EMPTY_TREE, Change, Git
from intranet.gitobjects import BadObject, Commit

POST_READ = 1 << 20  # front-matter beyond a MiB of Markdown is the checker's business
PREFIX = "content/"


@dataclass(frozen=True)
class Landing:
    """One commit of main's first-parent history."""

    commit: Commit
    changes: dict[str, Change]  # against its first parent: what it did to main
    second: str = ""  # a merge's second parent: the submission it published
    replayed: bool = False  # the second parent was on main already
    unrelated: bool = False  # the second parent shares no history with main
    branch: tuple[Commit, ...] = ()  # the commits the merge brought to main
    branch_error: BadObject | None = None
    base_position: int | None = None  # where the submission left main (-1: the start)
    branch_changes: dict[str, Change] | None = None  # the submission's own changes
    contents: tuple[bytes, ...] = field(default=(), repr=False)  # its Markdown, for authors


@dataclass(frozen=True)
class Walk:
    landings: list[Landing]
    history: list[tuple[str, str]]  # (commit, why) where the history itself is wrong


def landings(g: Git, head: str, stop: str) -> Walk:
    chain = list(reversed(g.first_parents(head, stop)))
    history = _history(g, head, stop, chain)
    graph = g.graph([head], [stop])
    commits = g.commits({stop, *graph, *(p for _, ps in chain[:1] for p in ps)})
    found: list[Landing] = []
    positions = {stop: -1}
    landed: set[str] = set()
    for position, (sha, parents) in enumerate(chain):
        commit = commits.get(sha)
        if not isinstance(commit, Commit):
            history.append((sha, f"commit {sha[:10]} on main cannot be read ({commit}); "
                            "nothing after it can be judged"))
            return Walk(found, history)
        positions[sha] = position
        landing = _merge(commit, graph, commits, landed, positions) if len(parents) == 2 \
            else Landing(commit, {})
        landed.update(c.sha for c in landing.branch)
        landed.add(sha)
        found.append(landing)
    return Walk(_with_diffs(g, found, commits, stop), history)


def _history(g: Git, head: str, stop: str, chain: list[tuple[str, tuple[str, ...]]]
             ) -> list[tuple[str, str]]:
    if not chain:
        if head != stop:
            return [(head, f"main would move back to {head[:10]}, behind {stop[:10]}: "
                     "published work is taken down by a reviewed change, never by rewinding")]
        return []
    sha, parents = chain[0]
    if not parents:
        return [(sha, f"main's first-parent history reaches the root commit {sha[:10]} "
                 f"without passing {stop[:10]}: it is another history, not this main's")]
    if parents[0] != stop:
        return [(sha, f"main's first-parent history leaves {stop[:10]} aside (it goes "
                 f"through {parents[0][:10]}): main was rewritten or re-rooted; merge into "
                 "main, never around it")]
    return []


def _merge(commit: Commit, graph: dict[str, tuple[str, ...]],
           commits: dict[str, Commit | BadObject], landed: set[str],
           positions: dict[str, int]) -> Landing:
    second = commit.parents[1]
    if second not in graph or second in landed:
        return Landing(commit, {}, second, replayed=True)
    branch: set[str] = set()
    todo = [second]
    while todo:
        sha = todo.pop()
        if sha in branch or sha in landed or sha not in graph:
            continue
        branch.add(sha)
        todo.extend(graph[sha])
    boundary = {p for sha in branch for p in graph[sha] if p not in branch}
    parsed = [commits.get(sha) for sha in sorted(branch)]
    error = next((c for c in parsed if not isinstance(c, Commit)), None)
    known = all(b in positions for b in boundary)
    return Landing(commit, {}, second, unrelated=not boundary,
                   branch=tuple(c for c in parsed if isinstance(c, Commit)),
                   branch_error=error if isinstance(error, BadObject) else None,
                   base_position=max(positions[b] for b in boundary) if boundary and known
                   else None)


def _tree(commits: dict[str, Commit | BadObject], sha: str) -> str | None:
    commit = commits.get(sha)
    return commit.tree if isinstance(commit, Commit) else None


def _with_diffs(g: Git, found: list[Landing], commits: dict[str, Commit | BadObject],
                stop: str) -> list[Landing]:
    """Each landing with its changes, and each merge with its submission's changes (from
    the merge base, when known) and the Markdown it adds, all read in one go."""
    pairs: list[tuple[str, str]] = []
    bases = _bases(found, stop)
    for landing in found:
        first = landing.commit.parents[0] if landing.commit.parents else ""
        pairs.append((_tree(commits, first) or EMPTY_TREE, landing.commit.tree))
        base = bases.get(landing.commit.sha)
        base_tree = _tree(commits, base) if base else None
        if base_tree and (second := _tree(commits, landing.second)):
            pairs.append((base_tree, second))
    diffs = iter(g.diff_trees(pairs))
    out = []
    trusted = True  # main's changes are all known so far: the merge shortcut is sound
    for landing in found:
        changes = next(diffs)
        base = bases.get(landing.commit.sha)
        own = next(diffs) if base and _tree(commits, base) and _tree(commits, landing.second) \
            else None
        if changes is None:
            trusted = False
            out.append(replace(landing, branch_error=BadObject(
                f"git cannot read the tree of {landing.commit.sha[:10]}")))
            continue
        out.append(replace(landing, changes=changes, branch_changes=own if trusted else None))
    return _with_contents(g, out)


def _bases(found: list[Landing], stop: str) -> dict[str, str]:
    """merge commit -> its merge base, for the merges whose base is on the walk."""
    return {landing.commit.sha: found[position].commit.sha if position >= 0 else stop
            for landing in found
            if landing.second and not landing.replayed
            and (position := landing.base_position) is not None}


def _with_contents(g: Git, found: list[Landing]) -> list[Landing]:
    wanted = {sha for landing in found if landing.second for sha in markdown(landing.changes)}
    blobs = g.blobs(wanted, POST_READ)
    return [replace(landing, contents=tuple(data for sha in markdown(landing.changes)
                                            if (data := blobs.get(sha))))
            if landing.second else landing for landing in found]


def markdown(changes: dict[str, Change]) -> list[str]:
    """The blobs of the Markdown files under content/ that changes add or modify."""
    return [change.sha for path, change in changes.items()
            if path.startswith(PREFIX) and path.endswith(".md") and change.mode.startswith("100")]
