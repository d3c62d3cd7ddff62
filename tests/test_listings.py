"""Listings that scale, and tabs that lead where they say. A copy of the intranet with a
few hundred posts of its own (some held back, one department with none) is built
strictly: home, departments, tags, profiles and archive months show at most 25 posts a
page, each chain of "Older posts" pages holds exactly its posts in order, every
published post is reachable from the home page through the archive, held posts are
nowhere, and no page exceeds 150 kB. In Chromium, on the demo: the Departments tab and
breadcrumb open the overview, How to post is a tab, breadcrumbs name the real parents."""

from __future__ import annotations

import datetime as dt
import html
import math
import posixpath
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, TODAY, RecordingPage, read_org, serve
from playwright.sync_api import Browser, expect
from sitebuild import build, copy_project, edit, errors, watched

from intranet.config.org import load_org
from intranet.config.policy import load_policy
from intranet.policy.checker import check_tree
from intranet.policy.meta import Context
from intranet.site import archive, tagpages
from intranet.site.feed import home
from intranet.site.plan import build_site

PER_PAGE = 25
LARGEST_PAGE = 150_000  # bytes of HTML, at any number of posts (scripts/bench site)
TAXONOMY = sorted(yaml.safe_load((ROOT / "policy.yml").read_text(encoding="utf-8"))["tags"])
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SYNTHETIC = 300
HELD_MARK = "Heldmarker"  # in the title of every held post, and nowhere else
ORG = read_org(ROOT / "org.yml")
LEGAL = ("  - id: legal\n    name: Legal\n    description: Contracts, compliance and the "
         "fine print.\n    heads: [grace]\n    deputies: [ken]\n")


@dataclass(frozen=True)
class Post:
    src: str
    title: str
    date: dt.date
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    pin: bool
    published: bool

    @property
    def url(self) -> str:
        return self.src.removesuffix(".md") + "/"

    @property
    def department(self) -> str:
        return self.src.split("/")[0]


def newest(posts: list[Post]) -> list[Post]:
    return sorted(posts, key=lambda p: (p.date, p.src), reverse=True)


def pinned_first(posts: list[Post]) -> list[Post]:
    return sorted(newest(posts), key=lambda p: not p.pin)  # stable: each group newest first


def synthetic(number: int) -> tuple[str, str]:
    """Post `number` of the copy's own (src, file text); a few are held back."""
    dept = ORG.departments[number % len(ORG.departments)]
    people = [p.handle for p in ORG.people if p.department == dept.id]
    # Spread over two years, with a busy November: a month of more than one page.
    date = TODAY - dt.timedelta(days=number % 20 if number % 9 == 0 else (number * 7) % 690)
    extra, title = "", f"Synthetic {dept.id} news {number:03d}"
    if number % 100 in (11, 12, 13):
        kind = ("draft", "scheduled", "expired")[number % 100 - 11]
        title = f"{HELD_MARK} {kind} {number:03d}"
        extra = {"draft": "draft: true\n", "scheduled": "",
                 "expired": f"expires: {TODAY.isoformat()}\n"}[kind]
        if kind == "scheduled":
            date = TODAY + dt.timedelta(days=number)
        elif kind == "expired":
            date = TODAY - dt.timedelta(days=30)
    authors = [people[number % len(people)]]
    if number % 4 == 0:
        authors.append(people[(number + 1) % len(people)])
    if number % 6 == 0:
        authors.append("eve")  # who then has more posts than a page holds
    tags = dict.fromkeys([TAXONOMY[number % len(TAXONOMY)],
                          TAXONOMY[(number * 5 + 3) % len(TAXONOMY)]])
    names = ", ".join(dict.fromkeys(authors))
    text = (f"---\ntitle: {title}\ndate: {date.isoformat()}\nauthors: [{names}]\n"
            f"department: {dept.id}\nclassification: internal\npolicy: \"2026.1\"\n"
            f"tags: [{', '.join(tags)}]\n{extra}---\n\n{title} is the news of the day. "
            f"Read on for the details.\n")
    return f"{dept.id}/posts/synthetic-{number:03d}.md", text


def read_posts(content: Path) -> list[Post]:
    found = []
    for path in sorted(content.glob("*/posts/*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        expires = meta.get("expires")
        published = (not meta.get("draft") and meta["date"] <= TODAY
                     and (expires is None or expires > TODAY))
        found.append(Post(path.relative_to(content).as_posix(), str(meta["title"]),
                          meta["date"], tuple(meta["authors"]), tuple(meta.get("tags") or ()),
                          meta.get("pin") is True, published))
    return found


@dataclass(frozen=True)
class Company:
    out: Path
    posts: list[Post]  # published
    held: list[Post]


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Company:
    repo = copy_project(tmp_path_factory.mktemp("listings") / "intranet")
    for number in range(SYNTHETIC):
        src, text = synthetic(number)
        (repo / "content" / src).write_text(text, encoding="utf-8")
    # A department that has published nothing yet.
    edit(repo / "org.yml", r"^people:$", LEGAL + "\npeople:")
    (repo / "content" / "legal").mkdir()
    (repo / "content" / "legal" / "index.md").write_text(
        "---\ntitle: Legal\ndepartment: legal\n---\n\nLegal reads the fine print.\n",
        encoding="utf-8")
    done = build(repo, "--strict")
    assert done.returncode == 0, done.stderr
    everything = read_posts(repo / "content")
    return Company(repo / "out", [p for p in everything if p.published],
                   [p for p in everything if not p.published])


class _Listing(HTMLParser):
    """What a listing page shows: the posts its feed links to (in order), its pager."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []  # hrefs in the feed, as written
        self.older = self.newer = ""
        self.count = ""
        self._feed = 0  # depth of <div> inside the feed, 0 outside
        self._in_count = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "div" and (self._feed or "intranet-feed" in classes):
            self._feed += 1
        href = found.get("href") or ""
        if tag == "a" and self._feed:
            self.links.append(href)
        if tag == "a" and "intranet-pager__older" in classes:
            self.older = href
        if tag == "a" and "intranet-pager__newer" in classes:
            self.newer = href
        self._in_count = "intranet-pager__count" in classes

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._feed:
            self._feed -= 1
        self._in_count = False

    def handle_data(self, data: str) -> None:
        if self._in_count:
            self.count += data


def listing(out: Path, url: str) -> _Listing:
    parser = _Listing()
    parser.feed((out / url / "index.html").read_text(encoding="utf-8"))
    return parser


def listed(url: str, shown: _Listing) -> list[str]:
    """The posts a listing page at `url` shows, in order."""
    targets = (resolve(url, href) for href in shown.links)
    return list(dict.fromkeys(t for t in targets if "/posts/" in t))


def resolve(url: str, href: str) -> str:
    """The site-relative URL (`a/b/`) that `href` on the page at `url` leads to."""
    joined = posixpath.normpath(posixpath.join(url, href.split("#", maxsplit=1)[0]))
    return "" if joined == "." else joined + "/"


def chain(out: Path, start: str) -> list[list[str]]:
    """The posts on each page of the listing starting at `start`, following "Older
    posts"; each page's "Newer posts" must lead back to the page before it."""
    pages: list[list[str]] = []
    url: str | None = start
    previous: str | None = None
    while url is not None:
        shown = listing(out, url)
        pages.append(listed(url, shown))
        if previous is None:
            assert shown.newer == "", url
        else:
            assert resolve(url, shown.newer) == previous, url
        if shown.count:
            assert shown.count.startswith(f"Page {len(pages)} of "), (url, shown.count)
        previous, url = url, resolve(url, shown.older) if shown.older else None
    return pages


def assert_paged(out: Path, start: str, expected: list[Post]) -> None:
    pages = chain(out, start)
    assert len(pages) == max(1, math.ceil(len(expected) / PER_PAGE)), start
    assert all(len(page) <= PER_PAGE for page in pages), start
    assert [url for page in pages for url in page] == [p.url for p in expected], start
    if len(pages) > 1:
        assert listing(out, start).count == f"Page 1 of {len(pages)}"


def test_home_pages_its_latest_posts_25_at_a_time(company: Company) -> None:
    pinned = newest([p for p in company.posts if p.pin])[:5]  # the announcements
    latest = newest([p for p in company.posts if p not in pinned])
    assert len(latest) > 10 * PER_PAGE  # the copy holds what it is meant to test
    assert_paged(company.out, "", latest)
    assert (company.out / "page/2/index.html").is_file()
    second = listing(company.out, "page/2/")
    assert (second.newer, second.older, second.count) == (
        "../../", "../3/", f"Page 2 of {math.ceil(len(latest) / PER_PAGE)}")


def test_each_department_pages_its_posts(company: Company) -> None:
    for dept in ORG.departments:
        expected = pinned_first([p for p in company.posts if p.department == dept.id])
        assert len(expected) > 2 * PER_PAGE
        assert_paged(company.out, f"{dept.id}/", expected)
    assert (company.out / "engineering/page/2/index.html").is_file()


def test_each_profile_pages_its_posts(company: Company) -> None:
    for person in ORG.people:
        expected = pinned_first([p for p in company.posts if person.handle in p.authors])
        assert_paged(company.out, f"people/{person.handle}/", expected)
    assert (company.out / "people/eve/page/2/index.html").is_file()


def test_each_tag_pages_its_posts_and_the_index_counts_them(company: Company) -> None:
    counts: Counter[str] = Counter(t for p in company.posts for t in dict.fromkeys(p.tags))
    for tag in counts:
        assert_paged(company.out, f"tags/{tag}/", newest([p for p in company.posts
                                                          if tag in p.tags]))
    text = html.unescape(re.sub(r"<[^>]+>", "", (company.out / "tags/index.html")
                                .read_text(encoding="utf-8")))
    shown = re.findall(r"^\s*([a-z0-9-]+) (\d+) posts?\s*$", text, re.MULTILINE)
    assert shown == [(tag, str(counts[tag])) for tag in sorted(counts)]


def test_the_archive_lists_every_month_and_each_month_its_posts(company: Company) -> None:
    months: dict[tuple[int, int], list[Post]] = {}
    for post in newest(company.posts):
        months.setdefault((post.date.year, post.date.month), []).append(post)
    text = html.unescape(re.sub(r"<[^>]+>", "", (company.out / "archive/index.html")
                                .read_text(encoding="utf-8")))
    listed = re.findall(r"^\s*(\w+ \d{4}): (\d+) posts?$", text, re.MULTILINE)
    assert listed == [(f"{MONTHS[m - 1]} {y}", str(len(posts)))
                      for (y, m), posts in months.items()]
    for (year, month), posts in months.items():
        assert_paged(company.out, f"archive/{year}/{month:02d}/", posts)
    assert any(len(posts) > PER_PAGE for posts in months.values())


def test_every_published_post_is_reachable_from_home_through_the_archive(
        company: Company) -> None:
    home_page = (company.out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="archive/">archive</a>', home_page)
    seen, todo, found = {"archive/"}, ["archive/"], set()
    while todo:
        url = todo.pop()
        page = (company.out / url / "index.html").read_text(encoding="utf-8")
        article = page[page.index("<article"):page.index("</article>")]
        for href in re.findall(r'href="([^"#]*)', article):
            target = resolve(url, href)
            if "/posts/" in target:
                found.add(target)
            elif target.startswith("archive/") and target not in seen:
                seen.add(target)
                todo.append(target)
    assert found == {p.url for p in company.posts}


def test_held_posts_are_on_no_page_and_in_no_count(company: Company) -> None:
    assert len(company.held) >= 9
    leaks = sorted(str(path.relative_to(company.out)) for path in company.out.rglob("*")
                   if path.is_file() and path.suffix in (".html", ".json", ".xml")
                   and HELD_MARK in path.read_text(encoding="utf-8"))
    assert leaks == []
    for post in company.held:
        assert not (company.out / post.url).exists()


def test_no_page_exceeds_150_kb_and_no_listing_page_is_in_the_nav(company: Company) -> None:
    pages = list(company.out.rglob("*.html"))
    assert len(pages) > SYNTHETIC
    assert [p.name for p in pages if p.stat().st_size > LARGEST_PAGE] == []
    generated = re.compile(r'href="[^"]*(?:/page/\d+/|archive/\d{4}/|tags/[a-z0-9-]+/)"')
    in_nav = [str(p.relative_to(company.out)) for p in pages
              if generated.search(navigation(p.read_text(encoding="utf-8")))]
    assert in_nav == []


def navigation(page: str) -> str:
    """The tabs and the site's menu, which every page carries."""
    tabs = page.split('<nav class="md-tabs"', 1)[-1].split("</nav>", 1)[0]
    menu = page.split("md-sidebar--primary", 1)[-1].split("md-sidebar--secondary", 1)[0]
    return tabs + menu


def test_a_department_with_no_posts_says_how_to_write_the_first(company: Company) -> None:
    landing = html.unescape(re.sub(r"<[^>]+>", "", (company.out / "legal/index.html")
                                   .read_text(encoding="utf-8")))
    assert "No posts yet. How to post explains how to write the first one." in landing
    overview = (company.out / "departments/index.html").read_text(encoding="utf-8")
    card = overview[overview.index('<a href="../legal/">Legal</a>'):]
    card = html.unescape(re.sub(r"<[^>]+>", "", card[:card.index("</li>")]))
    assert " ".join(card.split()) == (
        "Legal Contracts, compliance and the fine print. Moderated by Grace Okafor (head) "
        "and Ken Larsen (deputy). No posts yet. How to post explains how to write the "
        "first one.")


def test_empty_tags_archive_and_home_say_something_helpful() -> None:
    ctx = Context(load_policy(ROOT / "policy.yml"), load_org(ROOT / "org.yml"))
    sources = [("index.md", b"---\ntitle: Home\n---\n"),
               ("how-to-post.md", b"---\ntitle: How to post\n---\n")]
    report = check_tree(((src, text, False) for src, text in sources), ctx)
    empty = build_site(ctx.org, ((c.src, c.post) for c in report.checked), TODAY)
    assert tagpages.index({}).endswith(
        "# Tags\n\nNo published post has a tag yet. Authors add them in a post's "
        "front-matter, e.g. `tags: [release, product]`.\n")
    assert archive.index({}).endswith(
        "# Archive\n\nNothing has been published yet. Each month with posts will be "
        "listed here, newest first.\n")
    assert ("\n## Latest posts\n\nNo posts yet. [How to post](how-to-post.md) explains how "
            "to write the first one.\n") in home(empty)


def test_a_written_page_where_the_build_generates_one_is_refused(tmp_path: Path) -> None:
    repo = copy_project(tmp_path / "intranet")
    (repo / "content" / "tags.md").write_text(  # the Tags page of before, still there
        "---\ntitle: Tags\n---\n\n<!-- material/tags -->\n", encoding="utf-8")
    done = build(repo, "--strict")
    assert done.returncode == 1
    assert errors(done.stderr) == [
        "intranet: content/tags.md:1:1: error page-generated the build generates the page at "
        "this address (tags/index.md); rename or delete content/tags.md",
        "the intranet was not built: 1 policy error(s) above"]


# --- in Chromium: tabs and breadcrumbs lead where they say -------------------------------


def test_the_tabs_and_where_they_lead(page: RecordingPage) -> None:
    page.open("engineering/posts/hackathon-winners/")
    tabs = page.page.locator(".md-tabs__link")
    expect(tabs).to_have_text(["Home", "Departments", "People", "Tags", "How to post",
                               "Usage policy"])
    expect(page.page.locator(".md-tabs__item--active")).to_have_text("Departments")
    tabs.get_by_text("Departments", exact=True).click()
    page.page.wait_for_url(page.base_url + "departments/")
    expect(page.page).to_have_title("Departments - Fieldstone intranet")
    cards = page.page.locator(".intranet-departments li > p:first-child a")
    expect(cards).to_have_text([d.name for d in ORG.departments])
    page.page.locator(".md-tabs__link").get_by_text("How to post", exact=True).click()
    page.page.wait_for_url(page.base_url + "how-to-post/")
    page.page.locator(".md-tabs__link").get_by_text("Tags", exact=True).click()
    page.page.wait_for_url(page.base_url + "tags/")


def test_breadcrumbs_name_the_real_parents(page: RecordingPage) -> None:
    page.open("engineering/posts/hackathon-winners/")
    crumbs = page.page.locator(".md-path__link")
    expect(crumbs).to_have_text(["Home", "Departments", "Engineering"])
    crumbs.get_by_text("Departments", exact=True).click()
    page.page.wait_for_url(page.base_url + "departments/")
    page.open("engineering/posts/hackathon-winners/")
    page.page.locator(".md-path__link").get_by_text("Engineering", exact=True).click()
    page.page.wait_for_url(page.base_url + "engineering/")
    page.open("tags/tools/")
    expect(page.page.locator(".md-path__link")).to_have_text(["Home", "Tags"])
    expect(page.page.locator(".md-tabs__item--active")).to_have_text("Tags")
    page.open("archive/2026/10/")
    expect(page.page.locator(".md-path__link")).to_have_text(["Home", "Archive"])
    page.page.locator(".md-path__link").get_by_text("Archive", exact=True).click()
    page.page.wait_for_url(page.base_url + "archive/")


def test_the_home_page_leads_to_the_archive_and_its_months(page: RecordingPage) -> None:
    page.open("/")
    page.page.locator(".intranet-to-archive").get_by_role("link", name="archive").click()
    page.page.wait_for_url(page.base_url + "archive/")
    page.page.get_by_role("link", name="October 2026", exact=True).click()
    page.page.wait_for_url(page.base_url + "archive/2026/10/")
    expect(page.page).to_have_title("October 2026 - Fieldstone intranet")


@pytest.fixture(scope="module")
def company_url(company: Company) -> Iterator[str]:
    with serve(company.out) as url:
        yield url


def test_older_and_newer_posts_in_the_browser(browser: Browser, company_url: str,
                                              company: Company) -> None:
    context = watched(browser)
    tab = context.new_page()
    tab.goto(company_url)
    feed = tab.locator(".intranet-feed")
    expect(feed.locator("li")).to_have_count(PER_PAGE)
    total = math.ceil((len(company.posts) - sum(p.pin for p in company.posts)) / PER_PAGE)
    expect(tab.locator(".intranet-pager__count")).to_have_text(f"Page 1 of {total}")
    tab.get_by_role("link", name="Older posts").click()
    tab.wait_for_url(company_url + "page/2/")
    expect(tab).to_have_title("Latest posts, page 2 - Fieldstone intranet")
    expect(tab.locator(".intranet-pager__count")).to_have_text(f"Page 2 of {total}")
    expect(tab.locator(".intranet-feed li")).to_have_count(PER_PAGE)
    tab.get_by_role("link", name="Newer posts").click()
    tab.wait_for_url(company_url)
    assert tab.evaluate("window.__csp") == []
    context.close()
