"""Every page carries a Content-Security-Policy that allows the theme and nothing a post
could add. The theme works under it in Chromium (served with the policy both as the meta
element and as the header the build writes for servers) without one violation; and with
the checker and the sanitizer both switched off in a copy of the hooks, no payload of the
XSS corpus runs and nothing leaves the machine: the policy blocks it."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.server
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import serve
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from playwright.sync_api import Error as PlaywrightError
from sitebuild import build, copy_project, unchecked, unsanitized, watched, write_post
from test_xss import PAYLOADS, write_posts

SOURCES = ("{script}; style-src 'self'; img-src 'self' data:; font-src 'self'; "
           "connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-src 'none'; "
           "object-src 'none'; base-uri 'self'; form-action 'self'")
META = re.compile(r'<head><meta http-equiv="Content-Security-Policy" content="([^"]*)">')
CONSOLE_TRAP = """for (const name of ["alert", "prompt", "confirm", "print"]) {
  window[name] = (...args) => console.log("ran " + name);
}
document.addEventListener("securitypolicyviolation", () => console.log("blocked"));"""
# Everything the site's Markdown extensions make, so the strict build below proves that
# the sanitizer keeps all of it (anything it dropped would be an error).
SINK = """Some *emphasis*, `code`, `#!python print("hi")`, an HTML abbreviation, a
[link](https://example.com){ target=_blank rel=noopener } and a footnote[^1].

*[HTML]: Hyper Text Markup Language

| Left | Centre | Right |
| :--- | :----: | ----: |
| a    | b      | c     |

- [x] done
- [ ] to do

Term
:   Its definition.

!!! note "A note"
    With text.

??? tip "Open me"
    Hidden text.

``` python title="hello.py" linenums="1" hl_lines="2"
def hello():
    print("hello")
```

=== "First"

    One.

=== "Second"

    Two.

<div class="grid cards" markdown>

- **A card**

</div>

![A pixel](pixel.png){ width=30 loading=lazy }

[^1]: The footnote.
"""
# The smallest PNG: one white pixel.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N"
                         "70a4AAAAAElFTkSuQmCC")


def expected(hashes: set[str]) -> str:
    return "default-src 'none'; " + SOURCES.format(script=" ".join(
        ["script-src 'self' 'wasm-unsafe-eval'", *sorted(hashes)]))


def theme_hashes(page: str) -> set[str]:
    """The hashes of the inline scripts outside the page's article (the theme's)."""
    outside = re.sub(r"<article.*?</article>", "", page, flags=re.S)
    return {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
            for s in re.findall(r"<script>(.*?)</script>", outside, flags=re.S)}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, plus a post using everything the site's Markdown can do."""
    repo = copy_project(tmp_path_factory.mktemp("csp") / "intranet")
    write_post(repo, "engineering/posts/code.md", SINK, title="Code", extra="tags: [tools]\n")
    (repo / "content/engineering/posts/pixel.png").write_bytes(PIXEL)
    built = build(repo, "--strict")
    assert built.returncode == 0, built.stderr
    return repo / "out"


def test_every_page_starts_with_its_policy(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        page = path.read_text(encoding="utf-8")
        found = META.search(page)
        assert found, f"{path} has no policy as the first child of <head>"
        assert found.group(1) == expected(theme_hashes(page)), path
        # Browsers look for the charset in the first 1024 bytes only.
        assert '<meta charset="utf-8">' in page.encode()[:1024].decode("utf-8", "replace")


def test_the_build_writes_the_policy_for_servers(site: Path) -> None:
    hashes = set().union(*(theme_hashes(p.read_text(encoding="utf-8"))
                           for p in site.rglob("*.html")))
    assert (site / "_headers").read_text(encoding="utf-8") == (
        f"/*\n  Content-Security-Policy: {expected(hashes)}; frame-ancestors 'self'\n")


class _PolicyHandler(http.server.SimpleHTTPRequestHandler):
    policy = ""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A tab that navigates on before a file is sent hangs up: that is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve_with_policy(directory: Path) -> contextlib.AbstractContextManager[str]:
    """Serve the site as a server configured from its `_headers` file would."""
    header = (directory / "_headers").read_text(encoding="utf-8").splitlines()[1]
    handler = type("Handler", (_PolicyHandler,), {"policy": header.split(": ", 1)[1]})
    return serve(directory, handler, _Server)


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    with serve_with_policy(site) as served:
        yield served


@pytest.fixture
def tab(browser: Browser, url: str) -> Iterator[Page]:
    """A tab whose console must stay free of errors: Chromium reports every violation
    of the policy there, and every script error."""
    context = watched(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    assert page.evaluate("window.__csp") == []
    assert problems == []
    context.close()


def search(tab: Page, query: str) -> None:
    box = tab.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)


def test_search_finds_and_highlights(tab: Page, url: str) -> None:
    tab.goto(url)
    search(tab, "hackath")  # typed key by key: each key a search, the last one shown
    results = tab.locator("a.md-search-result__link")
    expect(results.first.locator("h1")).to_have_text("Hackathon 2026: meet the winners")
    results.first.click()
    expect(tab).to_have_url(url + "engineering/posts/hackathon-winners/?h=hackath")
    expect(tab.locator("article mark").first).to_have_text("Hackath")


# A script of the site's own origin, as every script that runs here is: what may it do?
PROBE = """window.__probe = [];
for (const [name, run] of [["eval", () => eval("1 + 1")],
                           ["Function", () => new Function("return 2")()],
                           ["setTimeout(string)", () => setTimeout("window.__ran = 1")]]) {
  try { run(); window.__probe.push(name + " ran"); } catch (e) { window.__probe.push(e.name); }
}
WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
  .then(() => window.__probe.push("wasm compiled"), (e) => window.__probe.push(e.name));
"""


def test_webassembly_compiles_but_no_string_is_evaluated_as_script(
        site: Path, browser: Browser, url: str) -> None:
    """'wasm-unsafe-eval' is there for the search's WebAssembly: it must not let a script
    evaluate a string (where an injected one would start)."""
    (site / "probe.js").write_text(PROBE, encoding="utf-8")
    context = watched(browser)
    tab = context.new_page()
    tab.goto(url)
    tab.evaluate("""() => new Promise((done) => { const s = document.createElement("script");
      s.src = "probe.js"; s.onload = done; document.head.append(s); })""")
    expect(tab.locator("body")).to_be_attached()
    tab.wait_for_function("window.__probe.length === 4")
    assert tab.evaluate("window.__probe") == ["EvalError", "EvalError", "setTimeout(string) ran",
                                              "wasm compiled"]
    assert tab.evaluate("window.__ran") is None  # the string given to setTimeout never ran
    # three strings refused, each by the page's own policy and by the server's header
    assert tab.evaluate("window.__csp") == ["script-src eval"] * 6
    context.close()


def test_palette_tabs_path_and_pruned_navigation(tab: Page, url: str) -> None:
    tab.goto(url)
    tab.get_by_title("Switch to dark mode").click()
    expect(tab.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    expect(tab.locator('.md-nav--primary a[href$="how-we-work/"]')).to_have_count(0)
    tab.locator(".md-tabs").get_by_role("link", name="People").click()
    expect(tab).to_have_url(url + "people/")
    tab.goto(url + "engineering/posts/code/")
    expect(tab.locator(".md-path__item")).to_have_text(["Home", "Departments", "Engineering"])
    expect(tab.locator('.md-nav--primary a[href$="how-we-work/"]')).to_have_count(1)
    edit = tab.locator("a.md-content__button[title='Edit this page']")
    expect(edit).to_have_attribute("href", "https://git.fieldstone.example/it/intranet/edit/"
                                   "main/content/engineering/posts/code.md")


def test_code_copy_tabs_and_tags(tab: Page, url: str) -> None:
    tab.goto(url + "engineering/posts/code/")
    tab.locator("button.md-code__button").first.click()
    expect(tab.locator(".md-dialog")).to_have_text("Copied to clipboard")
    assert tab.evaluate("navigator.clipboard.readText()") == 'def hello():\n    print("hello")'
    tab.locator("article label").get_by_text("Second").click()
    expect(tab.locator("article").get_by_text("Two.")).to_be_visible()
    expect(tab.locator("article").get_by_text("One.")).to_be_hidden()
    tab.locator("a.md-tag").get_by_text("tools").click()
    expect(tab).to_have_url(url + "tags/tools/")
    expect(tab).to_have_title("Posts tagged tools - Fieldstone intranet")
    expect(tab.locator("article").get_by_role("link", name="Code", exact=True)).to_be_visible()


def test_back_to_top_and_the_following_toc(tab: Page, url: str) -> None:
    tab.goto(url + "how-to-post/")
    active = tab.locator(".md-sidebar--secondary a.md-nav__link--active")
    expect(active).to_have_count(0)
    tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(active).to_have_text("Changing or removing a post")
    tab.mouse.wheel(0, -300)
    top = tab.locator(".md-top")
    expect(top).to_be_visible()
    top.click()
    tab.wait_for_function("window.scrollY === 0")
    expect(active).to_have_count(0)


def visit(page: Page, url: str) -> Page:
    """`url` open in `page` or, when the page before still started a navigation (a
    refresh to a URL the policy blocks, landing on "about:blank#blocked") that cut this
    one short, in a new tab of the same context (the old one is closed with it)."""
    try:
        page.goto(url)
    except PlaywrightError as error:
        if "interrupted by another navigation" not in error.message:
            raise
        page = page.context.new_page()
        page.goto(url)
    return page


def test_no_payload_runs_with_the_checker_and_sanitizer_off(tmp_path: Path, browser: Browser
                                                            ) -> None:
    repo = copy_project(tmp_path / "intranet")
    unchecked(repo)
    unsanitized(repo)
    posts = write_posts(repo, PAYLOADS)
    built = build(repo)
    assert built.returncode == 0, built.stderr
    context = watched(browser)
    context.add_init_script(CONSOLE_TRAP)
    # Reported through the console as they happen, so a payload that navigates its page
    # away cannot hide that it ran. Chromium reports a request the policy blocks as
    # failed with "csp": anything else that went to another host left the machine.
    ran: list[str] = []
    blocked: set[str] = set()
    left: list[str] = []

    def heard(message: ConsoleMessage) -> None:
        if message.text.startswith("ran "):
            ran.append(f"{message.page.url if message.page else ''}: {message.text}")
        elif message.text == "blocked" and message.page is not None:
            blocked.add(message.page.url)

    context.on("console", heard)
    context.on("requestfinished", lambda r: left.append(r.url))
    context.on("requestfailed", lambda r: left.append(r.url) if r.failure != "csp" else None)
    page = context.new_page()
    with serve_with_policy(repo / "out") as served:
        for src in sorted(posts):
            page = visit(page, served + src.removesuffix(".md") + "/")
    context.close()
    assert ran == []
    assert [u for u in left if not u.startswith((served, "data:"))] == []
    # The sanitizer really was off: the policy is what stopped most of the corpus.
    assert len(blocked) > len(posts) // 2
