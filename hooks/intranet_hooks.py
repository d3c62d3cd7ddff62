"""MkDocs adapter over the intranet engine: it hands the engine the files MkDocs found
and puts back what the engine decides. No rules live here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from intranet import clock, source
from intranet.errors import IntranetError
from intranet.feed import decorate
from intranet.nav import navigation
from intranet.org import load_org
from intranet.people import generated_pages
from intranet.site import Site, build_site

log = get_plugin_logger("intranet")
_site: Site | None = None


def _abort(exc: IntranetError) -> PluginError:
    for finding in exc.findings:
        log.error(str(finding))
    return PluginError(f"the intranet was not built: {len(exc.findings)} problem(s) above")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _site  # noqa: PLW0603 -- MkDocs hooks are module functions; one build at a time
    root = Path(config.config_file_path).parent
    try:
        org = load_org(root / "org.yml")
        sources = [(f.src_uri, source.decode(f.content_bytes, "content/" + f.src_uri))
                   for f in files.documentation_pages()]
        _site = build_site(org, sources, clock.today())
    except IntranetError as exc:
        raise _abort(exc) from None
    for post in _site.held:
        files.remove(files.src_uris[post.src])
    counts = _site.held_counts()
    log.info(f"published {len(_site.posts)} posts; held back {counts['draft']} draft(s), "
             f"{counts['scheduled']} scheduled, {counts['expired']} expired")
    for src, markdown in generated_pages(_site).items():
        generated = File.generated(config, src, content=markdown)
        generated.edit_uri = "../org.yml"  # these pages are edited in the org chart
        if src.startswith("people/") and src != "people/index.md":
            generated.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(generated)
    for post in _site.posts:
        files.src_uris[post.src].inclusion = InclusionLevel.NOT_IN_NAV
    config.nav = navigation(_site)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Pages kept out of the nav still belong somewhere: a post sits in its department,
    a profile under People, so breadcrumbs and the active tab are right."""
    sections = {src.split("/")[0]: section for src, section in _sections(nav.items)}
    for file in files.documentation_pages():
        page = file.page
        if page and page.parent is None and file.inclusion == InclusionLevel.NOT_IN_NAV:
            page.parent = sections.get(file.src_uri.split("/")[0])
    return nav


def _sections(items: list[Any]) -> list[tuple[str, Section]]:
    found: list[tuple[str, Section]] = []
    for item in items:
        if isinstance(item, Section):
            first = item.children[0] if item.children else None
            if isinstance(first, Page) and first.file.src_uri.endswith("/index.md"):
                found.append((first.file.src_uri, item))
            found.extend(_sections(item.children))
    return found


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _site is not None  # on_files ran first in this build
    return decorate(_site, page.file.src_uri, markdown)
