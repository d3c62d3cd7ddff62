"""Main's first-parent history as the audit judges it: each commit that landed on main,
what it changed there, and (for a merge) the submission it brought.

The walk costs a few git processes, not one per commit: one rev-list for the chain, one
for the graph, one cat-file for the commits, then a diff-tree and a cat-file (the posts'
front-matter) per two thousand commits. The diffs dominate a long history (git reads
the whole of every version of every folder it compares), so main's own are started as
soon as the chain is known, read while Python parses the rest, and handed on a block at
a time, as they arrive."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import pairwise

from intranet.git import EMPTY_TREE, Change, FirstParent, Git
from intranet.gitobjects import BadObject, Commit
from intranet.moderation.treediffs import CHUNK, TreeDiffs

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


@dataclass(frozen=True)
class Stream:
    """A walk whose landings are completed as they are used: on a long history the
    first are judged while git still diffs the last."""

    landings: Iterator[Landing]
    count: int
    history: list[tuple[str, str]]


def landings(g: Git, head: str, stop: str) -> Walk:
    walk = stream(g, head, stop)
    return Walk(list(walk.landings), walk.history)


def stream(g: Git, head: str, stop: str) -> Stream:
    chain = list(reversed(g.first_parents(head, stop)))
    early = TreeDiffs(g, _main_pairs(chain))  # git diffs while Python parses the rest
    history = _history(g, head, stop, chain)
    graph = g.graph([head], [stop])
    commits = g.commits({stop, *graph, *(p for _, _, ps in chain[:1] for p in ps)})
    found: list[Landing] = []
    positions = {stop: -1}
    landed: set[str] = set()
    for position, (sha, _, parents) in enumerate(chain):
        commit = commits.get(sha)
        if not isinstance(commit, Commit):
            history.append((sha, f"commit {sha[:10]} on main cannot be read ({commit}); "
                            "nothing after it can be judged"))
            return Stream(iter(found), len(found), history)
        positions[sha] = position
        landing = _merge(commit, graph, commits, landed, positions) if len(parents) == 2 \
            else Landing(commit, {})
        landed.update(c.sha for c in landing.branch)
        landed.add(sha)
        found.append(landing)
    return Stream(_with_diffs(g, found, commits, stop, early), len(found), history)


def _main_pairs(chain: list[FirstParent]) -> list[tuple[str, str]]:
    """What each commit after the first did to main, from git's own reading of the trees:
    a guess at the pairs _with_diffs will ask for, made before any commit is parsed (a
    tree git reads one way and we another is simply diffed again, as asked)."""
    return [(before.tree, after.tree) for before, after in pairwise(chain)]


def _history(g: Git, head: str, stop: str, chain: list[FirstParent]
             ) -> list[tuple[str, str]]:
    if not chain:
        if head != stop:
            return [(head, f"main would move back to {head[:10]}, behind {stop[:10]}: "
                     "published work is taken down by a reviewed change, never by rewinding")]
        return []
    sha, _, parents = chain[0]
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
                stop: str, early: TreeDiffs) -> Iterator[Landing]:
    """Each landing with its changes, and each merge with its submission's changes (from
    the merge base, when known) and the Markdown it adds, a block at a time."""
    bases = _bases(found, stop)
    wanted: list[tuple[tuple[str, str], tuple[str, str] | None]] = []
    for landing in found:
        first = landing.commit.parents[0] if landing.commit.parents else ""
        base = bases.get(landing.commit.sha)
        base_tree = _tree(commits, base) if base else None
        second = _tree(commits, landing.second)
        wanted.append(((_tree(commits, first) or EMPTY_TREE, landing.commit.tree),
                       (base_tree, second) if base_tree and second else None))
    # A submission merged straight onto the main it left is the same pair of trees twice
    # (base = first parent, its tip's tree = the merge's), diffed once: only pairs the
    # early diffs do not hold are asked for.
    late = TreeDiffs(g, [p for own, branch in wanted for p in (own, branch)
                         if p and not early.holds(p)])

    def diff(pair: tuple[str, str]) -> dict[str, Change] | None:
        return early[pair] if early.holds(pair) else late[pair]

    block = []
    trusted = True  # main's changes are all known so far: the merge shortcut is sound
    for landing, (own, branch) in zip(found, wanted, strict=True):
        changes = diff(own)
        if changes is None:
            trusted = False
            block.append(replace(landing, branch_error=BadObject(
                f"git cannot read the tree of {landing.commit.sha[:10]}")))
        else:
            mine = diff(branch) if branch else None
            block.append(replace(landing, changes=changes,
                                 branch_changes=mine if trusted else None))
        if len(block) == CHUNK:
            yield from _with_contents(g, block)
            block = []
    yield from _with_contents(g, block)


def _bases(found: list[Landing], stop: str) -> dict[str, str]:
    """merge commit -> its merge base, for the merges whose base is on the walk."""
    return {landing.commit.sha: found[position].commit.sha if position >= 0 else stop
            for landing in found
            if landing.second and not landing.replayed
            and (position := landing.base_position) is not None}


def _with_contents(g: Git, found: list[Landing]) -> list[Landing]:
    """The landings with the Markdown their merges add (one cat-file for them all)."""
    wanted = {sha for landing in found if landing.second for sha in markdown(landing.changes)}
    blobs = g.blobs(wanted, POST_READ)
    return [replace(landing, contents=tuple(data for sha in markdown(landing.changes)
                                            if (data := blobs.get(sha))))
            if landing.second else landing for landing in found]


def markdown(changes: dict[str, Change]) -> list[str]:
    """The blobs of the Markdown files under content/ that changes add or modify."""
    return [change.sha for path, change in changes.items()
            if path.startswith(PREFIX) and path.endswith(".md") and change.mode.startswith("100")]
