"""The plain-git equivalent of branch protection: a pre-receive hook for the shared bare
repository that refuses any push to main that would fail the audit."""

from __future__ import annotations

import sys
from pathlib import Path

from intranet.audit import audit
from intranet.errors import Finding, IntranetError, error
from intranet.git import Git, Tag
from intranet.review import MAIN

ZERO = "0" * 40
HOOK = """#!/bin/sh
# Installed by `intranet server-hook install`: refuses pushes to main that would fail
# `intranet audit`. Post branches and moderation tags are pushed freely.
exec {python} -m intranet.serverhook
"""


def install(bare: Path) -> Path:
    hooks = bare / "hooks"
    if not (bare / "HEAD").is_file() or not hooks.is_dir():
        raise IntranetError([_error(f"{bare} is not a bare git repository; give the path "
                                    "of the shared repository (the folder ending in .git)")])
    hook = hooks / "pre-receive"
    if hook.exists() and "intranet server-hook" not in hook.read_text(errors="replace"):
        raise IntranetError([_error(f"{hook} exists and is not ours; merge it by hand so "
                                    "nothing of yours is lost")])
    hook.write_text(HOOK.format(python=sys.executable), encoding="utf-8")
    hook.chmod(0o755)
    return hook


def _error(message: str) -> Finding:
    return error("server-hook", 0, 0, "server-hook", message)


def check_push(g: Git, updates: list[tuple[str, str, str]]) -> list[str]:
    """Why the push must be refused (empty: accept it)."""
    pending: list[Tag] = []
    for _, new, ref in updates:
        if ref.startswith("refs/tags/intranet/") and new != ZERO:
            tag = g.tag_object(new, ref.removeprefix("refs/tags/"))
            pending += [tag] if tag else []
    reasons: list[str] = []
    for old, new, ref in updates:
        if ref != f"refs/heads/{MAIN}":
            continue
        if new == ZERO:
            reasons.append(f"{MAIN} may not be deleted")
        elif old != ZERO and not g.is_ancestor(old, new):
            reasons.append(f"{MAIN}'s history may not be rewritten (no force pushes)")
        else:
            flags = audit(g, new, None if old == ZERO else old, pending)
            reasons += [str(f.finding()) for f in flags]
    return reasons


def main() -> int:
    updates = [(w[0], w[1], w[2]) for w in (line.split() for line in sys.stdin) if len(w) == 3]
    try:
        reasons = check_push(Git(Path.cwd()), updates)
    except IntranetError as exc:
        reasons = [str(f) for f in exc.findings]
    for reason in reasons:
        print(f"intranet: refused: {reason}", file=sys.stderr)
    if reasons:
        print(f"intranet: {MAIN} accepts only approved submissions: `intranet submit`, then "
              "an owner's `intranet approve`", file=sys.stderr)
    return 1 if reasons else 0


if __name__ == "__main__":
    raise SystemExit(main())
