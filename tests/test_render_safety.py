"""Everything a post contributes to the site is escaped or sanitized, not only its body:
the table of contents, its title wherever the theme shows one, the search index and its
results, feed
excerpts and the meta description. A hostile post and page pass the checker, go through
a real `mkdocs build --strict`, and are read in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import serve
from playwright.sync_api import Browser, Page, expect
from searchindex import by_url
from sitebuild import build, copy_project, edit, watched, write_post

TITLE = "Zork &lt;img src=x onerror=alert(1)&gt;"  # plain text: shown as typed
PAGE_TITLE = "Quux &lt;script&gt;alert(2)&lt;/script&gt;"
BODY = """First &lt;img src=x onerror=alert(3)&gt; words &#60;script&#62;alert(4)&#60;/script&#62;.

## Entity &lt;img src=x onerror=alert(5)&gt;

Text.

## Numeric &#60;img src=x onerror=alert(6)&#62;

## Code `<img src=x onerror=alert(7)>`

## Twice &amp;lt;img src=x onerror=alert(8)&amp;gt;
"""
# What readers see: entities are the characters they stand for, and nothing is markup.
TOC = ["Entity <img src=x onerror=alert(5)>", "Numeric <img src=x onerror=alert(6)>",
       "Code <img src=x onerror=alert(7)>", "Twice &lt;img src=x onerror=alert(8)&gt;"]
EXCERPT = "First <img src=x onerror=alert(3)> words <script>alert(4)</script>."
# Written out unescaped, any of these would be markup in a page or in search results.
RAW = ("<img src=x onerror", "<script>alert(", "\\u003cimg", "\\u003cscript", "<Eng>")
# The org chart is the platform owners', but what the build writes from it is escaped too.
DEPARTMENT = "R&D <Eng>"
POST = "engineering/posts/zork/"
PAGES = ["", "engineering/", POST, "quux/", "people/eve/", "tags/"]
# Script elements where a post's text goes (the theme's own are elsewhere), and handlers.
UNSAFE_DOM = """() => [...document.querySelectorAll("body *")].filter(el => (el.tagName ===
  "SCRIPT" && el.closest("article, .md-sidebar, .md-header__title, .md-tabs, .md-search"))
  || el.tagName === "ENG" || [...el.attributes].some(a => /^on/i.test(a.name)))
  .map(el => el.outerHTML)"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copy_project(tmp_path_factory.mktemp("hostile") / "intranet")
    edit(repo / "org.yml", r"^    name: Engineering$", f'    name: "{DEPARTMENT}"')
    write_post(repo, "engineering/posts/zork.md", BODY, title=TITLE, extra="tags: [release]\n")
    (repo / "content/quux.md").write_text(
        f"---\ntitle: {PAGE_TITLE}\n---\n\nA page of the section.\n", encoding="utf-8")
    built = build(repo, "--strict")
    assert built.returncode == 0, built.stderr
    return repo / "out"


@pytest.fixture(scope="module")
def hostile_url(hostile: Path) -> Iterator[str]:
    with serve(hostile) as url:
        yield url


@pytest.fixture
def tab(browser: Browser, hostile_url: str) -> Iterator[Page]:
    context = watched(browser)
    page = context.new_page()
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    yield page
    context.close()


def test_no_built_file_holds_the_payload_unescaped(hostile: Path) -> None:
    found = {(path.relative_to(hostile).as_posix(), raw)
             for path in hostile.rglob("*") if path.suffix in (".html", ".json", ".xml")
             for raw in RAW if raw in path.read_text(encoding="utf-8")}
    assert found == set()


def test_search_index_holds_the_post_as_text(hostile: Path) -> None:
    page = by_url(hostile)["/" + POST]
    # As readers see the post: entities are the characters they stand for, kept as text
    # (the search box shows it as text, never as markup).
    assert page["meta"]["title"] == TITLE
    # Pagefind reads a heading's text with its entities decoded twice ("&amp;lt;" comes
    # out "<"), one character off what the page shows; the search box shows it as text
    # all the same (test_search_results_show_the_post_as_text).
    twice = TOC[3].replace("&lt;", "<").replace("&gt;", ">")
    assert [a["text"] for a in page["anchors"] if a["element"] == "h2"] == [*TOC[:3], twice]
    assert page["content"].startswith(f"{TITLE} {EXCERPT}")
    assert page["filters"]["department"] == [DEPARTMENT]


@pytest.mark.parametrize("path", PAGES)
def test_nothing_runs_on_pages_showing_the_post(tab: Page, hostile_url: str, path: str
                                                ) -> None:
    tab.goto(hostile_url + path)
    tab.wait_for_load_state("load")
    assert tab.evaluate("window.__xss") is None
    assert tab.evaluate(UNSAFE_DOM) == []
    assert tab.evaluate("window.__csp") == []


def test_post_shows_its_title_and_contents_as_text(tab: Page, hostile_url: str) -> None:
    tab.goto(hostile_url + POST)
    expect(tab.locator(".md-path__item")).to_have_text(["Home", "Departments", DEPARTMENT])
    expect(tab.locator(".intranet-byline")).to_contain_text(f"Eve Martins · {DEPARTMENT} · ")
    expect(tab).to_have_title(f"{TITLE} - Fieldstone intranet")
    expect(tab.locator(".md-header__topic").last).to_have_text(TITLE)
    toc = tab.locator("nav.md-nav--secondary a.md-nav__link")
    expect(toc).to_have_text(TOC)
    description = tab.locator('meta[name="description"]')
    expect(description).to_have_attribute("content", EXCERPT)


@pytest.mark.parametrize("path", ["", "engineering/", "people/eve/"])
def test_listings_show_the_excerpt_as_text(tab: Page, hostile_url: str, path: str) -> None:
    tab.goto(hostile_url + path)
    item = tab.locator(".intranet-feed li").filter(has=tab.get_by_role("link", name=TITLE))
    expect(item).to_have_count(1)
    expect(item).to_contain_text(EXCERPT)


def test_tabs_and_navigation_show_a_page_title_as_text(tab: Page, hostile_url: str) -> None:
    tab.goto(hostile_url + "quux/")
    expect(tab).to_have_title(f"{PAGE_TITLE} - Fieldstone intranet")
    expect(tab.locator(".md-tabs__item--active a")).to_have_text(PAGE_TITLE)
    link = tab.locator(".md-nav--primary a.md-nav__link--active")
    expect(link).to_have_text(PAGE_TITLE)
    expect(tab.locator(".md-header__topic").last).to_have_text(PAGE_TITLE)


def test_search_results_show_the_post_as_text(tab: Page, hostile_url: str) -> None:
    tab.goto(hostile_url)
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill("zork")
    box.press("End")
    results = tab.locator(".md-search-result__item")
    expect(results.first.locator("h1")).to_have_text(TITLE)
    expect(results.first.locator(".md-search-result__teaser").first).to_contain_text(EXCERPT)
    assert tab.evaluate(UNSAFE_DOM) == []
    # The headings, shown as sections of the post, and the department it is filed under.
    box.fill("onerror")
    sections = results.first.locator("h2")
    expect(sections).to_have_text(TOC[:3])
    tab.get_by_text("Narrow by department, author or tag").click()
    options = tab.locator("select[data-intranet-filter=department] option")
    expect(options.filter(has_text="Eng")).to_have_text(
        [re.compile(re.escape(DEPARTMENT) + r" \(\d+\)")])  # its posts and people
    assert tab.evaluate(UNSAFE_DOM) == []
    assert tab.evaluate("window.__xss") is None
