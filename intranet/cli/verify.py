"""`intranet verify SITE_DIR`: refuse a built site that did not come through the policy
(see intranet/policy/verify.py); the publish workflows run it between build and deploy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intranet import clock
from intranet.errors import IntranetError, error
from intranet.policy.verify import verify


def run(args: argparse.Namespace, root: Path) -> int:
    if not args.site_dir.is_dir():
        raise IntranetError([error(str(args.site_dir), 0, 0, "verify-site", "no such folder; "
                                   "give the folder `mkdocs build` wrote the site to")])
    findings = verify(root, args.site_dir, clock.today())
    for finding in findings:
        print(finding, file=sys.stderr)
    if findings:
        print(f"{args.site_dir} must not be published: {len(findings)} problem(s)",
              file=sys.stderr)
        return 1
    print(f"{args.site_dir} is the site this repository publishes today: built through the "
          "intranet hooks, every page sanitized and under the Content-Security-Policy.")
    return 0
