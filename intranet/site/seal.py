"""What the hooks leave on a site they built, so that `intranet verify` can tell it from a
site built without them (by an engine that ignores `hooks:`, say): a mark in every page's
<head>, beside its Content-Security-Policy, and a manifest of the day and the posts."""

from __future__ import annotations

import json

from intranet.site.plan import Site

# Authors cannot write the mark: the sanitizer keeps no <meta> of theirs.
MARK = '<meta name="intranet-sanitized" content="yes">'
MANIFEST = "intranet-manifest.json"


def manifest(site: Site) -> str:
    """The day the site was built for and the posts it published."""
    return json.dumps({"today": site.today.isoformat(),
                       "posts": sorted(p.src for p in site.posts)}, indent=1) + "\n"
