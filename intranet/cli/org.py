"""`intranet org`: validate org.yml and say what it defines."""

from __future__ import annotations

import argparse
from pathlib import Path

from intranet.config.org import load_org


def run(args: argparse.Namespace, root: Path) -> int:
    org = load_org(root / "org.yml")
    owners = ", ".join(org.platform_owners)
    print(f"org.yml: {org.company}, {len(org.departments)} departments, "
          f"{len(org.people)} people; platform owners: {owners}")
    for dept in org.departments:
        print(f"  {dept.id}: {dept.name}, owned by {', '.join(dept.owners)}")
    return 0
