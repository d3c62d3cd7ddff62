"""MkDocs adapter over the intranet engine: it hands the engine the bytes MkDocs will
build and puts back what the engine decides. No rules live here."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from intranet import clock
from intranet.checker import check_tree
from intranet.errors import Finding, IntranetError
from intranet.feed import decorate
from intranet.meta import Context
from intranet.nav import navigation
from intranet.org import load_org
from intranet.people import generated_pages
from intranet.policy import load_policy
from intranet.publishaudit import unmoderated
from intranet.report import FORGES, Links
from intranet.sanitize import sanitize
from intranet.site import Site, build_site

log = get_plugin_logger("intranet")


@dataclass(frozen=True)
class _Build:
    site: Site
    meta_keys: dict[str, frozenset[str] | None]  # what the checker saw in each page
    links: Links


_build: _Build | None = None  # MkDocs hooks are module functions; one build at a time


def _abort(findings: tuple[Finding, ...] | list[Finding]) -> PluginError:
    for finding in findings:
        log.error(str(finding))
    errors = sum(f.severity == "error" for f in findings)
    return PluginError(f"the intranet was not built: {errors} policy error(s) above; "
                       "`intranet check` lists the same")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _build  # noqa: PLW0603
    root = Path(config.config_file_path).parent
    docs = os.path.abspath(config.docs_dir) + os.sep
    ours = [f for f in files if f.abs_src_path and f.abs_src_path.startswith(docs)]
    try:
        ctx = Context(load_policy(root / "policy.yml"), load_org(root / "org.yml"))
        report = check_tree(((f.src_uri, f.content_bytes, os.path.islink(f.abs_src_path or ""))
                             for f in ours), ctx)
        today = clock.today()
    except IntranetError as exc:
        raise _abort(exc.findings) from None
    if report.errors:
        raise _abort(report.findings)
    if ctx.policy.require_audit:
        refused = unmoderated(root, ctx.policy.moderation_since,
                              [c.src for c in report.checked if c.post])
        if refused:
            raise _abort(refused)
    for finding in report.findings:
        log.warning(str(finding))
    site = build_site(ctx.org, report.checked, today)
    _build = _Build(site, {c.src: c.meta_keys for c in report.checked}, _links(config))
    _publish(files, config, site)
    return files


def _links(config: MkDocsConfig) -> Links:
    forge = str((config.extra.get("intranet") or {}).get("report", "mail"))
    if forge not in FORGES:
        raise _abort([Finding("mkdocs.yml", 0, 0, "config-report", "error", f"extra.intranet."
                              f"report is {forge!r}; use one of: {', '.join(FORGES)}")])
    return Links(config.site_url or "/", config.repo_url or "", forge)


def _publish(files: Files, config: MkDocsConfig, site: Site) -> None:
    for post in site.held:
        files.remove(files.src_uris[post.src])
    counts = site.held_counts()
    log.info(f"published {len(site.posts)} posts; held back {counts['draft']} draft(s), "
             f"{counts['scheduled']} scheduled, {counts['expired']} expired")
    for src, markdown in generated_pages(site).items():
        generated = File.generated(config, src, content=markdown)
        generated.edit_uri = "../org.yml"  # these pages are edited in the org chart
        if src.startswith("people/") and src != "people/index.md":
            generated.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(generated)
    for post in site.posts:
        files.src_uris[post.src].inclusion = InclusionLevel.NOT_IN_NAV
    config.nav = navigation(site)


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
    assert _build is not None  # on_files ran first in this build
    src = page.file.src_uri
    if page.file.generated_by is None:
        expected = _build.meta_keys.get(src) or frozenset()
        if set(page.meta) != expected:  # MkDocs read other metadata than we checked
            raise _abort([Finding("content/" + src, 1, 1, "front-matter-mismatch", "error",
                                  f"MkDocs read the keys {sorted(page.meta)} but the checker "
                                  f"saw {sorted(expected)}; rewrite the front-matter")])
    # Front-matter values reach Material's templates unescaped (e.g. the header title).
    page.meta = {k: html.escape(v) if isinstance(v, str) else v for k, v in page.meta.items()}
    return decorate(_build.site, src, markdown, _build.links)


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return sanitize(html_text)
