"""`intranet server-hook install PATH`: protect main in a shared bare repository."""

from __future__ import annotations

import argparse
from pathlib import Path

from intranet.serverhook import install


def run(args: argparse.Namespace, root: Path) -> int:
    hook = install(args.repository)
    print(f"Installed {hook}: pushes to main must now pass `intranet audit`; post branches "
          "and moderation tags are pushed freely.")
    return 0
