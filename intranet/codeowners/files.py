"""Whether any of the repository's files matches a pattern, without trying the pattern on
every file: a repository of 250,000 files with 3,000 lines of which many win no file
would otherwise take a regex call per file per such line (minutes, not seconds).

A pattern's literal segments narrow the files worth trying: those under its leading
ones (a range of the sorted list), or those having its rarest one as a segment; a
one-segment pattern at any depth (`*.md`, `logs/`) only needs the distinct names. Only
the pattern's own regex decides, so the answer is the one a scan of every file gives.
(Names are only a shortcut for paths without a line break, which `.` in the patterns'
regexes does not cross: the few paths with one are always tried whole.)"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from intranet.codeowners.match import Compiled, regex


class Files:
    def __init__(self, files: Sequence[str]) -> None:
        self._files = sorted(files)
        self._broken = [f for f in self._files if "\n" in f]
        self._having: dict[str, list[int]] | None = None  # segment -> files with it
        self._names: dict[str, set[str]] | None = None  # scope -> distinct segments

    def any_match(self, compiled: Compiled) -> bool:
        """Whether `compiled` matches one of the files, as `regex(compiled)` says."""
        if compiled.scope:
            segment = regex(Compiled(compiled.segment, False))
            if any(segment.match(name) for name in self._named(compiled.scope)):
                return True
            candidates: Iterable[str] = self._broken
        else:
            candidates = self._candidates(compiled)
        pattern = regex(compiled)
        return any(pattern.match(path) for path in candidates)

    def _candidates(self, compiled: Compiled) -> Iterable[str]:
        if compiled.lead and not compiled.floating:
            return self._under("/".join(compiled.lead))
        if compiled.literals:
            having = self._index()
            rarest = min((having.get(s, []) for s in compiled.literals), key=len)
            return (self._files[i] for i in rarest)
        return self._files

    def _under(self, prefix: str) -> Iterable[str]:
        for index in range(bisect.bisect_left(self._files, prefix), len(self._files)):
            path = self._files[index]
            if not path.startswith(prefix):
                return
            yield path

    def _index(self) -> dict[str, list[int]]:
        if self._having is None:
            self._having = {}
            for index, path in enumerate(self._files):
                for segment in set(path.split("/")):
                    self._having.setdefault(segment, []).append(index)
        return self._having

    def _named(self, scope: str) -> set[str]:
        # The segments a one-segment pattern is tried on (codeowners_match): folders'
        # names for "dir", the last segment for "last", and any of them for "any".
        if self._names is None:
            folders: set[str] = set()
            last: set[str] = set()
            for path in self._files:
                if "\n" in path:
                    continue
                *parents, name = path.split("/")
                folders.update(parents)
                last.add(name)
            self._names = {"dir": folders, "last": last, "any": folders | last}
        return self._names[scope]
