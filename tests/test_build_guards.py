"""The build's backstops behind the checker, each proven with markup the checker is told
to let through (in a copy of the hooks): what the sanitizer would drop fails the build
with file and line, images from other hosts are dropped unless policy.yml allows their
host, and a page that makes the renderer fail or crawl stops the build with a finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import build, copy_project, edit, errors, render_budget, unchecked, write_post

POST = "content/engineering/posts/cut.md"
FIX = ("simplify the Markdown (very long runs of brackets or deeply nested lists are the "
       "usual cause) or split the page")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    copied = copy_project(tmp_path / "intranet")
    unchecked(copied)
    return copied


def test_whatever_the_sanitizer_drops_fails_the_build_with_its_line(repo: Path) -> None:
    write_post(repo, "engineering/posts/cut.md",
               "Before.\n\n"
               'A <marquee>moving</marquee> word, <span data-md-component="search">x</span>.\n\n'
               "![Logo](https://images.example.com/logo.png)\n\n"
               '<p align="center">Centred</p>\n')
    write_post(repo, "engineering/posts/cut-too.md", "<font>Old</font> markup.\n")
    built = build(repo)
    assert built.returncode == 1
    assert errors(built.stderr) == [
        "intranet: content/engineering/posts/cut-too.md:10:1: error sanitize-removed <font> "
        "is not allowed on the intranet, so it would vanish from the page; remove it, or "
        "write it in Markdown",
        f"intranet: {POST}:12:3: error sanitize-removed <marquee> is not allowed on the "
        "intranet, so it would vanish from the page; remove it, or write it in Markdown",
        f"intranet: {POST}:12:41: error sanitize-removed the data-md-component attribute of "
        "<span> is not allowed on the intranet, so it would vanish from the page; remove it",
        f"intranet: {POST}:14:9: error sanitize-removed the src of <img> "
        "(https://images.example.com/logo.png) would be fetched from images.example.com, "
        "outside the intranet, by every reader who opens the page, so it would vanish from "
        "the page; put the file next to the post, or ask the platform owners to add "
        "images.example.com under remote: allow in policy.yml",
        f"intranet: {POST}:16:4: error sanitize-removed the align attribute of <p> is not "
        "allowed on the intranet, so it would vanish from the page; remove it",
        "the intranet was not built: 5 policy error(s) above, found while rendering the pages",
    ]
    assert not (repo / "out" / "engineering" / "posts" / "cut").exists()


def test_images_from_an_allowed_host_stay(repo: Path) -> None:
    edit(repo / "policy.yml", r"^  allow: \[\]$", "  allow: [images.example.com]")
    write_post(repo, "engineering/posts/logo.md",
               "![Logo](https://images.example.com/logo.png)\n\n"
               "![Other](https://elsewhere.example/logo.png)\n")
    built = build(repo)
    assert errors(built.stderr)[0] == (
        "intranet: content/engineering/posts/logo.md:12:10: error sanitize-removed the src "
        "of <img> (https://elsewhere.example/logo.png) would be fetched from "
        "elsewhere.example, outside the intranet, by every reader who opens the page, so it "
        "would vanish from the page; put the file next to the post, or ask the platform "
        "owners to add elsewhere.example under remote: allow in policy.yml")
    edit(repo / "content/engineering/posts/logo.md", r"^!\[Other\].*$", "")
    assert build(repo).returncode == 0
    page = (repo / "out/engineering/posts/logo/index.html").read_text(encoding="utf-8")
    assert '<img alt="Logo" src="https://images.example.com/logo.png">' in page
    assert "img-src 'self' data: images.example.com;" in page


def test_a_page_that_renders_too_slowly_stops_the_build(repo: Path) -> None:
    render_budget(repo, 1)
    # Python-Markdown takes time quadratic in a run of brackets: many seconds for this.
    write_post(repo, "engineering/posts/slow.md", "[" * 8000 + "\n")
    built = build(repo)
    assert built.returncode == 1
    assert errors(built.stderr) == [
        "intranet: content/engineering/posts/slow.md: error render-timeout rendering this "
        f"page took longer than 1 s, so the build stopped it; {FIX}",
        "Error reading page 'engineering/posts/slow.md':",
        "the intranet was not built: 1 policy error(s) above, found while rendering the pages",
    ]
    assert "Traceback" not in built.stdout + built.stderr


def test_a_page_that_breaks_the_renderer_stops_the_build(repo: Path) -> None:
    # Lists nested 300 deep, indented by tabs: Python-Markdown recurses past Python's limit.
    write_post(repo, "engineering/posts/deep.md",
               "".join("\t" * depth + "- item\n" for depth in range(300)))
    built = build(repo)
    assert built.returncode == 1
    found = errors(built.stderr)
    assert found[0].startswith(
        "intranet: content/engineering/posts/deep.md: error render-failed rendering this "
        "page failed (RecursionError: maximum recursion depth exceeded")
    assert found[0].endswith(f"); {FIX}")
    assert found[1:] == [
        "Error reading page 'engineering/posts/deep.md':",
        "the intranet was not built: 1 policy error(s) above, found while rendering the pages",
    ]
    assert "Traceback" not in built.stdout + built.stderr
