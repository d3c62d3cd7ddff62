"""Which of many patterns matches a path last, in a few regex calls instead of one per
rule: 250,000 paths against 3,000 rules take about a second.

Patterns are merged into regexes in last-first order. Python's engine tries alternatives
in order, so the first alternative to match is the last rule; an empty group after each
tells which it was. Merging all of them into one regex still tries every alternative on
every path, so patterns are first filed in a tree under their leading literal segments
(`/docs/api/*.md` under docs, api): a path only meets the patterns filed along its own
segments, each of which it could match, and the most recent (highest) index wins."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from intranet.codeowners.match import Compiled

Merged = tuple[re.Pattern[str], list[int]]
CACHE_LIMIT = 100_000  # segments remembered; folder names repeat across paths
COMPILED_LIMIT = 20_000  # merged regexes remembered across pattern sets


class PatternSet:
    def __init__(self, patterns: Sequence[Compiled]) -> None:
        numbered = list(enumerate(patterns))
        self._rooted = _Tree([(i, p) for i, p in numbered if not p.floating])
        # One-segment floating patterns (`*.js`, `logs/`) are tried against segments,
        # which repeat and are cached; others at every segment start.
        self._anywhere = _Tree([(i, p) for i, p in numbered if p.floating and not p.scope])
        self._scoped = {scope: _merge([(i, p.segment) for i, p in numbered
                                       if p.scope == scope and p.floating])
                        for scope in ("any", "dir", "last")}
        self._segments: dict[tuple[str, bool], int] = {}

    def last_match(self, path: str) -> int | None:
        """Index of the last pattern matching `path`, or None."""
        segments = path.split("/")
        best = self._rooted.best(path, segments, 0, 0)
        anywhere, last = self._anywhere, len(segments) - 1
        start = 0
        for index, segment in enumerate(segments):
            found = self._segments.get((segment, index == last))
            if found is None:
                found = self._segment(segment, index == last)
            best = max(best, found)
            if anywhere.open or segment in anywhere.firsts:  # a call saved per segment
                best = max(best, anywhere.best(path, segments, index, start))
            start += len(segment) + 1
        return best if best >= 0 else None

    def _segment(self, segment: str, last: bool) -> int:
        found = max(_find(self._scoped["any"], segment, 0),
                    _find(self._scoped["last" if last else "dir"], segment, 0))
        if len(self._segments) >= CACHE_LIMIT:
            self._segments.clear()
        self._segments[(segment, last)] = found
        return found


class _Node:
    __slots__ = ("children", "merged", "numbered")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.numbered: list[tuple[int, str]] = []  # (index, body) filed here
        self.merged: Merged | None = None  # compiled on first use: most nodes never are


class _Tree:
    """Patterns filed under their leading literal segments. A pattern's body only
    matches a path (from `start`) whose segments begin with those, so walking the path's
    own segments meets every pattern that could match it, and no other."""

    def __init__(self, numbered: list[tuple[int, Compiled]]) -> None:
        self._root = _Node()
        for index, pattern in numbered:
            node = self._root
            for segment in pattern.lead:
                node = node.children.setdefault(segment, _Node())
            node.numbered.append((index, pattern.body))
        self.firsts = self._root.children  # the first segments anything is filed under
        self.open = bool(self._root.numbered)  # some pattern starts with a wildcard

    def best(self, path: str, segments: list[str], first: int, start: int) -> int:
        """The highest index among the patterns matching `path` at `start`, which is
        where `segments[first]` begins; -1 if none does."""
        node, best = self._root, -1
        for segment in segments[first:]:
            best = max(best, _at(node, path, start))
            child = node.children.get(segment)
            if child is None:
                return best
            node = child
        return max(best, _at(node, path, start))


def _at(node: _Node, path: str, start: int) -> int:
    if not node.numbered:
        return -1
    if node.merged is None:
        node.merged = _merge(node.numbered)
    return _find(node.merged, path, start)


def _merge(numbered: list[tuple[int, str]]) -> Merged | None:
    if not numbered:
        return None
    order = [i for i, _ in reversed(numbered)]
    return _compile("|".join(f"(?:{body})\\Z()" for _, body in reversed(numbered))), order


@functools.lru_cache(maxsize=COMPILED_LIMIT)
def _compile(alternatives: str) -> re.Pattern[str]:
    # `check` indexes the same rules twice (owners, then shadowing), and re's own cache
    # holds 512 patterns: thousands of tree nodes would each be compiled twice.
    return re.compile(alternatives)


def _find(merged: Merged | None, text: str, start: int) -> int:
    if merged is None:
        return -1
    match = merged[0].match(text, start)
    return merged[1][match.lastindex - 1] if match and match.lastindex else -1
