"""The site as a build of this working tree would publish it on a given day, for what is
made outside a build (the digest, feeds of a notice): checked by the same checker, and
refused when the build would be, so nothing is ever announced that the site lacks."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from intranet.config.org import load_org
from intranet.config.policy import load_policy
from intranet.errors import IntranetError
from intranet.policy.checker import check_tree
from intranet.policy.meta import Context
from intranet.policy.tree import lookup, walk
from intranet.site.plan import Site, build_site


def published_site(root: Path, today: dt.date) -> Site:
    """Raises IntranetError with every error finding when the site would not build."""
    site_config = root / "mkdocs.yml"
    content = root / "content"
    ctx = Context(load_policy(root / "policy.yml"), load_org(root / "org.yml"),
                  site_config=site_config.read_text(encoding="utf-8")
                  if site_config.is_file() else "", lookup=partial(lookup, content))
    report = check_tree(walk(str(content), ""), ctx)
    errors = [f for f in report.findings if f.severity == "error"]
    if errors:
        raise IntranetError(errors)
    return build_site(ctx.org, ((c.src, c.post or c.reply) for c in report.checked), today)
