"""Plain words for readers, in real Chromium: a missing page offers search and the main
sections, the Moderators page names sections and shows faces (not folders), and an
intranet with nothing published yet says how to write the first post instead of
promising news that is not there."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from conftest import OrgChart, RecordingPage, serve
from playwright.sync_api import Browser, Page, expect
from sitebuild import build, copy_project

MISSING = "does-not-exist/"
NOTHING_YET = "No posts yet. How to post explains how to write the first one."


def href(page: Page, selector: str) -> list[str]:
    return [str(a.evaluate("a => a.href")) for a in page.locator(selector).all()]


def test_a_missing_page_says_so_and_offers_the_main_sections(page: RecordingPage) -> None:
    assert page.open(MISSING).status == 404
    tab = page.page
    expect(tab).to_have_title("Page not found - Fieldstone intranet")
    content = tab.locator("article.md-content__inner")
    expect(content.locator("h1")).to_have_text("Page not found")
    expect(content.locator("p").first).to_have_text(
        "There is no page at this address. It may have moved, or the post that was here may "
        "have expired or been taken down.")
    expect(content.locator(".intranet-notfound__search")).to_have_text(
        "Search the intranet or press / on any page")
    links = content.locator(".intranet-notfound__sections a")
    expect(links).to_have_text(["Home", "Departments", "People", "How to post"])
    departments_tab = href(tab, ".md-tabs__link:text-is('Departments')")
    assert href(tab, ".intranet-notfound__sections a") == [
        page.base_url, *departments_tab, page.base_url + "people/",
        page.base_url + "how-to-post/"]
    for target in href(tab, ".intranet-notfound__sections a"):
        assert tab.request.get(target).status == 200, target


@pytest.mark.parametrize("width", [1280, 390])
def test_the_404_search_button_opens_search_focused(
    browser: Browser, site_url: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    try:
        tab.goto(site_url + MISSING)
        query = tab.locator(".md-search__input")
        expect(tab.locator(".md-search__output")).to_be_hidden()
        # From the keyboard: it is a link, so Tab reaches it and Enter follows it.
        tab.get_by_role("link", name="Search the intranet").focus()
        tab.keyboard.press("Enter")
        expect(tab.locator("#__search")).to_be_checked()
        expect(query).to_be_focused()
        expect(tab.locator(".md-search__output")).to_be_visible()
        tab.keyboard.type("Moderators")
        titles = tab.locator(".md-search-result__item h1")
        expect(titles.filter(has_text=re.compile(r"^Moderators$"))).to_have_count(1)
    finally:
        context.close()


def test_moderators_page_names_sections_with_faces_not_folders(
    page: RecordingPage, org: OrgChart
) -> None:
    page.open("/moderators/")
    content = page.page.locator("article.md-content__inner")
    expect(content.locator("table th")).to_have_text(["Section", "Moderators"])
    rows = content.locator("table tbody tr")
    expect(rows).to_have_count(len(org.departments))
    for row, dept in zip(rows.all(), org.departments, strict=True):
        section = row.locator("td").first.get_by_role("link")
        expect(section).to_have_text(dept.name)
        assert section.evaluate("a => a.href") == page.base_url + f"{dept.id}/"
        owners = [*dept.heads, *dept.deputies]
        faces = row.locator("td").nth(1).locator("img.avatar")
        expect(faces).to_have_count(len(owners))
        for face in faces.all():  # a face is decoration beside the name written next to it
            expect(face).to_have_attribute("alt", "")
            assert face.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "content/" not in content.inner_text()


@pytest.fixture(scope="module")
def empty_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo company before anyone has published a post (or a reply)."""
    repo = copy_project(tmp_path_factory.mktemp("empty") / "intranet")
    for folder in [*repo.glob("content/*/posts"), *repo.glob("content/*/replies")]:
        shutil.rmtree(folder)
    done = build(repo, "--strict")
    assert done.returncode == 0, done.stderr
    assert "published 0 posts" in done.stderr
    with serve(repo / "out") as url:
        yield url


def test_an_intranet_with_no_posts_says_how_to_write_the_first(
    browser: Browser, empty_site: str, org: OrgChart
) -> None:
    context = browser.new_context()
    context.set_default_timeout(15_000)
    tab = context.new_page()
    try:
        tab.goto(empty_site)
        content = tab.locator("article.md-content__inner")
        assert "just below" not in content.inner_text()  # nothing is promised that is not there
        latest = content.locator("#user-content-latest-posts + p")
        expect(latest).to_have_text(NOTHING_YET)
        expect(latest.get_by_role("link", name="How to post")).to_have_attribute(
            "href", "how-to-post/")
        for dept in org.departments:
            tab.goto(empty_site + f"{dept.id}/")
            expect(tab.get_by_text(NOTHING_YET, exact=True)).to_be_visible()
    finally:
        context.close()
