"""`intranet verify SITE_DIR`: a built site, checked against the repository it claims to
come from, so that no engine (a successor of MkDocs that ignores `hooks:`, a build run by
hand) can publish without the policy unnoticed:

- the build must have gone through the intranet hooks: they leave a manifest;
- every page must carry the Content-Security-Policy and the sanitizer's mark;
- the posts published must be exactly those `intranet check` and the clock publish: no
  held post, no reply as a page of its own, none missing, none unchecked;
- the search index must hold only pages of the site: search shows its own copy of
  their words."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from intranet.errors import Finding, error
from intranet.policy.published import published_site
from intranet.site.plan import Site
from intranet.site.posts import is_post
from intranet.site.replies import REPLIES
from intranet.site.seal import MANIFEST, MARK
from intranet.site.search import indexed

CSP = '<meta http-equiv="Content-Security-Policy"'
READ = 65536  # the marks are in <head>: the start of a page is enough


def verify(root: Path, site_dir: Path, today: dt.date) -> list[Finding]:
    manifest = _manifest(site_dir)
    if manifest is None:
        return [error(str(site_dir), 0, 0, "verify-hooks", f"there is no {MANIFEST}: the site "
                      "was not built through the intranet hooks (`hooks:` in mkdocs.yml), so "
                      "none of the policy was applied; build it with `mkdocs build --strict` "
                      "and those hooks")]
    site = published_site(root, today)
    found = _day(site_dir, manifest, today.isoformat())
    found += _pages(site_dir)
    found += _posts(site_dir, site)
    found += _searched(site_dir)
    return found


def _manifest(site_dir: Path) -> dict[str, object] | None:
    try:
        data = json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _day(site_dir: Path, manifest: dict[str, object], today: str) -> list[Finding]:
    built = manifest.get("today")
    if built == today:
        return []
    return [error(str(site_dir / MANIFEST), 0, 0, "verify-day", f"the site was built for "
                  f"{built}, and today is {today}: what is published depends on the day; "
                  "build it again")]


def _pages(site_dir: Path) -> list[Finding]:
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        with page.open("rb") as handle:
            head = handle.read(READ).decode("utf-8", "replace")
        missing = [name for name, mark in (("Content-Security-Policy", CSP),
                                           ("sanitizer's mark", MARK)) if mark not in head]
        if missing:
            found.append(error(str(page), 0, 0, "verify-unmarked", f"the page lacks the "
                               f"{' and the '.join(missing)}: it did not come through the "
                               "intranet hooks; build the site again with them"))
    return found


def _posts(site_dir: Path, site: Site) -> list[Finding]:
    built = set(_post_pages(site_dir))
    expected = {_page(p.src) for p in site.posts}
    held = {_page(p.src): p.status(site.today) for p in site.held}
    found = [error(str(site_dir / page), 0, 0, "verify-held", f"a {status} post is "
                   "published; it must not be until its day (or ever, for a draft): build "
                   "the site with the intranet hooks")
             for page, status in sorted(held.items()) if page in built]
    found += [error(str(site_dir / page), 0, 0, "verify-missing", "a published post is "
                    "missing from the site; build it again") for page in sorted(expected - built)]
    found += [error(str(site_dir / page), 0, 0, "verify-unexpected", "the site has a post "
                    "the repository does not publish (not checked, or not in content/); "
                    "build it again from this repository")
              for page in sorted(built - expected - set(held))]
    found += [error(str(site_dir / page), 0, 0, "verify-reply-page", "a reply is published as "
                    "a page of its own, outside its post's discussion: build the site with "
                    "the intranet hooks") for page in _reply_pages(site_dir)]
    return found


def _searched(site_dir: Path) -> list[Finding]:
    """Search shows what its index holds, whether or not the page is there: every page
    it holds must be a page of this site (which _posts holds to the repository)."""
    found = []
    for fragment, url in indexed(site_dir):
        page = site_dir / url.lstrip("/")
        page = page / "index.html" if url.endswith("/") or not url else page
        if not url.startswith("/") or ".." in url.split("/") or not page.is_file():
            found.append(error(str(fragment), 0, 0, "verify-search", f"the search index "
                               f"holds {url or 'an unreadable page'!r}, which is no page of "
                               "this site: search would show words that are not published "
                               "here; build the site again"))
    return found


def _post_pages(site_dir: Path) -> list[str]:
    pages = []
    for folder, _, names in os.walk(site_dir):
        relative = Path(folder).relative_to(site_dir).as_posix()
        if "index.html" in names and is_post(relative + ".md"):
            pages.append(relative + "/index.html")
    return pages


def _reply_pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix()
                  for p in site_dir.glob(f"*/{REPLIES}/**/index.html"))


def _page(src: str) -> str:
    return src.removesuffix(".md") + "/index.html"
