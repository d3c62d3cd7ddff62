"""Search, as readers use it: nothing fetched until they search; posts, replies and people
found; narrowed by department, author and tag; the keys Material taught them; and the
index holding exactly what the build published. Real build, real Chromium, Pagefind's
real index (tests/searchindex.py reads it)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CONTENT, TODAY, BuiltSite, OrgChart, PostFile, RecordingPage, serve
from playwright.sync_api import Locator, expect
from searchindex import by_url
from sitebuild import build, copy_project, edit, errors, write_post
from test_browser import search

HACKATHON = "engineering/posts/hackathon-winners/"


def titles(tab: RecordingPage) -> Locator:
    return tab.page.locator(".md-search-result__item h1")


def shown(tab: RecordingPage) -> list[str]:
    """Every result's title (More results pressed until all show), once the summary line
    has its count."""
    summary = tab.page.locator(".md-search-result__meta").inner_text()
    found = int(summary.split()[0].replace(",", "")) if summary[0].isdigit() else 0
    showing = min(found, 10)
    expect(titles(tab)).to_have_count(showing)
    while showing < found:
        tab.page.locator(".intranet-search__more button").click()
        showing = min(found, showing + 10)
        expect(titles(tab)).to_have_count(showing)
    return titles(tab).all_inner_texts()


def published(posts: tuple[PostFile, ...]) -> list[PostFile]:
    return [p for p in posts if p.status(TODAY) == "published"]


# --- what a reader downloads -------------------------------------------------------------


def test_nothing_of_search_is_fetched_until_a_reader_searches(page: RecordingPage) -> None:
    page.open("/")
    page.page.wait_for_load_state("networkidle")
    assert [u for u in page.requests if "pagefind" in u or "search_index" in u] == []
    expect(search(page, "kaleidoscopic")).to_have_text("1 matching document")
    fetched = {u.removeprefix(page.base_url).split("/")[1] for u in page.requests
               if u.startswith(page.base_url + "pagefind/") and u.count("/") > 4}
    # chunks of the index and excerpts of the results shown; not the filters' values
    assert fetched == {"index", "fragment"}


# --- what it finds ---------------------------------------------------------------------


def test_a_person_is_found_by_name_with_their_title_and_department(page: RecordingPage,
                                                                   org: OrgChart) -> None:
    page.open("/")
    search(page, "Okafor")
    grace = page.page.locator(".md-search-result__item").first
    expect(grace.locator("h1")).to_have_text("Grace Okafor")
    person = next(p for p in org.people if p.handle == "grace")
    expect(grace.locator(".intranet-search__context")).to_have_text(
        f"{person.title}, {org.department(person.department).name}")
    assert grace.locator("a").first.evaluate("a => new URL(a.href).pathname") == \
        "/people/grace/"


def test_listings_are_not_results_their_posts_are(page: RecordingPage) -> None:
    """A word of a post's excerpt is on the home page, its department's, its tags' and
    its authors' too: only the post is a result."""
    page.open("/")
    expect(search(page, "kaleidoscopic")).to_have_text("1 matching document")
    expect(titles(page)).to_have_text(["Hackathon 2026: meet the winners"])


# --- narrowing -------------------------------------------------------------------------


def narrow(tab: RecordingPage) -> None:
    """Opens "Narrow by department, author or tag", once."""
    filters = tab.page.locator("details.intranet-search__filters")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()


def choose(tab: RecordingPage, key: str, name: str) -> None:
    narrow(tab)
    select = tab.page.locator(f"select[data-intranet-filter={key}]")
    label = select.locator("option", has_text=re.compile(rf"^{re.escape(name)} \(\d+\)$"))
    select.select_option(label=label.inner_text())


def test_search_is_narrowed_by_department_author_and_tag(
        page: RecordingPage, posts: tuple[PostFile, ...], org: OrgChart) -> None:
    page.open("/")
    search(page, "")
    sales = org.department("sales")
    choose(page, "department", sales.name)
    people = [p.name for p in org.people if p.department == "sales"]
    in_sales = [p.title for p in published(posts) if p.department == "sales"]
    # its posts, its people and its section's page (Sales has no other page)
    assert [p.name for p in (CONTENT / "sales").glob("*.md")] == ["index.md"]
    expect(page.page.locator(".md-search-result__meta")).to_have_text(
        f"{len(in_sales) + len(people) + 1} matching documents")
    assert sorted(shown(page)) == sorted([*in_sales, *people, sales.name])
    choose(page, "author", "Sam Whitfield")
    by_sam = [p.title for p in published(posts) if p.department == "sales"
              and "sam" in p.authors]
    expect(titles(page)).to_have_count(len(by_sam))
    assert sorted(shown(page)) == sorted(by_sam)
    page.page.locator("select[data-intranet-filter=department]").select_option("")
    page.page.locator("select[data-intranet-filter=author]").select_option("")
    choose(page, "tag", "security")
    tagged = [p.title for p in published(posts) if "security" in p.tags]
    expect(titles(page)).to_have_count(len(tagged))
    assert sorted(shown(page)) == sorted(tagged)
    # words and a filter together
    page.page.locator("input.md-search__input").fill("phishing")
    expect(titles(page)).to_have_text(
        [p.title for p in published(posts) if "security" in p.tags
         and "phishing" in (p.title + p.body).lower()][:1])


def test_the_filters_offer_what_was_published(page: RecordingPage, posts: tuple[PostFile, ...],
                                             org: OrgChart) -> None:
    page.open("/")
    search(page, "kaleidoscopic")
    fetched = len(page.requests)
    narrow(page)  # only now are their values fetched: a plain search does without them
    options = page.page.locator("select[data-intranet-filter=tag] option")
    tags = sorted({t for p in published(posts) for t in p.tags})
    counts = {t: sum(t in p.tags for p in published(posts)) for t in tags}
    expect(options).to_have_text(["Any", *(f"{t} ({counts[t]})" for t in tags)])
    authors = page.page.locator("select[data-intranet-filter=author] option")
    names = sorted({org.name(h) for p in published(posts) for h in p.authors})
    expect(authors).to_have_count(len(names) + 1)
    expect(authors.nth(1)).to_contain_text(names[0])
    expect(page.page.get_by_role("group", name="Narrow the search")).to_be_visible()
    assert all("/pagefind/filter/" not in u for u in page.requests[:fetched])
    assert any("/pagefind/filter/" in u for u in page.requests[fetched:])


# --- the keys ---------------------------------------------------------------------------


def test_slash_opens_search_arrows_move_enter_follows_escape_closes(page: RecordingPage
                                                                    ) -> None:
    page.open("/policy/")
    tab = page.page
    tab.keyboard.press("/")
    box = tab.locator("input.md-search__input")
    expect(box).to_be_focused()
    expect(tab.locator("#__search")).to_be_checked()
    box.fill("kaleidoscopic")
    first = tab.locator("a.md-search-result__link").first
    expect(first).to_be_attached()
    tab.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    tab.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    tab.keyboard.press("Escape")
    expect(tab.locator("#__search")).not_to_be_checked()
    tab.keyboard.press("s")
    expect(box).to_be_focused()
    tab.keyboard.press("Enter")  # the first result, with the words marked on it
    tab.wait_for_url(page.base_url + HACKATHON + "?h=kaleidoscopic")
    expect(tab.locator("article mark")).to_have_text("kaleidoscopic")


def test_typing_in_a_page_box_does_not_open_search(page: RecordingPage) -> None:
    page.open("/people/")
    box = page.page.get_by_role("searchbox", name=re.compile("Filter|Find", re.I))
    box.press_sequentially("sam/f")
    expect(box).to_have_value("sam/f")
    expect(page.page.locator("#__search")).not_to_be_checked()


# --- the index holds what was published, as the site filed it --------------------------


def test_the_index_holds_every_published_post_with_its_facets(
        built_site: BuiltSite, posts: tuple[PostFile, ...], org: OrgChart) -> None:
    index = by_url(built_site.directory)
    for post in published(posts):
        filed = {key: sorted(values) for key, values in index["/" + post.url]["filters"].items()}
        assert filed == {"department": [org.department(post.department).name],
                         "author": sorted(org.name(h) for h in post.authors),
                         **({"tag": sorted(post.tags)} if post.tags else {})}, post.url
    assert index["/engineering/how-we-work/"]["filters"] == {"department": ["Engineering"]}
    held = [p.url for p in posts if p.status(TODAY) != "published"]
    assert held and [u for u in held if "/" + u in index] == []
    # Listings repeat their posts' words: they stay out (pages 2, 3, ... of them too).
    assert [u for u in index if re.search(r"/page/\d+/$|^/tags/.+|^/archive/.+", u)] == []


PAGEFIND = [
    ("attribute", "Words.\n{ data-pagefind-filter=\"department:People & HR\" }\n"),
    ("element", "<div data-pagefind-ignore>Words the index would not see.</div>\n"),
    ("meta", "<span data-pagefind-meta=\"title:The CEO says\">Words.</span>\n"),
    ("body", "<section data-pagefind-body>Words.</section>\n"),
]


@pytest.mark.parametrize(("kind", "body"), PAGEFIND, ids=[k for k, _ in PAGEFIND])
def test_a_post_cannot_file_itself_elsewhere_or_hide_from_search(
        tmp_path: Path, kind: str, body: str) -> None:
    """Pagefind reads its attributes wherever they are: a post that carried them could be
    filed under another department, retitled in results, or hide its words. The
    sanitizer keeps them out: the build refuses the post, naming it."""
    repo = copy_project(tmp_path / "intranet")
    write_post(repo, "engineering/posts/filed.md", body)
    built = build(repo, "--strict")
    assert built.returncode == 1
    refused = [e for e in errors(built.stderr) if "content/engineering/posts/filed.md" in e]
    assert refused, built.stderr
    assert not (repo / "out" / "pagefind").exists()


# --- a large site: the index in several bundles, merged by the search box ---------------


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The demo indexed 20 pages at a time, as 10,000 posts are 4,000 at a time."""
    repo = copy_project(tmp_path_factory.mktemp("sharded") / "intranet")
    edit(repo / "mkdocs.yml", r"^    render_seconds: 10$",
         "    render_seconds: 10\n    search_shard_pages: 20")
    built = build(repo, "--strict")
    assert built.returncode == 0, built.stderr
    with serve(repo / "out") as url:
        yield repo / "out", url


def test_a_sharded_index_holds_the_same_pages(sharded: tuple[Path, str],
                                              built_site: BuiltSite) -> None:
    site, _ = sharded
    bundles = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert bundles == [f"pagefind-{n}/" for n in range(1, len(bundles) + 1)]
    assert len(bundles) >= 2
    one = by_url(built_site.directory)
    assert by_url(site).keys() == one.keys()
    assert {u: f["filters"] for u, f in by_url(site).items()} == \
        {u: f["filters"] for u, f in one.items()}


def test_a_sharded_index_is_searched_as_one(sharded: tuple[Path, str], page: RecordingPage
                                            ) -> None:
    """The same answers as the one-bundle site, from every bundle, with one engine."""
    answers = []
    for url in (sharded[1], page.base_url):
        page.page.goto(url)
        expect(search(page, "Whitfield")).to_have_text("10 matching documents")
        # Each bundle ranks by its own pages' word counts: the order of close scores
        # may differ; what is found, and what comes first, may not.
        found = shown(page)
        answers.append([found[0], sorted(found)])
        narrow(page)
        options = page.page.locator("select[data-intranet-filter=author] option")
        expect(options.nth(1)).to_be_attached()
        answers[-1].append(options.all_inner_texts())
    assert answers[0] == answers[1]
    engines = [u for u in page.requests if u.endswith(".pagefind")]
    assert len(engines) == 2  # one per site, not one per bundle
