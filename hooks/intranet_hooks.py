"""MkDocs adapter over the intranet engine: it hands the engine the bytes MkDocs will
build and puts back what the engine decides. No rules live here."""

from __future__ import annotations

import html
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markdown import Markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor
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
from intranet.site import mentions, search
from intranet.site.anchors import fragment, namespaced
from intranet.site.csp import headers_file, policy, script_hashes, with_meta
from intranet.site.discussion import discussion, write_a_post
from intranet.site.feed import WRITE_SLOT, decorate, landing_of
from intranet.site.feeds import Feed, atom, feeds
from intranet.site.generated import clashes
from intranet.site.guard import DEFAULT_SECONDS, within_budget
from intranet.site.md import relative
from intranet.site.nav import UNLISTED, navigation
from intranet.site.pages import generated_files, generated_pages
from intranet.site.plan import Site, build_site
from intranet.site.replies import Reply, count, is_reply
from intranet.site.replyrender import Renderer
from intranet.site.report import FORGES, Links, forge_named
from intranet.site.seal import MANIFEST, manifest
from intranet.site.write import HOW_TO, HOW_TO_REPLY, Drafts

log = get_plugin_logger("intranet")
_feeds: dict[str, Feed] = {}  # page (under content/) -> its Atom feed, for this build


@dataclass(frozen=True)
class _Build:
    site: Site
    meta_keys: dict[str, frozenset[str] | None]  # what the checker saw in each page
    links: Links
    drafts: Drafts  # what "Reply" and "Write a post" start
    replies: dict[str, File]  # reply files, taken out of the site: never pages of their own
    handles: frozenset[str]  # who can be mentioned
    renderer: _Replies
    how_to: File | None  # How to post, where Reply links lead without a forge


class _Replies:
    """The build's one Markdown instance for replies: the site's extensions and options
    (config.markdown_extensions and mdx_configs, with what on_config enforced), and
    MkDocs' own link resolution, so `[x](../../posts/y.md)` in a reply is resolved from the
    reply's file as MkDocs resolves a page's links, then written relative to the post."""

    def __init__(self, config: MkDocsConfig, files: Files) -> None:
        md = Markdown(extensions=config.markdown_extensions,
                      extension_configs=config.mdx_configs or {})
        # MkDocs' private class, used by Page.render: MkDocs 1.x is pinned and no longer
        # developed, and only this gives replies exactly the links pages get.
        self.links = _RelativePathTreeprocessor(File("", None, "", False), files, config)
        self.links._register(md)
        self.renderer = Renderer(md)
        self.config = config
        # (reply file, target file, anchor, link as written), checked once pages are built
        self.anchors: list[tuple[str, File, str, str]] = []

    def render(self, reply: Reply, text: str, post: File) -> str:
        here = File(reply.src, self.config.docs_dir, self.config.site_dir,
                    self.config.use_directory_urls)
        here.url = post.url  # resolved from the reply's file, written for the post's page
        self.links.file, self.links.links_to_anchors = here, {}
        html_text = self.renderer.render(reply.id, text)
        self.anchors += [(reply.src, target, anchor, link)
                         for target, found in self.links.links_to_anchors.items()
                         for anchor, link in found.items()]
        return html_text


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
    return _positive(config, "render_seconds", DEFAULT_SECONDS,
                     "the seconds a page may take to render, e.g. 10")


def _positive(config: MkDocsConfig, key: str, default: float, what: str) -> float:
    value = (config.extra.get("intranet") or {}).get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise _abort([Finding("mkdocs.yml", 0, 0, f"config-{key.replace('_', '-')}", "error",
                              f"extra.intranet.{key} is {value!r}; give {what}")])
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
    where = _links(config)
    replies = {src: file for src, file in files.src_uris.items() if is_reply(src)}
    _build = _Build(site, {c.src: c.meta_keys for c in report.checked}, where,
                    Drafts(where, ctx.policy.current, today.year), replies,
                    frozenset(p.handle for p in ctx.org.people), _Replies(config, files),
                    files.get_file_from_path(HOW_TO))
    _publish(files, config, site)
    return files


def _links(config: MkDocsConfig) -> Links:
    """`extra.intranet.forge` (INTRANET_FORGE), or as it was called when it only decided
    where reports go, `extra.intranet.report` (INTRANET_REPORT; `mail` for none)."""
    extra = config.extra.get("intranet") or {}
    named = str(extra.get("forge", extra.get("report", "none")))
    forge = forge_named(named)
    if forge is None:
        raise _abort([Finding("mkdocs.yml", 0, 0, "config-forge", "error", f"extra.intranet."
                              f"forge is {named!r}; use one of: {', '.join(FORGES)}")])
    if forge != "none" and not config.repo_url:
        raise _abort([Finding("mkdocs.yml", 0, 0, "config-forge", "error", f"extra.intranet."
                              f"forge is {forge!r} but repo_url is empty; set repo_url (or "
                              "INTRANET_REPO_URL) to the repository's address on the forge")])
    branch = str(extra.get("branch") or "main")
    return Links(config.site_url or "/", config.repo_url or "", forge, branch)


def _publish(files: Files, config: MkDocsConfig, site: Site) -> None:
    for post in site.held:
        files.remove(files.src_uris[post.src])
    assert _build is not None
    for reply in _build.replies.values():  # shown on their post's page, if at all
        files.remove(reply)
    for path, content in generated_files(site).items():
        files.append(File.generated(config, path, content=content))
    _feeds.clear()
    for feed in feeds(site):  # Atom, for readers' feed readers, Outlook and Teams
        _feeds[feed.page] = feed
        files.append(File.generated(config, feed.path, content=atom(site, feed, _build.links)))
    counts = site.held_counts()
    log.info(f"published {len(site.posts)} posts; held back {counts['draft']} draft(s), "
             f"{counts['scheduled']} scheduled, {counts['expired']} expired")
    pages = generated_pages(site)
    clashing = clashes(site.pages, pages)
    if clashing:
        raise _abort(clashing, also="")
    for page in pages:
        generated = File.generated(config, page.src, content=page.markdown)
        generated.edit_uri = f"../{page.source}" if page.source else None
        if not page.in_nav:
            generated.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(generated)
    for post in site.posts:
        files.src_uris[post.src].inclusion = InclusionLevel.NOT_IN_NAV
    config.nav = navigation(site)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Pages kept out of the nav still belong somewhere: a post sits in its department,
    a profile under People, a tag's page under Tags, an archive month under Archive, so
    breadcrumbs and the active tab are right."""
    sections = {src.split("/")[0]: section for src, section in _sections(nav.items)}
    for src, title in UNLISTED.items():  # a section of their own, outside the nav
        index = files.get_file_from_path(src)
        if index is not None and index.page is not None:
            sections[src.split("/")[0]] = Section(title, [index.page])
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
    feed = _feeds.get(src)
    if feed is not None:  # main.html names it in <head>, for feed readers to find
        page.meta["intranet_feed"] = feed.path
        page.meta["intranet_feed_title"] = html.escape(feed.title)
    page.meta["intranet_search"] = [tuple(html.escape(v) for v in facet)
                                    for facet in search.facets(_build.site, src)]
    post = _build.site.post(src)
    if post is not None:  # the page's <meta name="description">, for link previews
        page.meta["description"] = html.escape(post.excerpt)
        markdown = _mentioned(markdown, src)
    _guard_render(page)
    return decorate(_build.site, src, markdown, _build.links)


def _mentioned(markdown: str, src: str) -> str:
    """@handle of someone in org.yml, outside code, links to their profile."""
    assert _build is not None
    return mentions.link(markdown, _build.handles,
                         lambda handle: relative(src, f"people/{handle}.md"))


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
    # The table of contents is written by the theme as HTML, outside the page's content.
    _contain(page.toc.items)
    # MkDocs checks links to anchors after every page is rendered: compare them as they
    # now are, namespaced on both sides (raw HTML's ids by the sanitizer).
    page.present_anchor_ids = {namespaced(a) for a in page.present_anchor_ids or ()}
    page.links_to_anchors = {target: {fragment(a): link for a, link in links.items()}
                             for target, links in (page.links_to_anchors or {}).items()}
    return _added(page, files, result.html)


def _added(page: Page, files: Files, content: str) -> str:
    """What the site adds to a page after sanitizing it, as the theme adds its parts: a
    post's discussion (each reply rendered and sanitized on its own), a department's
    "Write a post". Its ids and attributes are the site's: no author can make them."""
    assert _build is not None
    site, src = _build.site, page.file.src_uri

    def href(target: str) -> str:
        found = files.get_file_from_path(target)
        return found.url_relative_to(page.file) if found else ""

    post = site.post(src)
    if post is not None:
        replies = site.replies_to(post.src)
        bodies = {r.src: _reply_html(r, page) for r in replies}
        if replies:  # the discussion is in the table of contents, and can be linked to
            items = page.toc.items
            # Under the title, where Material shows the contents of a page that has one.
            top = items[0].children if len(items) == 1 and items[0].level == 1 else items
            top.append(AnchorLink(count(len(replies)), "replies", 2))
            page.present_anchor_ids = (page.present_anchor_ids or set()) | {"replies"} | \
                {r.anchor for r in replies}
        return content + discussion(site, post, bodies, href, _build.drafts)
    dept = landing_of(site, src)
    if dept is not None and WRITE_SLOT in content:
        head, _, tail = content.rpartition(WRITE_SLOT)
        return head + write_a_post(site, dept.id, href, _build.drafts) + tail
    return content


def _reply_html(reply: Reply, page: Page) -> str:
    """A reply, rendered under the render guard and sanitized like a page's content; what
    the sanitizer removes is refused with the reply's file and line."""
    assert _build is not None and _safety is not None
    path, renderer = "content/" + reply.src, _build.renderer
    text = mentions.link(reply.body, _build.handles,
                         lambda handle: relative(reply.src, f"people/{handle}.md"))
    try:
        rendered = within_budget(path, _safety.render_seconds,
                                 lambda: renderer.render(reply, text, page.file))
    except IntranetError as exc:
        raise _abort(exc.findings, _BUILD_ONLY) from None
    result = clean(rendered, _safety.remote_hosts)
    if result.removed:
        source = _build.replies[reply.src].content_string
        _safety.refused.extend(findings(path, source, result.removed))
    return result.html


def _contain(items: list[AnchorLink]) -> None:
    for item in items:
        item.title = plain(item.title)
        item.id = namespaced(item.id)
        _contain(item.children)


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
    if _build is not None:
        Path(config.site_dir, MANIFEST).write_text(manifest(_build.site), encoding="utf-8")
        try:
            search.index(Path(config.site_dir), int(_positive(
                config, "search_shard_pages", search.SHARD_PAGES,
                "the pages Pagefind indexes in one run, e.g. 3000")))
        except IntranetError as exc:
            raise _abort(exc.findings, _BUILD_ONLY) from None
        _check_reply_anchors(_build.renderer.anchors, config.validation.links.anchors)
        if not _build.links.on_forge:
            _check_how_to(_build.how_to)


def _check_how_to(how_to: File | None) -> None:
    """Without a forge, every Reply link leads to How to post's section on replying."""
    present = how_to.page.present_anchor_ids if how_to and how_to.page else None
    if present is not None and fragment(HOW_TO_REPLY) not in present:
        log.warning(f"the Reply links lead to {HOW_TO}#{HOW_TO_REPLY}, which has no such "
                    f"heading; put a `## Replying` section back in content/{HOW_TO}")


def _check_reply_anchors(anchors: list[tuple[str, File, str, str]], level: int) -> None:
    """MkDocs checks the links to anchors of pages once they are built; replies are no
    pages, so theirs are checked here, as MkDocs would, naming the reply's file."""
    for src, target, anchor, link in anchors:
        present = target.page.present_anchor_ids if target.page else None
        if present is not None and fragment(anchor) not in present:
            logging.getLogger("mkdocs.structure.pages").log(
                level, f"Doc file '{src}' contains a link '{link}', but the doc "
                f"'{target.src_uri}' does not contain an anchor '#{anchor}'.")
