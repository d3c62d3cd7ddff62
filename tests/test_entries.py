"""How a post reads in every listing and under its title: its title, its authors' faces and
names, its department, tags, reply count, reading time and date; the date said as "3 days
ago" by the reader's browser with the full date kept in the page; an excerpt that ends
where a sentence or paragraph does (or where the author wrote `<!-- more -->`); and a
hierarchy that reads at a glance, on a desktop and on a 390 px phone, in light and dark."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Literal

import pytest
from conftest import ENGINE, NOON, ROOT, TODAY, RecordingPage, run, serve
from playwright.sync_api import Browser, Page, expect
from sitebuild import copy_project

from intranet.config.org import load_org
from intranet.config.policy import load_policy
from intranet.policy.checker import check_tree
from intranet.policy.meta import Context
from intranet.site.entry import entry
from intranet.site.plan import Site, build_site
from intranet.site.posts import EXCERPT_CHARS, excerpt

CTX = Context(load_policy(ROOT / "policy.yml"), load_org(ROOT / "org.yml"))
HACKATHON = "engineering/posts/hackathon-winners/"


# --- Excerpts ----------------------------------------------------------------------

def test_an_authors_more_marker_ends_the_excerpt() -> None:
    body = ("We moved offices.\n\nThe new one has *windows* and a [kitchen](x.md).\n\n"
            "<!-- more -->\n\nEverything else you need to know, at length.\n")
    assert excerpt(body) == "We moved offices. The new one has windows and a kitchen."


def test_a_short_first_paragraph_is_the_excerpt() -> None:
    assert excerpt("## Intro\n\nShort and sweet.\nStill the first.\n\nSecond.\n") == \
        "Short and sweet. Still the first."


def test_a_long_first_paragraph_ends_at_its_last_sentence_that_fits() -> None:
    first = "Our quarterly results are in, and they are good."  # 49 characters
    second = "Revenue grew in every region, led by the north, e.g. Leeds and York, " \
             "where two new customers signed."
    third = "The rest of this sentence " + "goes on and on " * 20 + "until it stops."
    text = excerpt(f"{first} {second} {third}\n")
    assert text == f"{first} {second}"
    assert len(text) <= EXCERPT_CHARS


def test_an_abbreviation_or_an_initial_is_no_sentence_end() -> None:
    first = "Our offices moved last week."
    for tail in ("We asked Dr. Jones", "We asked them, e.g. the", "We asked J. R. Smith"):
        body = f"{first} {tail} " + "and then some more " * 20
        assert excerpt(body) == first, tail


def test_without_a_sentence_end_the_excerpt_stops_after_a_whole_word() -> None:
    body = "the longest run-on sentence in the world, " * 12
    assert excerpt(body) == ("the longest run-on sentence in the world, " * 5
                             + "the longest run-on sentence in…")
    assert excerpt("x" * 300) == "x" * EXCERPT_CHARS + "…"  # one word: cut, but marked


# --- An entry's parts --------------------------------------------------------------

def site_with(*posts: tuple[str, str]) -> Site:
    sources = [(f"engineering/posts/{name}.md", text) for name, text in posts]
    report = check_tree(((s, t.encode(), False) for s, t in sources), CTX)
    assert report.findings == []
    return build_site(CTX.org, ((c.src, c.post) for c in report.checked), TODAY)


def test_an_entry_shows_title_faces_names_department_date_time_replies_excerpt_and_tags(
) -> None:
    plan = site_with(("launch", "---\ntitle: Launch day\ndate: 2026-11-22\n"
                      "authors: [eve, grace]\ndepartment: engineering\n"
                      "classification: internal\npolicy: \"2026.1\"\n"
                      "tags: [release, product]\n---\n\nWe launched. It went well.\n"))
    [post] = plan.posts
    face = "{ .avatar .avatar--20 width=20 height=20 }"
    assert entry(plan, post, "engineering/index.md") == (
        "- **[Launch day](posts/launch.md)**\n"
        '  <span class="intranet-meta"><span class="intranet-author">'
        f"![](../assets/intranet/avatars/eve.svg){face} [Eve Martins](../people/eve.md)</span>"
        ' and <span class="intranet-author">'
        f"![](../assets/intranet/avatars/grace.svg){face} [Grace Okafor](../people/grace.md)"
        "</span> · [Engineering](index.md) · "
        '<time class="intranet-when" datetime="2026-11-22">22 November 2026</time> · '
        "1 min read · 0 replies</span>\n"
        '  <span class="intranet-excerpt">We launched\\. It went well\\.</span>\n'
        '  <span class="intranet-chips">[release](../tags/release/index.md){ .md-tag } '
        "[product](../tags/product/index.md){ .md-tag }</span>\n")


# --- Relative dates, in Chromium -----------------------------------------------------

DATED = {  # post date -> what a reader sees on TODAY, and the date in full
    "2026-11-25": ("today", "25 November 2026"),
    "2026-11-24": ("yesterday", "24 November 2026"),
    "2026-11-22": ("3 days ago", "22 November 2026"),
    "2026-11-18": ("1 week ago", "18 November 2026"),
    "2026-11-04": ("3 weeks ago", "4 November 2026"),
    "2026-10-27": ("4 weeks ago", "27 October 2026"),
    "2026-10-26": ("1 month ago", "26 October 2026"),
    "2026-08-25": ("3 months ago", "25 August 2026"),
    "2025-11-25": ("1 year ago", "25 November 2025"),
    "2024-12-01": ("1 year ago", "1 December 2024"),
    "2023-11-24": ("3 years ago", "24 November 2023"),
}


def title_of(date: str) -> str:
    return f"Written on {date}"


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = copy_project(tmp_path_factory.mktemp("dated") / "intranet")
    for date in DATED:
        (repo / "content/engineering/posts" / f"on-{date}.md").write_text(
            f"---\ntitle: {title_of(date)}\ndate: {date}\nauthors: [ravi]\n"
            "department: engineering\nclassification: internal\npolicy: \"2025.2\"\n---\n\n"
            "A dated post.\n", encoding="utf-8")
    done = run(repo, *ENGINE, "build", "--strict", "--site-dir",
               str(repo / "out"))
    assert done.returncode == 0, done.stderr
    with serve(repo / "out") as url:
        yield url


def dates(tab: Page) -> dict[str, tuple[str, str | None, str | None]]:
    """Each dated post's entry on the Engineering page: its date as shown, its title
    attribute and its datetime."""
    shown = {}
    for date in DATED:
        item = tab.locator(".intranet-feed li").filter(
            has=tab.get_by_role("link", name=title_of(date), exact=True))
        when = item.locator("time")
        shown[date] = (when.inner_text(), when.get_attribute("title"),
                       when.get_attribute("datetime"))
    return shown


def test_dates_read_relative_with_the_full_date_kept(browser: Browser, dated_site: str
                                                     ) -> None:
    context = browser.new_context(locale="en-GB", timezone_id="UTC")
    context.clock.install(time=NOON)
    tab = context.new_page()
    tab.goto(dated_site + "engineering/")
    assert dates(tab) == {d: (phrase, full, d) for d, (phrase, full) in DATED.items()}
    tab.goto(dated_site + "engineering/posts/on-2026-11-22/")
    expect(tab.locator(".intranet-byline time")).to_have_text("3 days ago")
    expect(tab.locator(".intranet-byline time")).to_have_attribute("title", "22 November 2026")
    context.close()


def test_a_reader_elsewhere_in_the_world_counts_days_in_their_own_time(
        browser: Browser, dated_site: str) -> None:
    # 01:00 on the 25th in UTC is still the 24th in New York: yesterday there is the 23rd.
    context = browser.new_context(locale="en-US", timezone_id="America/New_York")
    context.clock.install(time=dt.datetime(2026, 11, 25, 1, tzinfo=dt.UTC))
    tab = context.new_page()
    tab.goto(dated_site + "engineering/")
    shown = dates(tab)
    assert (shown["2026-11-24"][0], shown["2026-11-22"][0]) == ("today", "2 days ago")
    # A date still to come by this browser's clock keeps its full date.
    assert shown["2026-11-25"] == ("25 November 2026", None, "2026-11-25")
    context.close()


def test_without_script_every_date_is_written_in_full(browser: Browser, dated_site: str
                                                      ) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(dated_site + "engineering/")
    assert dates(tab)["2026-11-22"] == ("22 November 2026", None, "2026-11-22")
    assert dates(tab)["2023-11-24"] == ("24 November 2023", None, "2023-11-24")
    context.close()


# --- The hierarchy, in Chromium ------------------------------------------------------

PARTS = """li => {
  const style = (e) => getComputedStyle(e);
  const ground = (e) => {  // the colour behind an element: the first ancestor with one
    for (; e; e = e.parentElement) {
      const bg = style(e).backgroundColor;
      if (bg !== "rgba(0, 0, 0, 0)") return bg;
    }
    return "rgb(255, 255, 255)";
  };
  const title = li.querySelector("strong a"), meta = li.querySelector(".intranet-meta");
  const author = meta.querySelector(".intranet-author a");
  return {
    title: [style(title).fontSize, style(title).fontWeight, style(title).color],
    meta: [style(meta).fontSize, style(meta).color, ground(meta)],
    author: [style(author).color, style(author).textDecorationLine],
    faces: [...meta.querySelectorAll("img.avatar")].map((i) => [i.alt, i.naturalWidth > 0,
                                                                  i.width, i.height]),
    right: Math.max(...[...li.querySelectorAll("*")].map((e) => e.getBoundingClientRect().right)),
  };
}"""


def rgb(css: str, under: str = "rgb(255, 255, 255)") -> tuple[float, float, float]:
    """A CSS colour as opaque sRGB, blended over `under` when it is translucent."""
    parts = [float(x) for x in re.findall(r"[\d.]+", css)]
    alpha = parts[3] if len(parts) == 4 else 1.0
    base = rgb(under) if alpha < 1 else (0.0, 0.0, 0.0)
    r, g, b = (alpha * c + (1 - alpha) * u for c, u in zip(parts[:3], base, strict=True))
    return r, g, b


def ratio(front: tuple[float, float, float], back: tuple[float, float, float]) -> float:
    def luminance(colour: tuple[float, float, float]) -> float:
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                   for c in (x / 255 for x in colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(front), luminance(back)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 1280),
                                               ("light", 390), ("dark", 390)])
def test_an_entry_reads_title_first_then_quieter_facts(
        browser: Browser, site_url: str, scheme: Literal["light", "dark"], width: int) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    context.clock.install(time=NOON)
    tab = context.new_page()
    tab.goto(site_url)
    expect(tab.locator("body")).to_have_attribute(
        "data-md-color-scheme", "slate" if scheme == "dark" else "default")
    item = tab.locator(".intranet-feed li").filter(
        has=tab.get_by_role("link", name="Hackathon 2026: meet the winners", exact=True))
    expect(item.locator(".intranet-meta")).to_have_text(
        "Eve Martins and Grace Okafor · Engineering · 1 month ago · 2 min read · 6 replies")
    expect(item.locator(".intranet-chips a")).to_have_text(["events", "culture"])
    assert [a.get_attribute("href") for a in item.locator(".intranet-chips a").all()] == [
        "tags/events/", "tags/culture/"]
    found = item.evaluate(PARTS)
    title_size, title_weight, title_colour = found["title"]
    meta_size, meta_colour, ground = found["meta"]
    author_colour, author_line = found["author"]
    assert float(title_size[:-2]) >= 1.25 * float(meta_size[:-2])  # the title stands out
    assert int(title_weight) >= 700
    assert ratio(rgb(meta_colour, ground), rgb(ground)) >= 4.5  # quieter, still legible
    assert ratio(rgb(author_colour, ground), rgb(ground)) >= 4.5
    assert author_colour != title_colour  # names are not the title's link colour ...
    assert "underline" in author_line  # ... and no colour alone tells them from text
    assert found["faces"] == [["", True, 20, 20], ["", True, 20, 20]]
    assert found["right"] <= width  # nothing runs off the screen
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_the_post_byline_shows_each_authors_face(page: RecordingPage) -> None:
    page.open(HACKATHON)
    byline = page.page.locator(".intranet-byline")
    faces = byline.locator("img.avatar")
    expect(faces).to_have_count(2)
    assert [(f.get_attribute("alt"), f.get_attribute("src")) for f in faces.all()] == [
        ("", "../../../assets/intranet/avatars/eve.svg"),
        ("", "../../../assets/intranet/avatars/grace.svg")]
    assert faces.evaluate_all("imgs => imgs.every(i => i.complete && i.naturalWidth > 0)")
    expect(byline.locator("time")).to_have_attribute("datetime", "2026-10-09")
