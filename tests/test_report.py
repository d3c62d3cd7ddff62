"""Every published post has a "Report this post" link addressed to its section's
moderators: an e-mail by default, a pre-filled issue when a forge is configured."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from conftest import ENGINE, RecordingPage, run, serve
from playwright.sync_api import Browser

POST = "engineering/posts/hackathon-winners/"
SOURCE = "content/engineering/posts/hackathon-winners.md"
TITLE = "Report: Hackathon 2026: meet the winners"


def test_report_link_mails_the_section_moderators(page: RecordingPage) -> None:
    page.open(POST)
    link = page.page.get_by_role("link", name="Report this post")
    href = link.get_attribute("href") or ""
    address, _, query = href.partition("?")
    assert address == "mailto:grace@fieldstone.example,ken@fieldstone.example"
    fields = {k: unquote(v) for k, v in (p.split("=", 1) for p in query.split("&"))}
    assert fields == {"subject": TITLE, "body": (
        f"Post: http://127.0.0.1:8000/{POST}\nSource: {SOURCE}\nWhat is wrong:\n\n")}


def test_report_link_opens_a_prefilled_issue_on_github(project: Path, browser: Browser,
                                                       tmp_path: Path) -> None:
    site = tmp_path / "site"
    built = run(project, "env", "INTRANET_REPORT=github",
                "INTRANET_REPO_URL=https://github.com/fieldstone/intranet",
                "INTRANET_SITE_URL=https://intranet.fieldstone.example/",
                *ENGINE, "build", "--strict", "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    context = browser.new_context()
    tab = context.new_page()
    with serve(site) as url:
        tab.goto(url + "hr/posts/wellbeing-week/")
        href = tab.get_by_role("link", name="Report this post").get_attribute("href") or ""
    context.close()
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https", "github.com", "/fieldstone/intranet/issues/new")
    assert parse_qs(parts.query) == {
        "template": ["report-post.yml"], "labels": ["report"],
        "title": ["Report: Wellbeing week, 21 to 25 September"], "assignees": ["hana,omar"],
        "url": ["https://intranet.fieldstone.example/hr/posts/wellbeing-week/"],
        "path": ["content/hr/posts/wellbeing-week.md"]}
