"""No post can take an id of the theme's or the site's: authors' ids, names and anchors
are namespaced as on GitHub (`user-content-`), and links to them follow, so headings,
footnotes, the table of contents and MkDocs' own anchor validation keep working."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest
from conftest import BuiltSite, serve
from playwright.sync_api import Browser, Page, expect
from sitebuild import build, copy_project, unchecked, watched, write_post

THEME = Path(material.__file__).parent / "templates"
NAMING = ("id", "name", "for")
FILLER = "".join(f"Paragraph {n} of filler, so that what a link points to starts off screen.\n\n"
                 for n in range(40))
FRIENDLY = f"""Intro with a footnote[^note], a [link to the last part](#later) and one to
[the guide's front-matter](../../how-to-post.md#front-matter).

## First part

{FILLER}
## Last part {{#later}}

{FILLER}
[^note]: The note's text.
"""


class _Ids(HTMLParser):
    """Ids, names and label targets, inside <article> (the page's content) or not."""

    def __init__(self) -> None:
        super().__init__()
        self.inside: list[str] = []
        self.outside: set[str] = set()
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._depth += tag == "article"
        values = [v for k, v in attrs if k in NAMING and v]
        if self._depth:
            self.inside.extend(values)
        else:
            self.outside.update(values)

    def handle_endtag(self, tag: str) -> None:
        self._depth -= tag == "article"


def ids_of(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


def theme_ids(site: Path) -> set[str]:
    """Every id and name the theme and the site use outside the article on any page, and
    every id Material's templates and scripts look up or make (a prefix stands for the ids
    it makes: `__tooltip_0`). (The site's tag pages are its own: no plugin gives ids.)"""
    found = set().union(*(ids_of(p.read_text(encoding="utf-8")).outside
                          for p in site.rglob("*.html")))
    for path in [*THEME.rglob("*.html"), *THEME.rglob("*.min.js")]:
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"getElementById\(\s*[\"'`]([^\"'`$]+)", text))
        found |= set(re.findall(r"[\"'`(\s,]#(__[\w-]+)", text))
        found |= set(re.findall(r"\[(?:id|for|name)=[\"']?(__[\w-]+)", text))
        found |= set(re.findall(r"\b(?:id|for|name)=\"(__[\w-]+)", text))
        found |= {prefix + "0" for prefix in re.findall(r"`(__[\w-]*)\$\{", text)}
        found |= set(re.findall(r"\b(__md_\w+)", text))  # globals, which ids would shadow
    return found


def attempts(ids: set[str]) -> str:
    """Markdown trying every way a post can set an id or a name to each of `ids`."""
    parts = []
    for n, value in enumerate(sorted(ids)):
        parts += [f"## Try {n} {{#{value}}}\n", f"## {value}\n", f"Text {n}\n{{: #{value} }}\n",
                  f'<span id="{value}">raw</span> <a name="{value}">a</a> '
                  f'<label for="{value}">l</label> <input name="{value}">\n',
                  f"Note[^{value}] and [a link](#{value}).\n", f"[^{value}]: A note.\n"]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def theme(built_site: BuiltSite) -> set[str]:
    found = theme_ids(built_site.directory)
    # The collection proves something only if it finds what Material is known to use.
    assert {"__config", "__search", "__drawer", "__toc", "__palette_0",
            "__tooltip_0"} <= found
    return found


@pytest.fixture(scope="module")
def clobbered(tmp_path_factory: pytest.TempPathFactory, theme: set[str]) -> Path:
    repo = copy_project(tmp_path_factory.mktemp("clobber") / "intranet")
    unchecked(repo)  # whatever the checker allows or not: this must hold for any post
    write_post(repo, "engineering/posts/clobber.md", attempts(theme))
    built = build(repo)
    assert built.returncode == 0, built.stderr
    return repo / "out"


@pytest.fixture(scope="module")
def friendly(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = copy_project(tmp_path_factory.mktemp("friendly") / "intranet")
    write_post(repo, "engineering/posts/anchors.md", FRIENDLY, title="Anchors")
    built = build(repo, "--strict")
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr  # MkDocs' anchor validation found every anchor
    with serve(repo / "out") as url:
        yield url + "engineering/posts/anchors/"


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = watched(browser)
    yield context.new_page()
    context.close()


def test_a_post_gets_none_of_the_theme_ids(clobbered: Path, theme: set[str]) -> None:
    page = ids_of((clobbered / "engineering/posts/clobber/index.html").read_text("utf-8"))
    assert [v for v in page.inside if not v.startswith("user-content-")] == []
    assert {f"user-content-{t}" for t in theme} <= set(page.inside)
    assert set(page.inside) & theme == set()


def test_the_theme_finds_its_own_parts_on_such_a_page(clobbered: Path, theme: set[str],
                                                      tab: Page) -> None:
    with serve(clobbered) as url:
        tab.goto(url + "engineering/posts/clobber/")
        owners = tab.evaluate("""(ids) => ids.filter(id =>
          [...document.querySelectorAll(`[id="${id}"], [name="${id}"]`)]
            .some(el => el.closest("article")))""", sorted(theme))
        assert owners == []
        assert tab.evaluate("document.getElementById('__config').tagName") == "SCRIPT"
        tab.locator("input.md-search__input").click()
        tab.locator("input.md-search__input").fill("kaleidoscopic")
        tab.locator("input.md-search__input").press("End")
        expect(tab.locator(".md-search-result__meta")).to_have_text("1 matching document")
        assert tab.evaluate("window.__csp") == []


def in_view(tab: Page, selector: str) -> bool:
    return bool(tab.evaluate("""(s) => { const r = document.querySelector(s)
      .getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }""", selector))


def test_clicking_a_toc_entry_scrolls_to_its_heading(tab: Page, friendly: str) -> None:
    tab.goto(friendly)
    assert not in_view(tab, "#user-content-later")
    tab.locator("nav.md-nav--secondary").get_by_role("link", name="Last part").click()
    expect(tab).to_have_url(friendly + "#user-content-later")
    assert in_view(tab, "#user-content-later")


def test_footnotes_and_in_page_links_scroll_to_their_targets(tab: Page, friendly: str) -> None:
    tab.goto(friendly)
    tab.locator("article a.footnote-ref").click()
    expect(tab).to_have_url(friendly + "#user-content-fn:note")
    assert in_view(tab, '[id="user-content-fn:note"]')
    expect(tab.locator('[id="user-content-fn:note"]')).to_contain_text("The note's text.")
    tab.locator("article a.footnote-backref").click()
    expect(tab).to_have_url(friendly + "#user-content-fnref:note")
    assert in_view(tab, '[id="user-content-fnref:note"]')
    tab.locator("article").get_by_role("link", name="link to the last part").click()
    expect(tab).to_have_url(friendly + "#user-content-later")
    link = tab.locator("article").get_by_role("link", name="the guide's front-matter")
    assert link.get_attribute("href") == "../../../how-to-post/#user-content-front-matter"


def test_anchor_validation_quotes_a_broken_link_as_written(tmp_path: Path) -> None:
    repo = copy_project(tmp_path / "intranet")
    write_post(repo, "engineering/posts/broken.md", "See [the missing part](#missing).\n")
    built = build(repo, "--strict")
    assert built.returncode == 1
    assert [line for line in built.stderr.splitlines() if "WARNING" in line] == [
        "WARNING -  Doc file 'engineering/posts/broken.md' contains a link '#missing', but "
        "there is no such anchor on this page."]
