"""What `mkdocs build --strict` writes: the pages readers get, and the ones they must not."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import CONTENT, TODAY, BuiltSite, OrgChart, PostFile, read_post
from searchindex import decoded

DRAFT = "marketing/posts/rebrand-teaser.md"
SCHEDULED = "hr/posts/new-office-opening.md"
EXPIRED = "sales/posts/q3-spiff.md"
# Each held post carries a word found nowhere else, so any leak of its body shows up.
HELD_WORDS = {DRAFT: "zanzibarian", SCHEDULED: "quokkafest", EXPIRED: None}
LOCAL_HOSTS = {None, "127.0.0.1", "localhost"}
# The tags and attributes a browser fetches on its own when it loads a page.
FETCHED = {"link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}


class _Fetched(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v for k, v in attrs if k == FETCHED.get(tag) and v]


class _Tables(HTMLParser):
    """Every table row as a list of its cells' text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(page: Path) -> list[list[str]]:
    parser = _Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.rows


def heading(page: Path) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.DOTALL)
    assert match, f"{page} has no <h1>"
    # The permalink anchor's pilcrow shows only on hover; it is not part of the title.
    title = re.sub(r'<a class="headerlink".*?</a>', "", match.group(1))
    return html.unescape(re.sub(r"<[^>]+>", "", title)).strip()


def spellings(text: str) -> set[str]:
    """How `text` can appear in a built file: as written, HTML-escaped or JSON-escaped."""
    return {
        text,
        html.escape(text),
        html.escape(text, quote=False),
        json.dumps(text)[1:-1],
        json.dumps(text, ensure_ascii=False)[1:-1],
    }


@pytest.fixture(scope="session")
def site_files(built_site: BuiltSite) -> dict[str, str]:
    """Every file of the site as text, sitemap.xml.gz and the search index's compressed
    files included, keyed by relative path."""
    files: dict[str, str] = {}
    for path in sorted(built_site.directory.rglob("*")):
        if path.is_file():
            data = decoded(path.read_bytes())
            rel = path.relative_to(built_site.directory).as_posix()
            files[rel] = data.decode("utf-8", errors="replace")
    return files


def test_strict_build_logs_no_warning(built_site: BuiltSite) -> None:
    warnings = [line for line in built_site.log.splitlines() if "WARNING" in line]
    assert warnings == []


def test_build_log_reports_published_and_held_posts(
    built_site: BuiltSite, posts: tuple[PostFile, ...]
) -> None:
    published = sum(p.status(TODAY) == "published" for p in posts)
    assert published > 0
    lines = [line for line in built_site.log.splitlines() if "intranet: published" in line]
    reported = [line[line.index("intranet: ") :] for line in lines]
    assert reported == [
        f"intranet: published {published} posts; held back 1 draft(s), 1 scheduled, 1 expired"
    ]


def test_every_published_post_has_a_page(
    built_site: BuiltSite, posts: tuple[PostFile, ...]
) -> None:
    expected = {p.url for p in posts if p.status(TODAY) == "published"}
    built = {
        page.parent.relative_to(built_site.directory).as_posix() + "/"
        for page in built_site.directory.glob("*/posts/*/index.html")
    }
    assert built == expected


@pytest.mark.parametrize(
    ("src", "status"), [(DRAFT, "draft"), (SCHEDULED, "scheduled"), (EXPIRED, "expired")]
)
def test_held_post_has_no_page(built_site: BuiltSite, src: str, status: str) -> None:
    post = read_post(CONTENT / src)
    assert post.status(TODAY) == status, "the demo post no longer tests what it should"
    assert not (built_site.directory / post.url / "index.html").exists()


def traces(site_files: dict[str, str], src: str, word: str | None) -> dict[str, list[str]]:
    """Which signs of the post at `src` appear in which built files."""
    post = read_post(CONTENT / src)
    opening = " ".join(post.body.split()[:8])  # where a feed excerpt would start
    signs = {"title": spellings(post.title), "opening": spellings(opening)}
    signs["url"] = {post.url.rstrip("/")}
    signs["word"] = {word} if word else set()
    found = {
        sign: sorted(name for name, text in site_files.items() if any(n in text for n in needles))
        for sign, needles in signs.items()
    }
    return {sign: names for sign, names in found.items() if names}


@pytest.mark.parametrize("src", [DRAFT, SCHEDULED, EXPIRED])
def test_held_post_leaves_no_trace_in_any_file(site_files: dict[str, str], src: str) -> None:
    assert traces(site_files, src, HELD_WORDS[src]) == {}


def test_trace_check_finds_a_published_post(site_files: dict[str, str]) -> None:
    # The check above proves something only if it finds these signs where they exist,
    # search index and sitemap included.
    found = traces(site_files, "engineering/posts/hackathon-winners.md", "kaleidoscopic")
    assert found.keys() == {"title", "opening", "url", "word"}
    # the search index: the page's text, shown in results. (The index's chunks hold words
    # compressed; test_browser searches for the held posts' words in Chromium.)
    assert {name.split("/")[1] for name in found["word"] if name.startswith("pagefind/")} == \
        {"fragment"}
    assert {"sitemap.xml", "sitemap.xml.gz"} <= set(found["url"])


def directory_cards(page: Path) -> list[list[str]]:
    """Each person on the People page as [name, title, department, handle], in order."""
    text = page.read_text(encoding="utf-8")
    cards = []
    for department, items in re.findall(r'<div class="intranet-directory__group">\s*'
                                        r'<h2[^>]*>(.*?)<a class="headerlink".*?<ul>(.*?)</ul>',
                                        text, re.DOTALL):
        for item in re.findall(r"<li>(.*?)</li>", items, re.DOTALL):
            name = re.search(r"<a [^>]*>(.*?)</a>", item)
            title = re.search(r'class="intranet-person__title">(.*?)</span>', item)
            handle = re.search(r'class="intranet-person__handle">@(.*?)</span>', item)
            assert name and title and handle, item
            cards.append([html.unescape(part) for part in
                          (name[1], title[1], department, handle[1])])
    return cards


def test_people_directory_lists_everyone(built_site: BuiltSite, org: OrgChart) -> None:
    expected = [
        [p.name, p.title, dept.name, p.handle]
        for dept in org.departments
        for p in sorted((p for p in org.people if p.department == dept.id),
                        key=lambda p: p.name.casefold())
    ]
    assert directory_cards(built_site.directory / "people/index.html") == expected
    assert len(expected) == len(org.people)


def test_every_person_has_a_profile(built_site: BuiltSite, org: OrgChart) -> None:
    for person in org.people:
        profile = built_site.directory / "people" / person.handle / "index.html"
        assert heading(profile) == person.name
        dept = org.department(person.department).name
        assert f"{person.title}, {dept}" in html.unescape(
            re.sub(r"<[^>]+>", "", profile.read_text(encoding="utf-8"))
        )


def test_moderators_page_names_each_departments_owners(
    built_site: BuiltSite, org: OrgChart
) -> None:
    rows = table_rows(built_site.directory / "moderators/index.html")
    assert rows[0] == ["Section", "Moderators"]
    by_section = {row[0]: row for row in rows[1:]}
    for dept in org.departments:
        owners = [f"{org.name(h)} (head)" for h in dept.heads]
        owners += [f"{org.name(d)} (deputy)" for d in dept.deputies]
        assert by_section[dept.name][1] == " and ".join(owners)


def test_pages_fetch_nothing_from_other_hosts(site_files: dict[str, str]) -> None:
    foreign: set[tuple[str, str]] = set()
    for name, text in site_files.items():
        if name.endswith(".html"):
            parser = _Fetched()
            parser.feed(text)
            foreign |= {(name, u) for u in parser.urls if urlsplit(u).hostname not in LOCAL_HOSTS}
    assert foreign == set()


def test_no_google_fonts_anywhere(site_files: dict[str, str]) -> None:
    hosts = ("fonts.googleapis.com", "fonts.gstatic.com")
    found = {(name, h) for name, text in site_files.items() for h in hosts if h in text}
    assert found == set()


def test_no_page_tells_other_sites_where_its_reader_came_from(
        site_files: dict[str, str]) -> None:
    pages = {name: text for name, text in site_files.items() if name.endswith(".html")}
    assert pages
    assert [name for name, text in pages.items()
            if '<meta name="referrer" content="same-origin">' not in text] == []


def demo_replies() -> dict[str, list[str]]:
    """The demo's reply ids under each post's URL, read from the files."""
    found: dict[str, list[str]] = {}
    for path in sorted(CONTENT.glob("*/replies/*/*.md")):
        dept, post = path.parent.parent.parent.name, path.parent.name
        found.setdefault(f"{dept}/posts/{post}/", []).append(path.stem)
    return found


def test_every_reply_shows_on_its_posts_page_and_nowhere_else(
    site_files: dict[str, str]
) -> None:
    replies = demo_replies()
    assert sum(map(len, replies.values())) >= 10, "the demo should hold real discussions"
    for url, ids in replies.items():
        page = site_files[url + "index.html"]
        shown = re.findall(r'<div class="intranet-reply[^"]*">\n<h3 class="intranet-reply__meta" '
                           r'id="reply-([^"]+)"', page)
        assert sorted(shown) == sorted(ids), url
        count = f"{len(ids)} repl{'y' if len(ids) == 1 else 'ies'}"
        assert f'<h2 id="replies">{count}</h2>' in page
    assert [name for name in site_files if "/replies/" in name] == []
    in_search = [json.loads(text)["url"] for name, text in site_files.items()
                 if name.startswith("pagefind/fragment/")]
    assert len(in_search) > len(replies)  # the search index holds the posts ...
    assert [url for url in in_search if "/replies/" in url] == []  # ... and no reply page


def test_the_writing_script_can_offer_everyone_in_the_org_chart(
    site_files: dict[str, str], org: OrgChart
) -> None:
    people = json.loads(site_files["assets/intranet/people.json"])
    assert people == [{"handle": p.handle, "name": p.name}
                      for p in sorted(org.people, key=lambda p: p.name.casefold())]
    # ... loaded as a file of the site, which the Content-Security-Policy allows.
    assert "a[data-intranet-write]" in site_files["assets/javascripts/intranet.js"]
    assert '<script src="../../../assets/javascripts/intranet.js"></script>' in \
        site_files["engineering/posts/hackathon-winners/index.html"]
