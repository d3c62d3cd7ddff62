"""`intranet check`: apply the content policy to posts and pages."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

from intranet import git
from intranet.checker import PREFIX, check_tree
from intranet.errors import IntranetError, error
from intranet.meta import Context
from intranet.org import load_org
from intranet.output import render
from intranet.policy import load_policy


def run(args: argparse.Namespace, root: Path) -> int:
    ctx = Context(load_policy(root / "policy.yml"), load_org(root / "org.yml"),
                  changed=args.changed_since is not None)
    content = root / "content"
    paths = [p.absolute() for p in args.paths] or [content]
    if args.changed_since is not None:
        changed = git.changed_since(root, args.changed_since)
        paths = [c for c in changed if c.exists() and any(c.is_relative_to(p) for p in paths)]
    report = check_tree(_files(content, paths), ctx)
    print(render(report, args.format), end="")
    return 1 if report.errors else 0


def _files(content: Path, paths: list[Path]) -> Iterator[tuple[str, bytes, bool]]:
    for path in paths:
        absolute = path.absolute()
        if not absolute.is_relative_to(content.absolute()):
            raise IntranetError([error(str(path), 1, 1, "check-path", "only files under "
                                       f"{PREFIX} are checked; name a file or folder there")])
        if absolute.is_dir() and not absolute.is_symlink():
            yield from _files(content, sorted(absolute.iterdir()))
        elif absolute.is_file() or absolute.is_symlink():
            src = absolute.relative_to(content.absolute()).as_posix()
            yield src, _read(absolute), absolute.is_symlink()
        elif absolute != content.absolute():
            raise IntranetError([error(str(path), 1, 1, "check-path", "no such file or "
                                       "folder; check the path")])


def _read(path: Path) -> bytes:
    # A symlink is reported, not followed: it could point anywhere on the machine.
    return b"" if path.is_symlink() else path.read_bytes()
