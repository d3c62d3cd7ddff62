"""The plain-git equivalent of branch protection: a pre-receive hook for the shared bare
repository. It refuses, with the reason, any push that would:

- move main other than by moderated merges on top of it (the audit of what it adds);
- delete, move or forge a moderation record;
- add a ref whose name imitates main;
- bring a secret or a blocked word into the repository, on any branch.

Every rule is judged by the main the push lands on, never by what the push brings."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from intranet.errors import Finding, IntranetError, error
from intranet.git import ZERO, Git
from intranet.moderation.audit import audit
from intranet.moderation.newrecords import Pusher, check_records
from intranet.moderation.noticehook import MARK, install_notices, notify_problems
from intranet.moderation.pushscan import scan_push
from intranet.moderation.records import REFS
from intranet.moderation.refrules import ref_problem
from intranet.moderation.review import MAIN, MAIN_REF, rules_at
from intranet.policy.meta import Context

HEX = re.compile(r"[0-9a-f]{40}\Z")
VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
HOOK = """#!/bin/sh
# Installed by `intranet server-hook install`: refuses pushes that would break moderation
# (unapproved changes to main, forged or moved records, names imitating main, secrets).
# It runs {python}
# with the intranet package installed there. If that environment is removed or moved,
# every push is refused, saying so, until `intranet server-hook install` is run again.
PYTHON={python_q}
INTRANET_PUSHER_ENV={pusher_q}
export INTRANET_PUSHER_ENV
if [ ! -x "$PYTHON" ]; then
  echo "intranet: refused: the pre-receive hook cannot run: $PYTHON is gone (it came from \
the environment that ran \\`intranet server-hook install\\`); run the install again from a \
working intranet environment" >&2
  exit 1
fi
exec "$PYTHON" -c '
import sys
try:
    from intranet.moderation.serverhook import main
except ImportError as exc:
    print("intranet: refused: the pre-receive hook cannot run: the intranet package is not "
          "installed for " + sys.executable + " (" + str(exc) + "); run `intranet "
          "server-hook install` again from a working intranet environment", file=sys.stderr)
    sys.exit(1)
sys.exit(main())
'
"""


def install(bare: Path, pusher_env: str | None = None, *, notify_smtp: str | None = None,
            notify_from: str | None = None) -> list[Path]:
    """Write the pre-receive hook and, with a mail server and sender, the post-receive
    hook that sends notices (noticehook.py); every argument is checked before anything
    is written. Returns the hooks written."""
    hooks = bare / "hooks"
    if not (bare / "HEAD").is_file() or not hooks.is_dir():
        raise IntranetError([_error(f"{bare} is not a bare git repository; give the path "
                                    "of the shared repository (the folder ending in .git)")])
    found = notify_problems(notify_smtp, notify_from)
    if pusher_env is not None and not VARIABLE.match(pusher_env):
        found.insert(0, _error(f"{pusher_env!r} is not an environment variable's name; "
                               "e.g. GL_USER (gitolite) or GITEA_PUSHER_NAME (Gitea)"))
    names = ("pre-receive", "post-receive") if notify_smtp else ("pre-receive",)
    found += [_error(f"{hook} exists and is not ours; merge it by hand so nothing of yours "
                     "is lost") for hook in (hooks / name for name in names)
              if hook.exists() and MARK not in hook.read_text(errors="replace")]
    if found:
        raise IntranetError(found)
    hook = hooks / "pre-receive"
    hook.write_text(HOOK.format(python=sys.executable, python_q=shlex.quote(sys.executable),
                                pusher_q=shlex.quote(pusher_env or "")), encoding="utf-8")
    hook.chmod(0o755)
    # git's own checks of every object received (`..` or `.git` in trees, malformed
    # commits and tags) run before the hook: a second line of defence.
    Git(bare).run("config", "receive.fsckObjects", "true")
    if notify_smtp and notify_from:
        return [hook, install_notices(hooks, notify_smtp, notify_from)]
    return [hook]


def _error(message: str) -> Finding:
    return error("server-hook", 0, 0, "server-hook", message)


def check_push(g: Git, updates: list[tuple[str, str, str]], pusher: Pusher | None
               ) -> list[Finding]:
    """Why the push must be refused (empty: accept it)."""
    found = [error(ref, 0, 0, *problem) for old, new, ref in updates
             if (problem := ref_problem(ref, old, new))]
    main = g.rev(MAIN_REF)
    if main is None:  # a new, empty repository: its first main is taken as it comes
        return found
    rules = rules_at(g, main)
    pushed = [(ref, new) for old, new, ref in updates
              if ref.startswith(REFS) and old == ZERO and new != ZERO]
    records, refused = check_records(g, rules, pushed, pusher)
    found += refused
    for old, new, ref in updates:
        if ref == MAIN_REF and ZERO not in (old, new):
            found += [f.finding() for f in audit(g, new, old, records).flags]
    tips = [new for _, new, _ in updates if new != ZERO]
    found += scan_push(g, Context(rules.policy, rules.org, changed=True,
                                  site_config=rules.site_config), tips)
    return found


def main() -> int:
    updates = []
    for line in sys.stdin:
        words = line.split()
        if len(words) != 3 or not HEX.match(words[0]) or not HEX.match(words[1]):
            print("intranet: refused: git sent the hook a line it cannot read", file=sys.stderr)
            return 1
        updates.append((words[0], words[1], words[2]))
    try:
        reasons = check_push(Git(Path.cwd()), updates, Pusher.from_environment())
    except IntranetError as exc:
        reasons = list(exc.findings)
    except Exception as exc:  # the last line of defence fails closed
        reasons = [_error(f"the hook could not judge this push ({type(exc).__name__}: {exc}); "
                          "nothing was accepted: report it to the platform owners")]
    for reason in reasons:
        print(f"intranet: refused: {reason}", file=sys.stderr)
    if any(r.rule.startswith(("audit-", "hook-main")) for r in reasons):
        print(f"intranet: {MAIN} accepts only approved submissions: `intranet submit`, then "
              "an owner's `intranet approve`", file=sys.stderr)
    if any(r.rule == "secret" or r.rule.startswith("watched-") for r in reasons):
        print("intranet: secrets and blocked words must never reach the shared repository, "
              "not even on a branch: remove them from every commit (`git rebase -i`), then "
              "push again", file=sys.stderr)
    return 1 if reasons else 0


if __name__ == "__main__":
    raise SystemExit(main())
