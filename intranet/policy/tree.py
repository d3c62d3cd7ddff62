"""Reading content/ from a working tree, as the check and the build see it: every file in
name order, and symbolic links reported, never followed (they could point anywhere on the
machine)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from intranet.policy.files import linked


def lookup(content: Path, src: str) -> bytes | None:
    """Another file under content/, for rules that need it (a reply's post); never one
    reached through a symbolic link."""
    path = content / src
    if not path.is_file() or linked(str(path), str(content)):
        return None
    return path.read_bytes()


def walk(folder: str, prefix: str) -> Iterator[tuple[str, bytes, bool]]:
    """Every file under `folder`, named `prefix` + its path from there."""
    # scandir: one system call per folder answers "link? folder?" for all its entries.
    with os.scandir(folder) as entries:
        for found in sorted(entries, key=lambda e: e.name):
            if found.is_dir(follow_symlinks=False):
                yield from walk(found.path, prefix + found.name + "/")
            else:
                yield entry(found.path, prefix + found.name, found.is_symlink())


def entry(path: str, src: str, symlink: bool) -> tuple[str, bytes, bool]:
    # A symlink is reported, not followed: it could point anywhere on the machine.
    if symlink:
        return src, b"", True
    with open(path, "rb") as handle:
        return src, handle.read(), False
