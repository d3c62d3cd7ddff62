"""The Atom feeds of a real build, read by a real feed parser (feedparser): one for the
company, each department, each tag and each person; only published posts; absolute
links under site_url; ids and bytes that do not change from one build to the next; and
each page naming its feed for feed readers to find."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from conftest import CONTENT, ENGINE, TODAY, BuiltSite, OrgChart, PostFile, subprocess_env
from sitebuild import copy_project, write_post

SITE = "https://intranet.fieldstone.example/"


def build(repo: Path, out: Path) -> Path:
    done = subprocess.run([*ENGINE, "build", "--strict", "-q", "-d",
                           str(out)], cwd=repo, capture_output=True, text=True, check=False,
                          env={**subprocess_env(), "INTRANET_SITE_URL": SITE}, timeout=300)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copy_project(tmp_path_factory.mktemp("feeds") / "intranet")
    return build(repo, repo.parent / "site")


def parse(path: Path) -> Any:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    return feed


def published(posts: tuple[PostFile, ...]) -> list[PostFile]:
    return sorted((p for p in posts if p.status(TODAY) == "published"),
                  key=lambda p: (p.date, p.src), reverse=True)


def url(post: PostFile) -> str:
    return SITE + post.url


def tags(post: PostFile) -> list[str]:
    meta = yaml.safe_load((CONTENT / post.src).read_text(encoding="utf-8").split("---\n")[1])
    return list(meta.get("tags") or [])


def test_every_feed_parses_and_there_is_one_per_listing(site: Path, org: OrgChart,
                                                         posts: tuple[PostFile, ...]) -> None:
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("feed.xml"))
    used = sorted({t for p in published(posts) for t in tags(p)})
    assert found == sorted(["feed.xml", *(f"{d.id}/feed.xml" for d in org.departments),
                            *(f"tags/{t}/feed.xml" for t in used),
                            *(f"people/{p.handle}/feed.xml" for p in org.people)])
    for path in found:
        parse(site / path)


def test_the_company_feed_holds_the_published_posts_newest_first(
        site: Path, posts: tuple[PostFile, ...]) -> None:
    feed = parse(site / "feed.xml")
    assert feed.feed.title == "Fieldstone intranet"
    assert feed.feed.id == SITE + "feed.xml"
    assert [e.id for e in feed.entries] == [url(p) for p in published(posts)][:50]
    assert [e.link for e in feed.entries] == [e.id for e in feed.entries]
    held = {url(p) for p in posts if p.status(TODAY) != "published"}
    assert held and not held & {e.id for e in feed.entries}


def test_an_entry_names_its_authors_department_and_tags(site: Path) -> None:
    feed = parse(site / "engineering" / "feed.xml")
    assert feed.feed.title == "Engineering · Fieldstone intranet"
    [entry] = [e for e in feed.entries if e.title == "Hackathon 2026: meet the winners"]
    assert [(a.name, a.href) for a in entry.authors] == [
        ("Eve Martins", SITE + "people/eve/"), ("Grace Okafor", SITE + "people/grace/")]
    assert [(t.term, t.scheme) for t in entry.tags] == [
        ("engineering", SITE + "engineering/"), ("events", SITE + "tags/events/"),
        ("culture", SITE + "tags/culture/")]
    assert entry.summary.startswith("Forty-three people, eleven teams")
    assert entry.published == "2026-10-09T00:00:00+00:00"


def test_a_persons_and_a_tags_feed_hold_only_theirs(site: Path) -> None:
    eve = parse(site / "people" / "eve" / "feed.xml")
    assert eve.entries and all("Eve Martins" in [a.name for a in e.authors]
                               for e in eve.entries)
    security = parse(site / "tags" / "security" / "feed.xml")
    assert security.entries and all("security" in [t.term for t in e.tags]
                                    for e in security.entries)


def test_feeds_are_the_same_bytes_from_one_build_to_the_next(site: Path, tmp_path: Path
                                                             ) -> None:
    repo = copy_project(tmp_path / "intranet")
    again = build(repo, tmp_path / "again")
    for path in site.rglob("feed.xml"):
        assert (again / path.relative_to(site)).read_bytes() == path.read_bytes(), path


def test_a_feed_holds_the_latest_fifty(tmp_path: Path) -> None:
    repo = copy_project(tmp_path / "intranet")
    for n in range(60):
        write_post(repo, f"engineering/posts/note-{n:02d}.md", f"Note {n}.\n",
                   title=f"Note {n:02d}")
    feed = parse(build(repo, tmp_path / "site") / "engineering" / "feed.xml")
    assert len(feed.entries) == 50


@pytest.mark.parametrize(("page", "title"), [
    ("index.html", "Fieldstone intranet"),
    ("engineering/index.html", "Engineering · Fieldstone intranet"),
    ("tags/security/index.html", "#security · Fieldstone intranet"),
    ("people/eve/index.html", "Eve Martins · Fieldstone intranet"),
])
def test_each_listing_page_names_its_feed(built_site: BuiltSite, page: str, title: str) -> None:
    text = (built_site.directory / page).read_text(encoding="utf-8")
    found = re.findall(r'<link rel="alternate feed" type="application/atom\+xml"\s+'
                       r'title="([^"]+)" href="([^"]+)">', text)
    assert found == [(title.replace("&", "&amp;"), "feed.xml")]
    # And says so to people, beside the listing.
    assert text.count('<a class="intranet-subscribe" href="feed.xml">Subscribe</a>') == 1
    assert (built_site.directory / page).with_name("feed.xml").is_file()
