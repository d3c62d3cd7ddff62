"""`intranet owners`: who owns each path, and which approvals a change needs, read from
CODEOWNERS exactly as GitHub reads it."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import NamedTuple

from intranet import git
from intranet.codeowners.github import parse_codeowners
from intranet.codeowners.org import TARGETS
from intranet.codeowners.syntax import Rule
from intranet.errors import IntranetError, error


class Owned(NamedTuple):
    path: str
    owners: list[str] | None  # None: no rule matches; []: the matching rule names nobody
    line: int | None


def run(args: argparse.Namespace, root: Path) -> int:
    top = _absolute(root)
    source = _absolute(args.codeowners) if args.codeowners else top / TARGETS["github"]
    shown = source.relative_to(top).as_posix() if source.is_relative_to(top) else str(source)
    rules = parse_codeowners(_read(source, shown))
    for problem in rules.problems:  # the answer below is GitHub's: say what it skips
        print(error(shown, problem.line, problem.column, problem.rule, problem.message),
              file=sys.stderr)
    owned = [_owned(rules.rule_for(path), path) for path in _paths(args, root, top)]
    print(_json(owned) if args.format == "json" else _text(owned, shown), end="")
    return 0


def _absolute(path: Path) -> Path:
    # Normalised without resolving links: `content/../org.yml` is org.yml, as git sees it.
    return Path(os.path.normpath(path.absolute()))


def _owned(rule: Rule | None, path: str) -> Owned:
    return Owned(path, None, None) if rule is None else Owned(path, rule.names, rule.line)


def _read(source: Path, shown: str) -> str:
    try:
        return source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IntranetError([error(shown, 1, 1, "codeowners-file", "no such file; run "
                                   "`intranet codeowners write`, or pass --codeowners "
                                   "FILE")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IntranetError([error(shown, 1, 1, "codeowners-file", f"cannot read it "
                                   f"({exc}); save it as UTF-8")]) from None


def _paths(args: argparse.Namespace, root: Path, top: Path) -> list[str]:
    given = [_relative(_absolute(p), top) for p in args.paths]
    if args.changed_since is not None:
        changed = [_relative(p, top) for p in git.changed_since(root, args.changed_since,
                                                                        deleted=True)]
        return [c for c in changed if not given or any(_inside(c, g) for g in given)]
    if not given:
        return git.tracked_files(root)
    found: dict[str, None] = {}  # in the order given, once each
    for path in given:
        if (top / path).is_dir():  # a folder stands for the files in it
            found.update(dict.fromkeys(f for f in git.tracked_files(root) if _inside(f, path)))
        else:  # a file, or one about to be added: who would review it?
            found[path] = None
    return list(found)


def _relative(path: Path, top: Path) -> str:
    if not path.is_relative_to(top):
        if path.resolve().is_relative_to(top.resolve()):
            return _relative(path.resolve(), top.resolve())
        raise IntranetError([error(str(path), 1, 1, "owners-path", "is outside the "
                                   "repository; name a path inside it")])
    relative = path.relative_to(top).as_posix()
    return "" if relative == "." else relative


def _inside(path: str, folder: str) -> bool:
    return not folder or path == folder or path.startswith(folder.rstrip("/") + "/")


def _required(owned: list[Owned]) -> list[tuple[list[str], list[str]]]:
    # One approval from each distinct set of owners: two lines naming the same owners
    # are satisfied by the same approval.
    groups: dict[tuple[str, ...], list[str]] = {}
    for item in owned:
        if item.owners:
            groups.setdefault(tuple(item.owners), []).append(item.path)
    return [(list(owners), paths) for owners, paths in groups.items()]


def _json(owned: list[Owned]) -> str:
    return json.dumps({"paths": [item._asdict() for item in owned],
                       "required": [{"owners": o, "paths": p} for o, p in _required(owned)]},
                      indent=2) + "\n"


def _text(owned: list[Owned], shown: str) -> str:
    out = []
    for item in owned:
        if item.owners:
            out.append(f"{item.path}: {' '.join(item.owners)} ({shown}:{item.line})")
        elif item.owners is None:
            out.append(f"{item.path}: no owner (no line of {shown} matches it)")
        else:
            out.append(f"{item.path}: no owner ({shown}:{item.line} names nobody)")
    required = _required(owned)
    out.append(f"approvals required: {len(required)}, one from each of:" if required
               else "approvals required: none")
    out += [f"  {' or '.join(o)}: {', '.join(p)}" for o, p in required]
    return "\n".join(out) + "\n"
