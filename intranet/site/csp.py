"""The Content-Security-Policy of every page: the browser's own guard behind the checker
and the sanitizer. Should both ever miss something, a post still cannot run script
(inline scripts run only by hash, and only the theme's are hashed), load anything from
another host, frame a page, post a form elsewhere or move the page's base URL."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from html.parser import HTMLParser

from intranet.site.seal import MARK

# Each page's meta policy adds its own script hashes and the images hosts policy.yml
# allows; a header can say what a meta element cannot (who may frame the site).
SOURCES = (
    ("default-src", "'none'"),
    # Pagefind's search compiles its WebAssembly: 'wasm-unsafe-eval' allows that, and no
    # eval() or Function() of JavaScript (see the README, Security).
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),  # Material's icons are data: SVGs in its stylesheet
    ("font-src", "'self'"),
    ("connect-src", "'self'"),  # the search index
    ("worker-src", "'self'"),  # Pagefind's search worker
    ("manifest-src", "'self'"),
    ("frame-src", "'none'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
HEADER_ONLY = (("frame-ancestors", "'self'"),)
_JAVASCRIPT = {"", "module", "text/javascript", "application/javascript",
               "text/ecmascript", "application/ecmascript"}
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


def policy(hashes: Iterable[str], image_hosts: Iterable[str] = (), header: bool = False
           ) -> str:
    extra = {"script-src": sorted(set(hashes)), "img-src": sorted(set(image_hosts))}
    directives = SOURCES + (HEADER_ONLY if header else ())
    return "; ".join(" ".join([name, value, *extra.get(name, [])])
                     for name, value in directives)


def with_meta(page: str, content: str) -> str | None:
    """`page` with the policy as the first child of <head>, so that it governs everything
    after it; None when the page has no <head>."""
    head = _HEAD.search(page)
    if head is None:
        return None
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">{MARK}'
    return page[:head.end()] + meta + page[head.end():]


def script_hashes(page: str) -> list[str]:
    """The CSP hash source of every inline script the browser would run in `page`, the
    theme's part of a page (its content, sanitized, is cut out by the caller). Only each
    stretch from `<script` to its end tag is parsed, not the thousands of tags of the
    navigation around them: that was a tenth of a build. Comments go first, so a script
    in one is not taken for a real one."""
    parser = _Scripts()
    text = _COMMENT.sub("", page)
    for start in _SCRIPT.finditer(text):
        end = _END.search(text, start.end())
        parser.feed(text[start.start():end.end() if end else len(text)])
        parser.close()
        parser.reset()
    return [_hash(text) for text in parser.scripts]


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SCRIPT = re.compile(r"<script(?=[\s>/])", re.IGNORECASE)
_END = re.compile(r"</script\s*>", re.IGNORECASE)


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # a script's text is hashed as written
        self.scripts: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            found = dict(attrs)
            kind = (found.get("type") or "").strip().lower()
            self._open = "src" not in found and kind in _JAVASCRIPT
            if self._open:
                self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.scripts[-1] += data


def headers_file(content: str) -> str:
    """The policy in the `_headers` file of Netlify- and Cloudflare-Pages-style hosts."""
    return f"/*\n  Content-Security-Policy: {content}\n"

