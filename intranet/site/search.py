"""The site's search: Pagefind's index of the built site, and what each page tells it.

Material's own search sends every reader the text of every page before the first result
(6.7 to 10 MB at 2,000 posts). Pagefind splits its index into chunks by word and its
excerpts into one fragment per page, so a search fetches only the chunks of the words
typed and the fragments of the results shown; filters narrow it by department, author
and tag. It indexes the pages as built, so it holds exactly what the build published:
held posts were never built. What a page is filed under (its facets) is written by the
site into the page's <head>, outside anything an author writes; the sanitizer refuses
Pagefind's attributes in posts, so no post can file itself elsewhere or hide its words.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from intranet.errors import Finding, IntranetError
from intranet.site.plan import Site

BUNDLE = "pagefind"  # the index's folder in the built site (and pagefind-1/, ...)
SHARDS = "shards.json"  # in BUNDLE: the further bundles the search box merges
SHARD_PAGES = 4_000  # pages per run of Pagefind's indexer: about 750 MB of its memory
SIGNATURE = b"pagefind_dcd"  # before the JSON of each decompressed fragment
BODY = b"data-pagefind-body"  # on every page search holds (hooks/overrides/main.html)
# What is on every page or repeats another page's words: the listings' excerpts are
# found on their posts. Selectors of the site's own markup (see entry.py, discussion.py).
LEFT_OUT = (".intranet-feed", ".intranet-moderation", ".intranet-about", ".intranet-report",
            ".intranet-write", ".intranet-write__hint", ".md-content__button", ".headerlink",
            ".intranet-subscribe", ".intranet-pager", ".intranet-meta", ".intranet-tags",
            ".intranet-byline", ".md-tags", ".intranet-active")
SECONDS = 600


class Facet(NamedTuple):
    """One thing a page is filed under: a filter (department, author, tag) or a line
    shown with its result (context)."""

    kind: str  # "filter" or "meta"
    key: str
    value: str


def facets(site: Site, src: str) -> tuple[Facet, ...]:
    """What the page at src (under content/) is filed under."""
    post = site.post(src)
    if post is not None:
        dept = site.org.department(post.department)
        name = dept.name if dept else post.department
        authors = [p.name for h in post.authors if (p := site.org.person(h))]
        return (Facet("filter", "department", name),
                *(Facet("filter", "author", a) for a in authors),
                *(Facet("filter", "tag", t) for t in post.tags),
                Facet("meta", "context", f"{name} · {post.date:%-d %B %Y}"))
    if src.startswith("people/") and src.count("/") == 1:
        person = site.org.person(src.removeprefix("people/").removesuffix(".md"))
        dept = site.org.department(person.department) if person else None
        if person and dept:
            return (Facet("filter", "department", dept.name),
                    Facet("meta", "context", f"{person.title}, {dept.name}"))
    section = site.org.department(src.split("/", 1)[0]) if "/" in src else None
    if section is not None:  # a department's own pages: its section page, how it works
        return (Facet("filter", "department", section.name),)
    return ()


def index(site_dir: Path, shard_pages: int = SHARD_PAGES) -> None:
    """Pagefind's index of the site built in site_dir, in site_dir/pagefind/ and, past
    shard_pages pages, in further bundles site_dir/pagefind-1/, ... that the search box
    merges (listed in pagefind/shards.json). Pagefind's indexer holds about 190 KB per
    400-word page, so one run over 10,000 posts would take 1.9 GB; each run here indexes
    at most shard_pages pages (hard links to them in a scratch folder, at the same
    paths, so their addresses are the site's). The merged bundles share the first one's
    engine, so a search downloads no more. A failure stops the build: a site whose search
    is missing or stale would be published without anyone noticing."""
    pages = sorted(p for p in site_dir.rglob("*.html")
                   if not _bundled(site_dir, p) and BODY in p.read_bytes())
    groups = [pages[at:at + shard_pages] for at in range(0, len(pages), shard_pages)] or [[]]
    bundles = [BUNDLE if n == 0 else f"{BUNDLE}-{n}" for n in range(len(groups))]
    for bundle, group in zip(bundles, groups, strict=True):
        # inside the site: the same file system, where hard links work
        with tempfile.TemporaryDirectory(prefix=".search-", dir=site_dir) as scratch:
            for page in group:
                linked = Path(scratch, page.relative_to(site_dir))
                linked.parent.mkdir(parents=True, exist_ok=True)
                _link(page, linked)
            _run(Path(scratch), site_dir / bundle)
    (site_dir / BUNDLE / SHARDS).write_text(json.dumps([b + "/" for b in bundles[1:]]),
                                           encoding="utf-8")


def _bundled(site_dir: Path, path: Path) -> bool:
    return path.relative_to(site_dir).parts[0].startswith(BUNDLE)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


def _run(pages: Path, bundle: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path",
               str(bundle), "--exclude-selectors", ", ".join(LEFT_OUT), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS,
                              check=False)
    except subprocess.TimeoutExpired:
        raise _failed(f"Pagefind took more than {SECONDS} s to index the site") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        why = said[-1] if said else f"exit status {done.returncode}"
        raise _failed(f"Pagefind could not index the site ({why}); is `pagefind[bin]` "
                      "installed (pip install -e .)?")


def indexed(site_dir: Path) -> Iterator[tuple[Path, str]]:
    """Each page the search index holds, as (its fragment's file, its address): what a
    search can show, for `intranet verify` to hold against the pages of the site."""
    for fragment in sorted(site_dir.glob(f"{BUNDLE}*/fragment/*")):
        try:
            data = fragment.read_bytes()
            record = json.loads(gzip.decompress(data).removeprefix(SIGNATURE))
        except (OSError, ValueError, EOFError):  # gzip's and json's errors are ValueErrors
            yield fragment, ""
            continue
        yield fragment, str(record.get("url", "")) if isinstance(record, dict) else ""


def _failed(message: str) -> IntranetError:
    return IntranetError([Finding("mkdocs.yml", 0, 0, "search-index", "error", message)])
