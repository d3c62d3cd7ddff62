"""The diffs of many pairs of trees, read by background `git diff-tree`s a chunk at a
time, in order, so that the first are used while git still reads the last.

On a long history the diffs are most of the audit's time: git reads the whole of every
version of every folder it compares, so a folder of thousands of posts costs every diff
that touches it. The chunks are shared among one diff-tree per processor (a few at most,
not to crowd a shared machine), and the caller waits only for the chunk that holds the
pair it needs."""

from __future__ import annotations

import os
import threading

from intranet.git import Change, Git

CHUNK = 2_000  # pairs per diff-tree: few processes, yet the first answers come early
WORKERS = 4
Pair = tuple[str, str]


class TreeDiffs:
    """Each pair's changes (None for a pair git cannot read), as `Git.diff_trees` gives
    them; each distinct pair is diffed once."""

    def __init__(self, g: Git, pairs: list[Pair]) -> None:
        unique = list(dict.fromkeys(pairs))
        self._chunk_of = {pair: n // CHUNK for n, pair in enumerate(unique)}
        chunks = [unique[at:at + CHUNK] for at in range(0, len(unique), CHUNK)]
        self._found: dict[Pair, dict[str, Change] | None] = {}
        self._ready = [threading.Event() for _ in chunks]
        self._errors: list[BaseException] = []
        workers = min(os.cpu_count() or 1, WORKERS, len(chunks))
        for first in range(workers):
            # daemons: a walk that stops early never waits for diffs it no longer needs
            threading.Thread(target=self._read, args=(g, chunks, first, workers),
                             daemon=True).start()

    def _read(self, g: Git, chunks: list[list[Pair]], first: int, step: int) -> None:
        for n in range(first, len(chunks), step):
            try:
                if not self._errors:
                    self._found.update(zip(chunks[n], g.diff_trees(chunks[n]), strict=True))
            except BaseException as exc:  # handed to whoever asks for these pairs
                self._errors.append(exc)
            finally:
                self._ready[n].set()

    def holds(self, pair: Pair) -> bool:
        return pair in self._chunk_of

    def __getitem__(self, pair: Pair) -> dict[str, Change] | None:
        """The changes from pair[0] to pair[1], once git has read them."""
        self._ready[self._chunk_of[pair]].wait()
        if pair not in self._found:
            raise self._errors[0]
        return self._found[pair]
