"""`intranet server-hook install PATH`: protect main in a shared bare repository, and
with --notify-smtp, e-mail the people each push concerns."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intranet.moderation.serverhook import install


def run(args: argparse.Namespace, root: Path) -> int:
    hooks = install(args.repository, args.pusher_env, notify_smtp=args.notify_smtp,
                    notify_from=args.notify_from)
    pusher = (f" Records must be pushed by their reviewer, as ${args.pusher_env} names them."
              if args.pusher_env else "")
    print(f"Installed {hooks[0]}: pushes to main must pass `intranet audit`; records are "
          "append-only and checked; names imitating main and secrets on any branch are "
          f"refused.{pusher}")
    if len(hooks) > 1:
        print(f"Installed {hooks[1]}: after each push it e-mails, through "
              f"{args.notify_smtp} from {args.notify_from}, the owners a submission waits "
              "for (never its authors), the authors when theirs is published (with the "
              "approvers and the page's address) or rejected (with the reason), and the "
              "people a post or reply mentions once it is published. The login comes from "
              "INTRANET_SMTP_USER and INTRANET_SMTP_PASSWORD in the git server's "
              "environment. A notice that cannot be sent never stops a push: the pusher "
              f"sees why, and it is logged in {args.repository / 'intranet-notices.log'}.")
    both = len(hooks) > 1
    print(f"The hook{'s run' if both else ' runs'} {sys.executable} with the intranet package "
          "installed there: if that environment is removed or moved, every push is refused "
          f"{'(and no notice is sent) ' if both else ''}until you run this install again.")
    return 0
