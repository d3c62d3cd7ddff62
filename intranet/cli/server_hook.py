"""`intranet server-hook install PATH`: protect main in a shared bare repository."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intranet.moderation.serverhook import install


def run(args: argparse.Namespace, root: Path) -> int:
    hook = install(args.repository, args.pusher_env)
    pusher = (f" Records must be pushed by their reviewer, as ${args.pusher_env} names them."
              if args.pusher_env else "")
    print(f"Installed {hook}: pushes to main must pass `intranet audit`; records are "
          "append-only and checked; names imitating main and secrets on any branch are "
          f"refused.{pusher}\nThe hook runs {sys.executable} with the intranet package "
          "installed there: if that environment is removed or moved, every push is refused "
          "until you run this install again.")
    return 0
