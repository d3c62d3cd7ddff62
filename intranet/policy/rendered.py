"""What the site's Markdown renders as code, asked of Python-Markdown itself.

The markup rules skip code (a `<script>` shown in a code block is text), so the checker
must not take for code what the renderer takes for markup: backticks inside raw HTML,
escaped backticks, unclosed or over-indented fences, fences inside `???` or `===` blocks.
Guessing that right for every extension is a losing game; instead, whenever skipping
code hides a finding, the post is rendered with the site's own extensions (the
`markdown_extensions` of mkdocs.yml, plus the ones MkDocs always adds) and the finding
stands unless every occurrence of its text came out as code. Posts without markup
in their code never pay for the rendering."""

from __future__ import annotations

import html.parser
import importlib
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    import markdown

BUILTINS = ("toc", "tables", "fenced_code")  # MkDocs adds these to every site
ANCHORS = "intranet.site.anchors"


def enforce(names: list[str], configs: dict[str, dict[str, Any]]) -> None:
    """What the intranet sets on every site's Markdown, whatever mkdocs.yml says (the
    build hooks apply it to MkDocs' config, and the checker renders with it): authors'
    ids in their own namespace, and table alignment as `align`, which the sanitizer keeps,
    not `style`, which it drops and the Content-Security-Policy refuses."""
    from intranet.site.anchors import slugify  # noqa: PLC0415  # loads Python-Markdown

    if ANCHORS not in names:
        names.append(ANCHORS)
    configs.setdefault("toc", {})["slugify"] = slugify
    configs.setdefault("tables", {})["use_align_attribute"] = True


def render(body: str, site_config: str) -> str:
    """The body as the site's Markdown renders it (before the build's own steps)."""
    return _markdown(site_config).reset().convert(body)


def code_text(body: str, site_config: str) -> str:
    """The text of every code element the body renders to, separated by NUL."""
    collector = _CodeText()
    collector.feed(render(body, site_config))
    collector.close()
    return "\0".join(collector.found)


@lru_cache(maxsize=4)
def _markdown(site_config: str) -> markdown.Markdown:
    # Imported here: most checks never render, and Python-Markdown takes a while to load.
    import markdown  # noqa: PLC0415

    extensions, configs = extensions_of(site_config)
    enforce(extensions, configs)
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def extensions_of(site_config: str) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """MkDocs' reading of mkdocs.yml's `markdown_extensions`: names in order (builtins
    first, each once) and their options."""
    data = yaml.load(site_config, Loader=_Loader) if site_config.strip() else {}
    listed = data.get("markdown_extensions") or [] if isinstance(data, dict) else []
    names = list(BUILTINS)
    configs: dict[str, dict[str, Any]] = {}
    for item in listed:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(str(name))
        if isinstance(options, dict):
            configs[str(name)] = options
    return names, configs


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it: `!ENV [NAME, default]` and `!relative` give their
    default, `!!python/name:module.attr` the object it names."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)[-1]
    return None


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    module, _, attribute = suffix.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)


class _CodeText(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "code":
            if self._depth == 0:
                self.found.append("")
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.found[-1] += data
