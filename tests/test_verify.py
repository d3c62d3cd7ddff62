"""`intranet verify SITE_DIR`: a site that skipped the policy is refused before it is
published. Real builds of a copy of the intranet: one through the hooks (accepted), one by
an engine that ignores `hooks:` (refused), and a good site tampered with afterwards."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ENGINE, subprocess_env
from searchindex import SIGNATURE
from sitebuild import copy_project, edit

from intranet.site.search import indexed


def build(repo: Path, out: Path, strict: bool = True) -> None:
    done = subprocess.run([*ENGINE, "build", "-q", "-d", str(out),
                           *(["--strict"] if strict else [])], cwd=repo, capture_output=True,
                          text=True, check=False, env=subprocess_env(), timeout=300)
    assert done.returncode == 0, done.stderr


def verify(repo: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "intranet.cli.main", "verify", str(site)],
                          cwd=repo, capture_output=True, text=True, check=False,
                          env={**subprocess_env(), **env})


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    repo = copy_project(tmp_path_factory.mktemp("verify") / "intranet")
    build(repo, repo.parent / "site")
    return repo, repo.parent / "site"


@pytest.fixture
def tampered(good: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the good site, for a test to tamper with."""
    repo, built = good
    shutil.copytree(built, tmp_path / "site")
    return repo, tmp_path / "site"


def test_a_site_built_through_the_hooks_is_accepted(good: tuple[Path, Path]) -> None:
    repo, site = good
    done = verify(repo, site)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (f"{site} is the site this repository publishes today: built "
                           "through the intranet hooks, every page sanitized and under the "
                           "Content-Security-Policy.\n")


def test_a_build_that_ignored_the_hooks_is_refused(tmp_path: Path) -> None:
    # What an engine that reads mkdocs.yml but ignores `hooks:` builds (Zensical today).
    repo = copy_project(tmp_path / "intranet")
    edit(repo / "mkdocs.yml", r"^hooks:\n  - hooks/intranet_hooks.py\n", "")
    build(repo, tmp_path / "site", strict=False)
    assert (tmp_path / "site" / "marketing" / "posts" / "rebrand-teaser" / "index.html"
            ).is_file(), "without the hooks the draft is published"
    done = verify(repo, tmp_path / "site")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        f"{tmp_path / 'site'}: error verify-hooks there is no intranet-manifest.json: the "
        "site was not built through the intranet hooks (`hooks:` in mkdocs.yml), so none of "
        "the policy was applied; build it with `mkdocs build --strict` and those hooks",
        f"{tmp_path / 'site'} must not be published: 1 problem(s)"]


def test_a_tampered_site_is_refused_naming_every_problem(tampered: tuple[Path, Path]
                                                         ) -> None:
    repo, site = tampered
    # A held post slipped in, a reply as a page, an unmarked page, a post gone.
    draft = site / "marketing" / "posts" / "rebrand-teaser" / "index.html"
    draft.parent.mkdir(parents=True)
    draft.write_text("<html><head></head><body>Soon</body></html>", encoding="utf-8")
    reply = site / "it" / "replies" / "goodbye-vpn" / "20260915-0930-lena" / "index.html"
    reply.parent.mkdir(parents=True)
    shutil.copy(draft, reply)
    shutil.rmtree(site / "sales" / "posts" / "customer-advisory-board")
    gone = next(f for f, url in indexed(site) if url == "/sales/posts/customer-advisory-board/")
    done = verify(repo, site)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{reply}: error verify-unmarked the page lacks the Content-Security-Policy and the "
        "sanitizer's mark: it did not come through the intranet hooks; build the site again "
        "with them",
        f"{draft}: error verify-unmarked the page lacks the Content-Security-Policy and the "
        "sanitizer's mark: it did not come through the intranet hooks; build the site again "
        "with them",
        f"{draft}: error verify-held a draft post is published; it must not be until its day "
        "(or ever, for a draft): build the site with the intranet hooks",
        f"{site}/sales/posts/customer-advisory-board/index.html: error verify-missing a "
        "published post is missing from the site; build it again",
        f"{reply}: error verify-reply-page a reply is published as a page of its own, outside "
        "its post's discussion: build the site with the intranet hooks",
        f"{gone}: error verify-search the search index holds "
        "'/sales/posts/customer-advisory-board/', which is no page of this site: search "
        "would show words that are not published here; build the site again",
        f"{site} must not be published: 6 problem(s)"]


def test_a_search_index_holding_what_is_not_published_is_refused(
        tampered: tuple[Path, Path]) -> None:
    """Search shows its own copy of a page's words: an index holding a held post (made
    by hand, or left from another build) would publish them with no page at all."""
    repo, site = tampered
    held = {"url": "/marketing/posts/rebrand-teaser/", "content": "The new brand is ...",
            "meta": {"title": "Rebrand"}, "filters": {}, "anchors": [], "word_count": 4}
    crafted = site / "pagefind" / "fragment" / "en_0000000.pf_fragment"
    crafted.write_bytes(gzip.compress(SIGNATURE + json.dumps(held).encode()))
    broken = site / "pagefind-1" / "fragment" / "en_1111111.pf_fragment"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not gzip")
    done = verify(repo, site)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{crafted}: error verify-search the search index holds "
        "'/marketing/posts/rebrand-teaser/', which is no page of this site: search would show "
        "words that are not published here; build the site again",
        f"{broken}: error verify-search the search index holds 'an unreadable page', which is "
        "no page of this site: search would show words that are not published here; build "
        "the site again",
        f"{site} must not be published: 2 problem(s)"]


def test_a_site_built_for_another_day_is_refused(good: tuple[Path, Path]) -> None:
    repo, site = good
    done = verify(repo, site, INTRANET_TODAY="2027-02-01")
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == (f"{site}/intranet-manifest.json: error verify-day the site was built "
                        "for 2026-11-25, and today is 2027-02-01: what is published depends "
                        "on the day; build it again")
    # On that day the Manchester office opens: the old site lacks it.
    assert (f"{site}/hr/posts/new-office-opening/index.html: error verify-missing a published "
            "post is missing from the site; build it again") in lines
