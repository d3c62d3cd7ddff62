"""The built intranet as a reader sees it, in a real headless Chromium."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import CONTENT, TODAY, OrgChart, PostFile, RecordingPage
from playwright.sync_api import Locator, expect

HACKATHON = "engineering/posts/hackathon-winners/"
HACKATHON_TITLE = "Hackathon 2026: meet the winners"
HOME_LATEST = 25  # how many unpinned posts the home feed shows; page/2/ has the next


def href(link: Locator) -> str:
    """The absolute URL a click on `link` goes to."""
    return str(link.evaluate("a => a.href"))


def heading_text(heading: Locator) -> str:
    """A heading as readers see it: without the permalink pilcrow, shown only on hover."""
    return str(
        heading.evaluate(
            "h => [...h.childNodes].filter(n => !n.classList?.contains('headerlink'))"
            ".map(n => n.textContent).join('').trim()"
        )
    )


def foreign_requests(tab: RecordingPage) -> list[str]:
    return [
        u
        for u in tab.requests
        if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname != "127.0.0.1"
    ]


def search(tab: RecordingPage, query: str) -> Locator:
    """Runs `query` in the header's search box; returns the result summary line."""
    box = tab.page.locator("input.md-search__input")
    box.click()
    # Typing key by key would also search every prefix ("z", "za", ...) and a test
    # could catch the answer to a prefix; filling the box runs exactly the query in full.
    box.fill(query)
    box.press("End")
    return tab.page.locator(".md-search-result__meta")


def replies_to(url: str) -> str:
    """How many replies the demo holds for the post at `url`, as pages count them."""
    dept, _, name = url.strip("/").split("/")
    number = len(list((CONTENT / dept / "replies" / name).glob("*.md")))
    return f"{number} repl{'y' if number == 1 else 'ies'}"


def published(posts: tuple[PostFile, ...]) -> list[PostFile]:
    """Published posts newest first, as every listing orders them."""
    shown = [p for p in posts if p.status(TODAY) == "published"]
    return sorted(shown, key=lambda p: (p.date, p.src), reverse=True)


def test_home_feed_lists_the_latest_posts_newest_first(
    page: RecordingPage, posts: tuple[PostFile, ...]
) -> None:
    page.open("/")
    latest = [p for p in published(posts) if not p.pin][:HOME_LATEST]
    feed = page.page.locator(".intranet-feed li strong a")
    expect(feed).to_have_text([p.title for p in latest])
    assert [href(a) for a in feed.all()] == [page.base_url + p.url for p in latest]
    expect(feed.get_by_text(HACKATHON_TITLE, exact=True)).to_be_visible()


def test_home_shows_pinned_announcements_above_latest_posts(
    page: RecordingPage, posts: tuple[PostFile, ...]
) -> None:
    page.open("/")
    pinned = [p.title for p in published(posts) if p.pin]
    assert pinned, "the demo content has no pinned post to show"
    titles = page.page.locator(".admonition.pin .admonition-title")
    expect(titles).to_have_text(pinned)
    latest = page.page.get_by_role("heading", name=re.compile(r"^Latest posts\b"))
    latest_top = latest.bounding_box()
    last_pin = page.page.locator(".admonition.pin").last.bounding_box()
    assert latest_top is not None
    assert last_pin is not None
    assert last_pin["y"] + last_pin["height"] <= latest_top["y"]


def test_home_links_to_every_department(page: RecordingPage, org: OrgChart) -> None:
    page.open("/")
    cards = page.page.locator(".grid.cards strong a")
    expect(cards).to_have_text([d.name for d in org.departments])
    assert [href(a) for a in cards.all()] == [page.base_url + f"{d.id}/" for d in org.departments]


def test_department_page_names_its_moderators(page: RecordingPage) -> None:
    page.open("/engineering/")
    moderators = page.page.locator("h2#user-content-moderators + p")
    expect(moderators).to_have_text(
        "Posts in Engineering are published only after one of its owners approves them: "
        "Grace Okafor (head) and Ken Larsen (deputy)."
    )
    grace = moderators.get_by_role("link", name="Grace Okafor", exact=True)
    ken = moderators.get_by_role("link", name="Ken Larsen", exact=True)
    assert href(grace) == page.base_url + "people/grace/"
    assert href(ken) == page.base_url + "people/ken/"


def test_post_page_shows_title_byline_and_moderation(page: RecordingPage) -> None:
    page.open(HACKATHON)
    expect(page.page).to_have_title(f"{HACKATHON_TITLE} - Fieldstone intranet")
    content = page.page.locator("article.md-content__inner")
    assert heading_text(content.locator("h1")) == HACKATHON_TITLE
    byline = content.locator(".intranet-byline")
    expect(byline).to_have_text(
        "Eve Martins and Grace Okafor · Engineering · 1 month ago · 2 min read · "
        f"{replies_to(HACKATHON)}"
    )
    links = {a.inner_text(): href(a) for a in byline.get_by_role("link").all()}
    assert links == {
        "Eve Martins": page.base_url + "people/eve/",
        "Grace Okafor": page.base_url + "people/grace/",
        "Engineering": page.base_url + "engineering/",
    }
    expect(content.locator(".intranet-moderation")).to_have_text(
        "Posts in Engineering are moderated by Grace Okafor (head) and Ken Larsen (deputy)."
    )
    # What the post was checked against is there for whoever looks, folded away.
    about = content.locator("details.intranet-about")
    expect(about.locator("summary")).to_have_text("About this post")
    expect(about.locator("p")).to_be_hidden()
    about.locator("summary").click()
    expect(about.locator("p")).to_have_text(
        "Checked against usage policy 2026.1. Classification: Internal."
    )


def test_author_link_opens_the_authors_profile(page: RecordingPage) -> None:
    page.open(HACKATHON)
    page.page.locator(".intranet-byline").get_by_role("link", name="Eve Martins").click()
    page.page.wait_for_url(page.base_url + "people/eve/")
    content = page.page.locator("article.md-content__inner")
    assert heading_text(content.locator("h1")) == "Eve Martins"
    posts = content.locator(".intranet-feed")  # not where she is mentioned, further down
    expect(posts.get_by_role("link", name=HACKATHON_TITLE, exact=True)).to_be_visible()


def test_search_finds_a_post_by_a_word_in_its_body(page: RecordingPage) -> None:
    page.open("/")
    expect(search(page, "kaleidoscopic")).to_have_text("1 matching document")
    results = page.page.locator(".md-search-result__item")
    expect(results).to_have_count(1)
    expect(results.locator("h1")).to_have_text(HACKATHON_TITLE)
    first = results.locator("a.md-search-result__link").first
    assert urlsplit(href(first)).path == "/" + HACKATHON
    # Pagefind's chunks of the index came from this site; no request left the machine,
    # and nobody fetched a whole index of every page.
    assert any(u.startswith(page.base_url + "pagefind/index/") for u in page.requests)
    assert not any(u.endswith("search_index.json") for u in page.requests)
    assert foreign_requests(page) == []


@pytest.mark.parametrize("word", ["zanzibarian", "quokkafest"])
def test_search_finds_nothing_from_held_posts(page: RecordingPage, word: str) -> None:
    page.open("/")
    expect(search(page, word)).to_have_text("No matching documents")
    expect(page.page.locator(".md-search-result__item")).to_have_count(0)


@pytest.mark.parametrize(
    "path", ["/marketing/posts/rebrand-teaser/", "/hr/posts/new-office-opening/"]
)
def test_held_post_urls_are_not_found(page: RecordingPage, path: str) -> None:
    assert page.open(path).status == 404


@pytest.mark.parametrize("path", ["/", "/engineering/", "/" + HACKATHON, "/people/", "/tags/"])
def test_page_loads_only_from_the_intranet(page: RecordingPage, path: str) -> None:
    page.open(path)
    page.page.wait_for_load_state("networkidle")
    assert page.base_url + path.lstrip("/") in page.requests
    assert foreign_requests(page) == []


def test_palette_toggle_switches_dark_and_light(page: RecordingPage) -> None:
    page.open("/")
    body = page.page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.page.get_by_title("Switch to dark mode").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.page.get_by_title("Switch to light mode").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
