"""No serious or critical accessibility failure on any page type readers meet, in light
and in dark: axe-core (the npm package scripts/test installs into .tools/, pinned and
integrity-checked) runs inside real Chromium on the built demo, served as GitHub Pages
serves it (a missing address gets 404.html). The pages are found in the build, not
named here once and for all: the post is the demo's most discussed one, the department
its section, the profile its first author's, and so on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, NamedTuple

import pytest
import yaml
from conftest import CONTENT, ROOT, BuiltSite
from playwright.sync_api import Browser, Page, expect

AXE = ROOT / ".tools" / "axe-core" / "node_modules" / "axe-core"
SEVERE = ("serious", "critical")
Scheme = Literal["light", "dark"]
SCHEMES: dict[Scheme, str] = {"light": "default", "dark": "slate"}  # Playwright's -> Material's
MISSING = "does-not-exist/"


class PageType(NamedTuple):
    paths: tuple[str, ...]  # under the site's root: one page, or each of a kind
    status: int = 200


def one(path: str, status: int = 200) -> PageType:
    return PageType((path,), status)


KINDS = ("home", "departments", "department", "post with replies", "posts with code",
         "people", "profile", "moderators", "tags", "tag", "policy", "how to post", "archive",
         "archive month", "not found")


@pytest.fixture(scope="module")
def axe_source() -> str:
    script = AXE / "axe.min.js"
    if not script.is_file():
        pytest.fail(f"axe-core is not installed at {AXE.relative_to(ROOT)}: run scripts/test, "
                    "which installs it (pinned, integrity-checked) before pytest")
    return script.read_text(encoding="utf-8")


def axe_version() -> str:
    return str(json.loads((AXE / "package.json").read_text(encoding="utf-8"))["version"])


def published(site: Path) -> list[Path]:
    """The source files under content/ of the posts this build published."""
    return [p for p in sorted(CONTENT.glob("*/posts/*.md"))
            if (site / post_path(p) / "index.html").is_file()]


def post_path(post: Path) -> str:
    return f"{post.parent.parent.name}/posts/{post.stem}/"


def most_discussed(site: Path) -> Path:
    """The published post with the most replies."""
    def replies(post: Path) -> int:
        return len(list((CONTENT / post.parent.parent.name / "replies" / post.stem)
                        .glob("*.md")))

    post = max(published(site), key=replies)
    assert replies(post) > 0, "the demo has no published post with replies"
    return post


def with_code(site: Path) -> tuple[str, ...]:
    """Every published post with a block of code: the theme colours each kind of token
    differently, so each post may meet a colour the others do not."""
    found = [post_path(p) for p in published(site)
             if "\n```" in p.read_text(encoding="utf-8")]
    assert found, "the demo has no published post with a code block"
    return tuple(found)


def first_page(site: Path, pattern: str) -> str:
    """The first page of the build whose folder matches `pattern`, as a URL path."""
    found = sorted(site.glob(f"{pattern}/index.html"))
    assert found, f"the build has no page at {pattern}/"
    return found[0].parent.relative_to(site).as_posix() + "/"


@pytest.fixture(scope="module")
def page_types(built_site: BuiltSite) -> dict[str, PageType]:
    site = built_site.directory
    post = most_discussed(site)
    dept = post.parent.parent.name
    meta = yaml.safe_load(post.read_text(encoding="utf-8").split("---\n", 2)[1])
    found = {
        "home": one(""),
        "departments": one("departments/"),
        "department": one(f"{dept}/"),
        "post with replies": one(post_path(post)),
        "posts with code": PageType(with_code(site)),
        "people": one("people/"),
        "profile": one(f"people/{meta['authors'][0]}/"),
        "moderators": one("moderators/"),
        "tags": one("tags/"),
        "tag": one(first_page(site, "tags/*")),
        "policy": one("policy/"),
        "how to post": one("how-to-post/"),
        "archive": one("archive/"),
        "archive month": one(first_page(site, "archive/*/*")),
        "not found": one(MISSING, 404),
    }
    assert tuple(found) == KINDS
    return found


@pytest.fixture(params=list(SCHEMES))
def scheme_tab(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[Page, Scheme]]:
    """A tab whose browser prefers the light or the dark scheme."""
    scheme: Scheme = request.param
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800},
                                  locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(15_000)
    try:
        yield context.new_page(), scheme
    finally:
        context.close()


def violations(tab: Page, axe_source: str) -> list[dict[str, Any]]:
    # evaluate() runs as the browser's own tooling, which the page's CSP does not govern:
    # a <script> tag of axe's source would be an inline script, and rightly refused.
    tab.evaluate(axe_source + "\n;undefined")
    found = tab.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(" "))}));
    }""")
    assert isinstance(found, list)
    return [v for v in found if v["impact"] in SEVERE]


def described(found: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {v['id']} ({v['impact']}): {v['help']}\n"
                     + "".join(f"    {target}\n" for target in v["targets"]) for v in found)


@pytest.mark.parametrize("kind", KINDS)
def test_no_serious_accessibility_violation(
    kind: str, page_types: dict[str, PageType], scheme_tab: tuple[Page, Scheme], site_url: str,
    axe_source: str,
) -> None:
    tab, scheme = scheme_tab
    page_type = page_types[kind]
    report = []
    for path in page_type.paths:
        response = tab.goto(site_url + path, wait_until="networkidle")
        assert response is not None
        assert response.status == page_type.status, f"/{path} answered {response.status}"
        # The scheme under test is the one the page shows, not only the one asked for.
        expect(tab.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
        found = violations(tab, axe_source)
        if found:
            report.append(f"/{path}: {len(found)} serious or critical violation(s)\n"
                          f"{described(found)}")
    assert report == [], (f"axe-core {axe_version()} on {kind} pages ({scheme}):\n"
                          + "\n".join(report))
