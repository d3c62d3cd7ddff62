"""Which of many patterns matches a path last, in a few regex calls instead of one per
rule: 10,000 paths against 1,000 rules take a fraction of a second.

Patterns are merged into one regex per kind, in last-first order. Python's engine tries
alternatives in order (skipping one whose literal first character differs), so the first
alternative to match is the last rule; an empty group after each tells which it was."""

from __future__ import annotations

import re
from collections.abc import Sequence

from intranet.codeowners_match import Compiled

Merged = tuple[re.Pattern[str], list[int]]
CACHE_LIMIT = 100_000  # segments remembered; folder names repeat across paths


class PatternSet:
    def __init__(self, patterns: Sequence[Compiled]) -> None:
        numbered = list(enumerate(patterns))
        self._rooted = _merge([(i, p.body) for i, p in numbered if not p.floating])
        # One-segment floating patterns (`*.js`, `logs/`) are tried against segments,
        # which repeat and are cached; others at every segment start.
        self._anywhere = _merge([(i, p.body) for i, p in numbered if p.floating
                                 and not p.scope])
        self._scoped = {scope: _merge([(i, p.segment) for i, p in numbered
                                       if p.scope == scope and p.floating])
                        for scope in ("any", "dir", "last")}
        self._segments: dict[tuple[str, bool], int] = {}

    def last_match(self, path: str) -> int | None:
        """Index of the last pattern matching `path`, or None."""
        best = _find(self._rooted, path, 0)
        segments = path.split("/")
        start = 0
        for index, segment in enumerate(segments):
            best = max(best, self._segment(segment, index == len(segments) - 1),
                       _find(self._anywhere, path, start))
            start += len(segment) + 1
        return best if best >= 0 else None

    def _segment(self, segment: str, last: bool) -> int:
        key = (segment, last)
        found = self._segments.get(key)
        if found is None:
            found = max(_find(self._scoped["any"], segment, 0),
                        _find(self._scoped["last" if last else "dir"], segment, 0))
            if len(self._segments) >= CACHE_LIMIT:
                self._segments.clear()
            self._segments[key] = found
        return found


def _merge(numbered: list[tuple[int, str]]) -> Merged | None:
    if not numbered:
        return None
    order = [i for i, _ in reversed(numbered)]
    alternatives = "|".join(f"(?:{body})\\Z()" for _, body in reversed(numbered))
    return re.compile(alternatives), order


def _find(merged: Merged | None, text: str, start: int) -> int:
    if merged is None:
        return -1
    match = merged[0].match(text, start)
    return merged[1][match.lastindex - 1] if match and match.lastindex else -1
