"""`intranet check`: apply the content policy to posts and pages."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from intranet.cli.output import render
from intranet.config.org import load_org
from intranet.config.policy import load_policy
from intranet.errors import IntranetError, error
from intranet.policy.cache import FindingsCache, fingerprint
from intranet.policy.checker import PREFIX, check_tree
from intranet.policy.files import linked
from intranet.policy.meta import Context
from intranet.policy.tree import entry, lookup, walk


def run(args: argparse.Namespace, root: Path) -> int:
    site = root / "mkdocs.yml"
    content = root / "content"
    ctx = Context(load_policy(root / "policy.yml"), load_org(root / "org.yml"),
                  changed=args.changed_since is not None,
                  site_config=site.read_text(encoding="utf-8") if site.is_file() else "",
                  lookup=partial(lookup, content))
    paths = [p.absolute() for p in args.paths] or [content]
    if args.changed_since is not None:
        # Imported only here: GitPython takes a tenth of a second to load.
        from intranet import git  # noqa: PLC0415

        changed = git.changed_since(root, args.changed_since)
        paths = [c for c in changed if c.exists() and any(c.is_relative_to(p) for p in paths)]
    cache = None
    if not args.no_cache:
        configs = [(root / name).read_bytes() for name in ("policy.yml", "org.yml")]
        configs.append(ctx.site_config.encode())
        salt = fingerprint(*configs, b"changed" if ctx.changed else b"all")
        cache = FindingsCache(root / ".cache" / "intranet", salt)
    report = check_tree(_files(content, paths), ctx, keep_posts=False, cache=cache)
    if cache is not None:
        cache.save(complete=not args.paths and args.changed_since is None)
    print(render(report, args.format), end="")
    return 1 if report.errors else 0


def _files(content: Path, paths: list[Path]) -> Iterator[tuple[str, bytes, bool]]:
    top = content.absolute()
    for path in paths:
        absolute = path.absolute()
        if not absolute.is_relative_to(top):
            raise IntranetError([error(str(path), 1, 1, "check-path", "only files under "
                                       f"{PREFIX} are checked; name a file or folder there")])
        src = absolute.relative_to(top).as_posix()
        if absolute.is_dir() and not linked(str(absolute), str(top)):
            yield from walk(str(absolute), "" if src == "." else src + "/")
        elif absolute.is_file() or absolute.is_symlink():
            yield entry(str(absolute), src, linked(str(absolute), str(top)))
        elif absolute != top:
            raise IntranetError([error(str(path), 1, 1, "check-path", "no such file or "
                                       "folder; check the path")])
