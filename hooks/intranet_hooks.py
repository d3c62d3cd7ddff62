"""MkDocs adapter over the intranet engine: it hands the engine the bytes MkDocs will
build and puts back what the engine decides. No rules live here."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from intranet import clock
from intranet.config.org import load_org
from intranet.config.policy import load_policy
from intranet.errors import Finding, IntranetError
from intranet.moderation.publishaudit import unmoderated
from intranet.policy.checker import check_tree
from intranet.policy.files import linked
from intranet.policy.meta import Context
from intranet.policy.removed import findings
from intranet.policy.rendered import enforce
from intranet.policy.sanitize import clean, plain
from intranet.site.anchors import PREFIX, namespaced
from intranet.site.csp import headers_file, policy, script_hashes, with_meta
from intranet.site.feed import decorate
from intranet.site.guard import DEFAULT_SECONDS, within_budget
from intranet.site.nav import navigation
from intranet.site.people import generated_pages
from intranet.site.plan import Site, build_site
from intranet.site.report import FORGES, Links

log = get_plugin_logger("intranet")


@dataclass(frozen=True)
class _Build:
    site: Site
    meta_keys: dict[str, frozenset[str] | None]  # what the checker saw in each page
    links: Links


@dataclass(frozen=True)
class _Safety:
    """What guards the pages of this build: read in on_config, before any page."""

    remote_hosts: frozenset[str]  # images may load from these hosts (policy.yml remote:)
    render_seconds: float
    refused: list[Finding] = field(default_factory=list)  # what sanitizing dropped
    hashes: set[str] = field(default_factory=set)  # the theme's inline scripts, all pages


# Found while rendering, which `intranet check` does not do: say so, or authors would look
# for these findings in its output.
_BUILD_ONLY = ", found while rendering the pages"

_build: _Build | None = None  # MkDocs hooks are module functions; one build at a time
_safety: _Safety | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _safety  # noqa: PLW0603
    # Set here rather than in mkdocs.yml, so that no edit of the config can turn it off;
    # the checker renders with the same (intranet/policy/rendered.py).
    enforce(config.markdown_extensions, config.mdx_configs)
    _safety = _Safety(_remote_hosts(config), _render_seconds(config))
    return config


def _remote_hosts(config: MkDocsConfig) -> frozenset[str]:
    try:
        found = load_policy(Path(config.config_file_path).parent / "policy.yml")
    except IntranetError:
        return frozenset()  # on_files reports the broken policy, before any page is built
    return found.remote_hosts


def _render_seconds(config: MkDocsConfig) -> float:
    value = (config.extra.get("intranet") or {}).get("render_seconds", DEFAULT_SECONDS)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise _abort([Finding("mkdocs.yml", 0, 0, "config-render-seconds", "error",
                              f"extra.intranet.render_seconds is {value!r}; give the seconds "
                              "a page may take to render, e.g. 10")])
    return float(value)


def _abort(findings: tuple[Finding, ...] | list[Finding],
           also: str = "; `intranet check` lists the same") -> PluginError:
    for finding in findings:
        log.error(str(finding))
    errors = sum(f.severity == "error" for f in findings)
    return PluginError(f"the intranet was not built: {errors} policy error(s) above{also}")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _build  # noqa: PLW0603
    root = Path(config.config_file_path).parent
    docs = os.path.abspath(config.docs_dir) + os.sep
    ours = [f for f in files if f.abs_src_path and f.abs_src_path.startswith(docs)]
    try:
        ctx = Context(load_policy(root / "policy.yml"), load_org(root / "org.yml"),
                      site_config=Path(config.config_file_path).read_text(encoding="utf-8"),
                      lookup=lambda src: files.src_uris[src].content_bytes
                      if src in files.src_uris else None)
        # A file reached through a symbolic link (itself, or a linked folder MkDocs
        # followed) is reported, never read: it could be any file on the machine.
        links = {f.src_uri: linked(f.abs_src_path or "", docs) for f in ours}
        report = check_tree(((f.src_uri, b"" if links[f.src_uri] else f.content_bytes,
                              links[f.src_uri]) for f in ours), ctx)
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
    site = build_site(ctx.org, ((c.src, c.post or c.reply) for c in report.checked), today)
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
    post = _build.site.post(src)
    if post is not None:  # the page's <meta name="description">, for link previews
        page.meta["description"] = html.escape(post.excerpt)
    _guard_render(page)
    return decorate(_build.site, src, markdown, _build.links)


def _guard_render(page: Page) -> None:
    """MkDocs renders the page's Markdown next: under the guard, a renderer that fails or
    runs past its budget stops the build with a finding, never a traceback or a hang."""
    assert _safety is not None
    render, path, seconds = page.render, _source(page), _safety.render_seconds

    def guarded(config: MkDocsConfig, files: Files) -> None:
        try:
            within_budget(path, seconds, lambda: render(config, files))
        except IntranetError as exc:
            raise _abort(exc.findings, _BUILD_ONLY) from None

    page.render = guarded  # type: ignore[method-assign]  # this page's render only


def _source(page: Page) -> str:
    generated = page.file.generated_by is not None
    return page.file.src_uri if generated else "content/" + page.file.src_uri


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _safety is not None
    result = clean(html_text, _safety.remote_hosts)
    _safety.refused.extend(findings(_source(page), page.file.content_string, result.removed))
    # Material's tags plugin finds where a listing goes by the id it gave a heading of the
    # page (`tags.md:63-85/slug`), and replaces that heading before the page is written.
    listing = f"{page.file.src_uri}:"
    content = result.html.replace(f'id="{PREFIX}{listing}', f'id="{listing}')
    # The table of contents is written by the theme as HTML, outside the page's content.
    _contain(page.toc.items, listing)
    # MkDocs checks links to anchors after every page is rendered: compare them as they
    # now are, namespaced on both sides (raw HTML's ids by the sanitizer).
    page.present_anchor_ids = {namespaced(a) for a in page.present_anchor_ids or ()}
    page.links_to_anchors = {target: {namespaced(a): link for a, link in links.items()}
                             for target, links in (page.links_to_anchors or {}).items()}
    return content


def _contain(items: list[AnchorLink], listing: str) -> None:
    for item in items:
        bare = item.id.removeprefix(PREFIX)
        item.title = plain(item.title)
        item.id = bare if bare.startswith(listing) else namespaced(item.id)
        _contain(item.children, listing)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Every page has been rendered and none written yet: refuse them all at once."""
    if _safety is not None and _safety.refused:
        raise _abort(sorted(_safety.refused), _BUILD_ONLY)
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # The page's own content is left out: whatever script it holds is not the theme's.
    theme = output.replace(page.content, "", 1) if page.content else output
    return _with_policy(output, script_hashes(theme), _source(page))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return _with_policy(output_content, script_hashes(output_content), template_name)


def _with_policy(output: str, hashes: list[str], where: str) -> str:
    assert _safety is not None
    _safety.hashes.update(hashes)
    protected = with_meta(output, policy(hashes, _safety.remote_hosts))
    if protected is None:
        raise _abort([Finding(where, 0, 0, "csp-missing", "error", "the page has no <head> "
                              "to hold its Content-Security-Policy; check hooks/overrides")],
                     _BUILD_ONLY)
    return protected


def on_post_build(config: MkDocsConfig) -> None:
    """The site-wide policy, for servers that send it as a header (see the README)."""
    assert _safety is not None
    content = policy(_safety.hashes, _safety.remote_hosts, header=True)
    Path(config.site_dir, "_headers").write_text(headers_file(content), encoding="utf-8")
