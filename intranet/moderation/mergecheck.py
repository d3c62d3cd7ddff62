"""Is a publishing merge git's own merge of its parents, byte for byte?

Recomputing every merge with `git merge-tree` costs a process each: seconds for a
history of thousands. Most publishing merges are trivially decidable instead: when main
has not touched any path the submission changes since the submission left main, git's
merge is main plus the submission's changes, exactly, so the merge must change exactly
those paths to exactly those blobs. Whatever that shortcut cannot be sure of (overlapping
paths, a folder that became a file, a folder emptied on one side, which git's rename
detection could move things into) goes to `git merge-tree`, which is the authority."""

from __future__ import annotations

from intranet.git import Change

DELETED = "000000"


def folders(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


class MainChanges:
    """Where main's first-parent history last touched each path and each folder, as
    positions on that history (0, 1, ...; -1 is where the audit starts)."""

    def __init__(self) -> None:
        self.file: dict[str, int] = {}
        self.under: dict[str, int] = {}  # anything inside the folder
        self.emptied: dict[str, int] = {}  # a deletion inside the folder

    def record(self, position: int, changes: dict[str, Change]) -> None:
        for path, change in changes.items():
            self.file[path] = position
            for folder in folders(path):
                self.under[folder] = position
                if change.mode == DELETED:
                    self.emptied[folder] = position

    def untouched(self, since: int, branch: dict[str, Change]) -> bool:
        """True when git's merge is surely main plus `branch` (the submission's changes
        from the merge base at position `since`)."""
        for path, change in branch.items():
            if self.file.get(path, -1) > since or self.under.get(path, -1) > since:
                return False  # main changed it too, or made it a folder
            for folder in folders(path):
                if self.file.get(folder, -1) > since or self.emptied.get(folder, -1) > since:
                    return False  # main made a folder a file, or may have renamed it away
                if change.mode == DELETED and self.under.get(folder, -1) > since:
                    return False  # the submission may have renamed away a folder main grew
        return True


def differences(expected: dict[str, Change], actual: dict[str, Change]) -> list[str]:
    """Paths where the merge's changes (actual) differ from the submission's (expected)."""
    paths = set(expected) | set(actual)
    return sorted(p for p in paths if _after(expected.get(p)) != _after(actual.get(p)))


def _after(change: Change | None) -> tuple[str, str] | None:
    return None if change is None else (change.mode, change.sha)
