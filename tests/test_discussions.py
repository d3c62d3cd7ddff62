"""Discussions as readers see them, in real Chromium: a copy of the intranet with a
conversation of its own (a reply, a reply to it, a hostile reply, a closed discussion, an
empty one), built strictly without a forge and with one. Replies show under their post
with their authors, time, permalink and a sanitized body; counts, mentions and active
discussions are right wherever they show; search finds a reply's words on its post; and
the Reply link, filled in by the site's script, opens the forge's editor with a file that
`intranet check` passes once a body is written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ENGINE, TODAY, intranet, run, serve
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from sitebuild import build, copy_project, edit, errors, render_budget, unchecked, watched

from intranet.site.write import URL_LIMIT

POST = "engineering/posts/talk.md"
URL = "engineering/posts/talk/"
TITLE = "Talk of the town"
GRACE, KEN, RAVI = "20261125-0900-grace", "20261125-0930-ken", "20261125-1000-ravi"
REPO_URL = "https://github.com/fieldstone/intranet"
POST_BODY = """Thanks to @ravi for the idea of a town hall, and to everyone who came.

It was a good one[^1].

[^1]: The post's own note.
"""
REPLIES = {
    GRACE: ("grace", "", "Well done @eve! The teams are described in "
            "[how we work](../../how-we-work.md#teams).\n"),
    KEN: ("ken", GRACE, "Agreed, flabbergasting work[^1].\n\n[^1]: Said the judges.\n"),
    # Tries to take the site's ids and run script: it may do neither.
    RAVI: ("ravi", "", "## Headline {#reply-20261125-0900-grace}\n\n"
           "Text &lt;script&gt;alert(1)&lt;/script&gt; and <span id=\"replies\">a span</span> "
           "and <a name=\"__search\">a name</a>. Back to "
           "[Grace's reply](#reply-20261125-0900-grace).\n"),
}
MODERATORS = (
    "Replies to a post are moderated by the same people as the post's section: a reply "
    "appears only after one of them approves it.",
    "To close a discussion, a moderator sets replies: closed in the post's front-matter, a "
    "change approved by the section's moderators like any other there. The post then says "
    "\"Replies are closed\", shows no Reply link, and takes no new replies; the replies it "
    "has stay.\nTo remove a reply, a moderator deletes it in a reviewed change, the way a "
    "post is taken down; the replies answering it go with it (intranet check names them).",
)


def post_file(title: str, body: str, extra: str = "") -> str:
    return (f"---\ntitle: {title}\ndate: {TODAY.isoformat()}\nauthors: [eve]\n"
            f"department: engineering\nclassification: internal\npolicy: \"2026.1\"\n"
            f"{extra}---\n\n{body}")


def reply_file(post: str, author: str, when: str, body: str, parent: str = "") -> str:
    answers = f"in_reply_to: {parent}\n" if parent else ""
    return (f"---\npost: {post}\n{answers}authors: [{author}]\ndate: {when}\n"
            f"classification: internal\npolicy: \"2026.1\"\n---\n\n{body}")


def write(repo: Path, src: str, text: str) -> Path:
    path = repo / "content" / src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def conversation(repo: Path) -> Path:
    """The copy's own posts and replies, beside the demo's."""
    write(repo, POST, post_file(TITLE, POST_BODY))
    for name, (author, parent, body) in REPLIES.items():
        when = f"{name[:4]}-{name[4:6]}-{name[6:8]} {name[9:11]}:{name[11:13]}"
        write(repo, f"engineering/replies/talk/{name}.md",
              reply_file(POST, author, when, body, parent))
    write(repo, "engineering/posts/hush.md",
          post_file("Hush", "A quiet post.\n", extra="replies: closed\n"))
    write(repo, "engineering/replies/hush/20261125-0800-zoe.md",
          reply_file("engineering/posts/hush.md", "zoe", "2026-11-25 08:00", "Before.\n"))
    write(repo, "engineering/posts/quiet.md", post_file("Quiet", "Nobody answered.\n"))
    return repo


def built(repo: Path, *env: str) -> Path:
    done = run(repo, "env", *env, *ENGINE, "build", "--strict",
               "--site-dir", str(repo / "out"))
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    return repo / "out"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = conversation(copy_project(tmp_path_factory.mktemp("talk") / "intranet"))
    with serve(built(repo)) as url:
        yield url


@pytest.fixture(scope="module")
def forge_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    repo = conversation(copy_project(tmp_path_factory.mktemp("forge") / "intranet"))
    out = built(repo, "INTRANET_FORGE=github", f"INTRANET_REPO_URL={REPO_URL}")
    with serve(out) as url:
        yield url, out


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A context whose console must stay free of errors (script errors, policy
    violations) and in which no script of a post may run."""
    opened = watched(browser)
    problems: list[str] = []
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.on("weberror", lambda error: problems.append(str(error.error)))
    yield opened
    for tab in opened.pages:
        assert tab.evaluate("window.__xss") is None
        assert tab.evaluate("window.__csp") == []
    opened.close()
    assert problems == []


@pytest.fixture
def tab(context: BrowserContext) -> Page:
    return context.new_page()


def href(page: Page, selector: str) -> str:
    return str(page.locator(selector).evaluate("a => a.href"))


def body_of(anchor: str) -> str:
    """The body of the reply whose heading is #reply-<anchor>."""
    return f".intranet-reply:has(> #reply-{anchor}) > .intranet-reply__body"


def reply_of(page: Page, anchor: str) -> Locator:
    """A reply's block: its heading (#reply-<anchor>), its body, the replies to it."""
    return page.locator(f".intranet-reply:has(> #reply-{anchor})")


# --- what readers see -------------------------------------------------------------------


def test_replies_show_under_their_post_oldest_first_one_level_deep(tab: Page, site: str
                                                                    ) -> None:
    tab.goto(site + URL)
    talk = tab.locator("section.intranet-discussion")
    expect(talk.locator("> h2")).to_have_text("3 replies")
    expect(talk.locator("> .intranet-reply")).to_have_count(2)
    assert talk.locator(".intranet-reply__meta").evaluate_all("els => els.map(e => e.id)") == [
        f"reply-{GRACE}", f"reply-{KEN}", f"reply-{RAVI}"]
    nested = reply_of(tab, GRACE).locator("> .intranet-reply--nested > .intranet-reply__meta")
    expect(nested).to_have_attribute("id", f"reply-{KEN}")
    expect(tab.locator(f"#reply-{GRACE}")).to_have_text(
        "Grace Okafor · 25 November 2026, 09:00")
    # Her face beside her name, as in every byline: the site's own image, decoration only.
    face = tab.locator(f"#reply-{GRACE} img.avatar")
    expect(face).to_have_attribute("alt", "")
    assert face.evaluate("img => img.naturalWidth > 0 && new URL(img.src).pathname") == \
        "/assets/intranet/avatars/grace.svg"
    assert href(tab, f"#reply-{GRACE} a >> nth=0") == \
        site + "people/grace/"
    permalink = tab.locator(f"#reply-{GRACE} a.intranet-reply__permalink")
    expect(permalink).to_have_attribute("href", f"#reply-{GRACE}")
    permalink.click()
    expect(tab).to_have_url(site + URL + f"#reply-{GRACE}")
    expect(tab.locator(f"#reply-{KEN}")).to_have_text(
        "Ken Larsen · 25 November 2026, 09:30")
    # The discussion is in the table of contents.
    toc = tab.locator("nav.md-nav--secondary a.md-nav__link").last
    expect(toc).to_have_text("3 replies")
    expect(toc).to_have_attribute("href", "#replies")


def test_a_reply_is_rendered_with_the_sites_markdown_and_its_links(tab: Page, site: str
                                                                   ) -> None:
    tab.goto(site + URL)
    grace = tab.locator(body_of(GRACE))
    expect(grace).to_have_text("Well done @eve! The teams are described in how we work.")
    assert href(tab, f"{body_of(GRACE)} >> role=link[name='@eve']") == \
        site + "people/eve/"
    # Relative to the reply's file, as MkDocs resolves a page's links.
    assert href(tab, f"{body_of(GRACE)} >> role=link[name='how we work']") == \
        site + "engineering/how-we-work/#user-content-teams"
    # Footnotes restart in each reply: scoped to it, they never jump to the post's.
    ref = tab.locator(f"{body_of(KEN)} a.footnote-ref")
    expect(ref).to_have_attribute("href", f"#user-content-{KEN}-fn:1")
    ref.click()
    expect(tab).to_have_url(site + URL + f"#user-content-{KEN}-fn:1")
    expect(tab.locator(f'[id="user-content-{KEN}-fn:1"]')).to_contain_text("Said the judges.")
    expect(tab.locator('[id="user-content-fn:1"]')).to_contain_text("The post's own note.")


def test_a_hostile_reply_is_text_and_takes_no_id_of_the_sites(tab: Page, site: str) -> None:
    tab.goto(site + URL)
    ravi = tab.locator(body_of(RAVI))
    expect(ravi.locator("h2")).to_have_text("Headline¶")  # the pilcrow shows on hover
    expect(ravi.locator("p")).to_have_text(
        "Text <script>alert(1)</script> and a span and a name. Back to Grace's reply.")
    assert tab.evaluate(f"""() => [...document.querySelectorAll(
        '[id="reply-{GRACE}"], [id="replies"], [name="__search"]')]
        .map(e => e.tagName + '.' + e.className)""") == [
        "H2.", "H3.intranet-reply__meta"]
    assert ravi.locator("h2").get_attribute("id") == f"user-content-{RAVI}-reply-{GRACE}"
    assert ravi.locator("span").get_attribute("id") == "user-content-replies"
    assert ravi.locator("a[name]").get_attribute("name") == "user-content-__search"
    assert tab.evaluate("document.getElementById('__search').tagName") == "INPUT"
    # A link to a reply keeps its anchor: it leads to the reply, not to the look-alike.
    link = ravi.get_by_role("link", name="Grace's reply")
    expect(link).to_have_attribute("href", f"#reply-{GRACE}")
    assert tab.locator("article script").count() == 0


def test_counts_show_on_the_home_page_department_profile_and_post(tab: Page, site: str
                                                                  ) -> None:
    for path in ("", "engineering/", "people/eve/"):
        tab.goto(site + path)
        entry = tab.locator(".intranet-feed li").filter(
            has=tab.get_by_role("link", name=TITLE, exact=True))
        expect(entry).to_contain_text(" · today · 1 min read · 3 replies")
    tab.goto(site + "engineering/")
    quiet = tab.locator(".intranet-feed li").filter(has=tab.get_by_role("link", name="Quiet"))
    expect(quiet).to_contain_text(" · 1 min read · 0 replies")
    tab.goto(site + URL)
    expect(tab.locator(".intranet-byline")).to_have_text(
        "Eve Martins · Engineering · today · 1 min read · 3 replies")


def test_the_home_page_lists_active_discussions(tab: Page, site: str) -> None:
    tab.goto(site)
    expect(tab.get_by_role("heading", name="Active discussions")).to_be_visible()
    latest = tab.locator(".intranet-active li").first
    expect(latest).to_have_text(
        f"{TITLE} · 3 replies Latest reply by Ravi Shankar, 25 November 2026, 10:00")
    assert href(tab, ".intranet-active li >> nth=0 >> role=link[name='25 November 2026, "
                "10:00']") == site + URL + f"#reply-{RAVI}"
    assert href(tab, ".intranet-active li >> nth=0 >> role=link[name='Ravi Shankar']") == \
        site + "people/ravi/"


def test_a_mention_links_to_the_profile_which_lists_it(tab: Page, site: str) -> None:
    tab.goto(site + URL)
    mention = tab.locator("article .intranet-byline ~ p").get_by_role("link", name="@ravi")
    expect(mention).to_have_attribute("href", "../../../people/ravi/")
    tab.goto(site + "people/ravi/")
    post = tab.locator("#user-content-mentioned-in + ul li").filter(
        has=tab.get_by_role("link", name=TITLE, exact=True))
    expect(post).to_have_text(f"{TITLE}: a post by Eve Martins, 25 November 2026")
    tab.goto(site + "people/eve/")
    item = tab.locator(f'#user-content-mentioned-in + ul li:has(a[href$="#reply-{GRACE}"])')
    expect(item).to_have_text(f"{TITLE}: a reply by Grace Okafor, 25 November 2026, 09:00")
    item.get_by_role("link", name=TITLE).click()
    expect(tab).to_have_url(site + URL + f"#reply-{GRACE}")


def test_a_closed_discussion_says_so_and_has_no_reply_link(tab: Page, site: str) -> None:
    tab.goto(site + "engineering/posts/hush/")
    talk = tab.locator("section.intranet-discussion")
    expect(talk.locator("> h2")).to_have_text("1 reply")
    expect(talk.locator(".intranet-discussion__closed")).to_have_text("Replies are closed.")
    expect(talk.get_by_role("link", name=re.compile("^Reply"))).to_have_count(0)
    tab.goto(site + "engineering/posts/quiet/")
    expect(tab.locator(".intranet-discussion__empty")).to_have_text(
        "No replies yet. Be the first: replies appear here once one of the Engineering "
        "moderators approves them.")


def test_search_finds_a_replys_words_on_its_post(tab: Page, site: str) -> None:
    tab.goto(site)
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill("flabbergasting")
    box.press("End")
    expect(tab.locator(".md-search-result__meta")).to_have_text("1 matching document")
    result = tab.locator(".md-search-result__item")
    expect(result.locator("h1")).to_have_text(TITLE)
    # The reply is shown apart, under its post, by who wrote it and when: the heading
    # the site gives it.
    reply = result.locator("a.md-search-result__link").nth(1)
    expect(reply.locator("h2")).to_have_text("Reply by Ken Larsen · 25 November 2026, 09:30")
    expect(reply.locator("mark")).to_have_text("flabbergasting")
    assert urlsplit(reply.evaluate("a => a.href"))[2:5] == (
        "/" + URL, "h=flabbergasting", f"reply-{KEN}")
    reply.click()
    expect(tab).to_have_url(site + URL + f"?h=flabbergasting#reply-{KEN}")
    expect(tab.locator("#__search")).not_to_be_checked()  # the search dialog closed
    expect(reply_of(tab, KEN).locator("mark")).to_have_text("flabbergasting")


def test_a_reply_has_no_page_of_its_own(browser: Browser, site: str) -> None:
    context = browser.new_context()  # not `tab`: the 404 is what this test expects
    tab = context.new_page()
    response = tab.goto(site + f"engineering/replies/talk/{GRACE}/")
    assert response is not None
    assert response.status == 404
    context.close()


def test_without_a_forge_the_links_lead_to_how_to_post_and_show_the_command(
        tab: Page, site: str) -> None:
    tab.goto(site + URL)
    reply = tab.locator("section.intranet-discussion").get_by_role("link", name="Reply",
                                                                     exact=True)
    expect(reply).to_have_attribute("href", "../../../how-to-post/#user-content-replying")
    expect(tab.locator(".intranet-discussion .intranet-write__hint")).to_have_text(
        "In your clone of the intranet, run intranet reply engineering/posts/talk.md. One of "
        "the Engineering moderators reviews your reply before it appears here.")
    reply.click()
    expect(tab).to_have_url(site + "how-to-post/#user-content-replying")
    expect(tab.locator("#user-content-replying")).to_be_in_viewport()
    tab.goto(site + "engineering/")
    expect(tab.get_by_role("link", name="Write a post")).to_have_attribute(
        "href", "../how-to-post/")
    expect(tab.locator(".intranet-write__hint")).to_have_text(
        'In your clone of the intranet, run intranet new --department engineering --title '
        '"Title of your post". One of the Engineering moderators reviews your post before '
        "it is published.")


def test_the_moderators_page_says_how_discussions_are_closed_and_replies_removed(
        tab: Page, site: str) -> None:
    tab.goto(site + "moderators/")
    heading = tab.get_by_role("heading", name="Discussions")
    expect(heading).to_be_visible()
    text = tab.locator("#user-content-discussions ~ *").evaluate_all(
        "els => els.slice(0, 2).map(e => e.innerText)")
    assert tuple(text) == MODERATORS


# --- writing from the site, with a forge --------------------------------------------------


def choose(tab: Page, who: str) -> None:
    tab.locator(".intranet-who select").select_option(label=who)


def editor_file(url: str) -> tuple[str, str, str]:
    """(folder, file name, content) of a GitHub new-file editor address."""
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("https", "github.com")
    prefix = "/fieldstone/intranet/new/main/"
    assert parts.path.startswith(prefix)
    query = parse_qs(parts.query, keep_blank_values=True)
    assert set(query) == {"filename", "value"}
    return parts.path.removeprefix(prefix), query["filename"][0], query["value"][0]


def checks(tmp_path: Path, folder: str, name: str, text: str, *extra: tuple[str, str]
           ) -> str:
    """`intranet check` of the file, with a body, in a fresh copy of the intranet."""
    repo = conversation(copy_project(tmp_path / "intranet"))
    for src, content in extra:
        write(repo, src, content)
    path = repo / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)  # as the forge's editor makes a new folder
    path.write_text(text + "Count me in.\n", encoding="utf-8")
    done = intranet(repo, "check", str(path.relative_to(repo)))
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_reply_link_opens_the_forges_editor_with_a_file_that_passes_the_check(
        tab: Page, forge_site: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = forge_site
    tab.goto(url + URL)
    choose(tab, "Ravi Shankar (ravi)")
    link = tab.locator("section.intranet-discussion").get_by_role("link", name="Reply",
                                                                    exact=True)
    folder, name, text = editor_file(str(link.get_attribute("href")))
    assert folder == "content/engineering/replies/talk"
    stamp = re.fullmatch(r"(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})-ravi\.md", name)
    assert stamp is not None, name
    year, month, day, hour, minute = stamp.groups()
    assert text == ("---\npost: engineering/posts/talk.md\nauthors: [ravi]\n"
                    f"date: {year}-{month}-{day} {hour}:{minute}\n"
                    'classification: internal\npolicy: "2026.1"\n---\n\n')
    assert checks(tmp_path, folder, name, text) == \
        "checked 1 file(s): 0 error(s), 0 warning(s)\n"
    expect(tab.locator(".intranet-write__hint")).to_be_hidden()


def test_reply_to_this_answers_that_reply(tab: Page, forge_site: tuple[str, Path],
                                          tmp_path: Path) -> None:
    url, _ = forge_site
    tab.goto(url + URL)
    choose(tab, "Zoe Adeyemi (zoe)")
    link = reply_of(tab, GRACE).get_by_role("link", name="Reply to this")
    folder, name, text = editor_file(str(link.get_attribute("href")))
    assert text.startswith(f"---\npost: engineering/posts/talk.md\nin_reply_to: {GRACE}\n"
                           "authors: [zoe]\n")
    assert checks(tmp_path, folder, name, text) == \
        "checked 1 file(s): 0 error(s), 0 warning(s)\n"
    # One level deep: the reply to a reply offers no reply of its own.
    expect(reply_of(tab, KEN).get_by_role("link", name="Reply to this")
           ).to_have_count(0)


def test_the_choice_is_remembered_and_write_a_post_passes_the_check(
        tab: Page, forge_site: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = forge_site
    tab.goto(url + URL)
    choose(tab, "Eve Martins (eve)")
    tab.goto(url + "engineering/")
    expect(tab.locator(".intranet-who select")).to_have_value("eve")
    link = tab.get_by_role("link", name="Write a post")
    expect(link).to_have_attribute("href", re.compile(r"filename=new-post-\d{8}-\d{4}-eve\.md"))
    folder, name, text = editor_file(str(link.get_attribute("href")))
    assert folder == "content/engineering/posts/2026"  # the year of INTRANET_TODAY
    assert re.fullmatch(r'---\ntitle: "Title of your post"\ndate: \d{4}-\d{2}-\d{2}\n'
                        r'authors: \[eve\]\ndepartment: engineering\n'
                        r'classification: internal\npolicy: "2026.1"\n---\n\n', text), text
    assert checks(tmp_path, folder, name, text) == \
        "checked 1 file(s): 0 error(s), 0 warning(s)\n"


def test_without_script_the_links_hold_placeholders_and_say_so(
        browser: Browser, forge_site: tuple[str, Path]) -> None:
    url, _ = forge_site
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(url + URL)
    link = tab.locator("section.intranet-discussion").get_by_role("link", name="Reply",
                                                                    exact=True)
    folder, name, text = editor_file(str(link.get_attribute("href")))
    assert (folder, name) == ("content/engineering/replies/talk", "YYYYMMDD-HHMM-YOUR-HANDLE.md")
    assert "authors: [YOUR-HANDLE]\ndate: YYYY-MM-DD HH:MM\n" in text
    expect(tab.locator(".intranet-discussion .intranet-write__hint")).to_have_text(
        "The editor opens with placeholders: replace YOUR-HANDLE with your handle, and "
        "YYYYMMDD-HHMM and YYYY-MM-DD HH:MM with the date and time, in the file name and the "
        "front-matter.")
    expect(tab.locator(".intranet-who")).to_have_count(0)
    context.close()


def test_the_closed_discussion_offers_no_editor(tab: Page, forge_site: tuple[str, Path]
                                                ) -> None:
    url, _ = forge_site
    tab.goto(url + "engineering/posts/hush/")
    expect(tab.locator("a[data-intranet-write]")).to_have_count(0)
    expect(tab.locator(".intranet-who")).to_have_count(0)


def test_every_editor_link_stays_well_under_what_forges_accept(
        forge_site: tuple[str, Path]) -> None:
    _, out = forge_site
    found = [re.sub("&amp;", "&", u) for page in out.rglob("*.html")
             for u in re.findall(r'<a href="([^"]+)"[^>]*data-intranet-write',
                                 page.read_text(encoding="utf-8"))]
    assert len(found) > 30  # every post of the demo, its replies and its departments
    longest = max(map(len, found))
    assert longest <= URL_LIMIT
    assert longest < 1000  # what the demo produces today: a few hundred characters


# --- backstops: the build stops, naming the reply ----------------------------------------


def test_what_the_sanitizer_drops_from_a_reply_names_the_replys_line(tmp_path: Path
                                                                      ) -> None:
    repo = conversation(copy_project(tmp_path / "intranet"))
    unchecked(repo)
    write(repo, "engineering/replies/talk/20261125-1100-tom.md", reply_file(
        POST, "tom", "2026-11-25 11:00", 'See <img src="https://evil.example/p.png" alt="p"> '
        "here.\n"))
    done = build(repo)
    assert done.returncode == 1
    assert errors(done.stderr) == [
        "intranet: content/engineering/replies/talk/20261125-1100-tom.md:9:15: error "
        "sanitize-removed the src of <img> (https://evil.example/p.png) would be fetched from "
        "evil.example, outside the intranet, by every reader who opens the page, so it would "
        "vanish from the page; put the file next to the post, or ask the platform owners to "
        "add evil.example under remote: allow in policy.yml",
        "the intranet was not built: 1 policy error(s) above, found while rendering the pages",
    ]


def test_a_reply_that_renders_too_slowly_stops_the_build(tmp_path: Path) -> None:
    repo = conversation(copy_project(tmp_path / "intranet"))
    unchecked(repo)
    render_budget(repo, 1)
    write(repo, "engineering/replies/talk/20261125-1100-tom.md",
          reply_file(POST, "tom", "2026-11-25 11:00", "[" * 8000 + "\n"))
    done = build(repo)
    assert done.returncode == 1
    assert errors(done.stderr) == [
        "intranet: content/engineering/replies/talk/20261125-1100-tom.md: error "
        "render-timeout rendering this page took longer than 1 s, so the build stopped it; "
        "simplify the Markdown (very long runs of brackets or deeply nested lists are the "
        "usual cause) or split the page",
        "Error reading page 'engineering/posts/talk.md':",
        "the intranet was not built: 1 policy error(s) above, found while rendering the pages",
    ]
    assert "Traceback" not in done.stdout + done.stderr


def test_a_broken_link_in_a_reply_fails_the_strict_build_naming_the_reply(tmp_path: Path
                                                                          ) -> None:
    repo = conversation(copy_project(tmp_path / "intranet"))
    write(repo, "engineering/replies/talk/20261125-1100-tom.md", reply_file(
        POST, "tom", "2026-11-25 11:00",
        "See [nowhere](../../how-we-work.md#nowhere) and [gone](gone.md).\n"))
    done = build(repo, "--strict")
    assert done.returncode == 1
    assert [line for line in done.stderr.splitlines() if "WARNING" in line] == [
        "WARNING -  Doc file 'engineering/replies/talk/20261125-1100-tom.md' contains a link "
        "'gone.md', but the target 'engineering/replies/talk/gone.md' is not found among "
        "documentation files.",
        "WARNING -  Doc file 'engineering/replies/talk/20261125-1100-tom.md' contains a link "
        "'../../how-we-work.md#nowhere', but the doc 'engineering/how-we-work.md' does not "
        "contain an anchor '#nowhere'.",
    ]


def test_reply_links_need_how_to_posts_section_on_replying(tmp_path: Path) -> None:
    repo = copy_project(tmp_path / "intranet")
    edit(repo / "content/how-to-post.md", r"^## Replying$", "## Answering")
    done = build(repo, "--strict")
    assert done.returncode == 1
    assert [line for line in done.stderr.splitlines() if "WARNING" in line] == [
        "WARNING -  intranet: the Reply links lead to how-to-post.md#replying, which has no "
        "such heading; put a `## Replying` section back in content/how-to-post.md"]
