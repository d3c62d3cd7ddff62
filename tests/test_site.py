"""The site plan: what is published on a given day, in what order, and what the build
writes around each page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from intranet.config.org import load_org
from intranet.config.policy import load_policy
from intranet.policy.checker import check_tree
from intranet.policy.meta import Context
from intranet.site.feed import decorate
from intranet.site.md import escape
from intranet.site.nav import navigation
from intranet.site.plan import Site, build_site
from intranet.site.posts import excerpt

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)


def post(title: str, date: str, extra: str = "", body: str = "Hello team.\n") -> str:
    return (f"---\ntitle: {title}\ndate: {date}\nauthors: [eve]\ndepartment: engineering\n"
            f"classification: internal\npolicy: \"2026.1\"\n{extra}---\n\n{body}")


CTX = Context(load_policy(ROOT / "policy.yml"), load_org(ROOT / "org.yml"))


def site(**posts: str) -> Site:
    sources = [(f"engineering/posts/{name}.md", text) for name, text in posts.items()]
    sources += [("index.md", "---\ntitle: Home\n---\n"),
                ("engineering/index.md", "---\ntitle: Engineering\n---\n")]
    report = check_tree(((src, text.encode(), False) for src, text in sources), CTX)
    assert report.findings == []
    return build_site(CTX.org, ((c.src, c.post) for c in report.checked), TODAY)


def test_held_posts_are_not_published() -> None:
    plan = site(old=post("Old", "2026-01-05"), new=post("New", "2026-11-20"),
                draft=post("Draft", "2026-11-01", "draft: true\n"),
                later=post("Later", "2026-11-26"),
                gone=post("Gone", "2026-09-01", "expires: 2026-11-25\n"),
                today=post("Today", "2026-11-25", "expires: 2026-11-26\n"))
    assert [p.title for p in plan.posts] == ["Today", "New", "Old"]
    assert plan.held_counts() == {"draft": 1, "scheduled": 1, "expired": 1}


def test_pinned_posts_come_first_then_newest() -> None:
    pinned = post("B", "2026-09-01", "pin: true\n").replace("[eve]", "[grace]")
    plan = site(a=post("A", "2026-10-01"), b=pinned, c=post("C", "2026-11-01"))
    assert [p.title for p in plan.posts] == ["B", "C", "A"]


def test_post_page_gets_byline_and_moderation_line() -> None:
    plan = site(launch=post("Launch & day", "2026-10-01", body="Word " * 450))
    page = decorate(plan, "engineering/posts/launch.md", "Body.\n")
    assert page.startswith(
        "# Launch &amp; day\n\n[Eve Martins](../../people/eve.md) · "
        "[Engineering](../index.md) · 1 October 2026 · 2 min read\n{ .intranet-byline }\n\n"
        "Body.\n")
    assert page.endswith(
        "Moderated by Engineering's owners: [Grace Okafor](../../people/grace.md) (head) and "
        "[Ken Larsen](../../people/ken.md) (deputy). Checked against usage policy 2026\\.1 · "
        "Internal.\n{ .intranet-moderation }\n")


def test_department_landing_lists_moderators_and_posts() -> None:
    plan = site(launch=post("Launch", "2026-10-01"))
    page = decorate(plan, "engineering/index.md", "We build.\n")
    assert "## Moderators\n\nPosts in Engineering are published only after one of its " \
           "owners approves them: [Grace Okafor](../people/grace.md) (head) and " \
           "[Ken Larsen](../people/ken.md) (deputy).\n" in page
    assert "- **[Launch](posts/launch.md)**" in page


def test_navigation_follows_org_order_and_leaves_posts_out() -> None:
    plan = site(launch=post("Launch", "2026-10-01"))
    assert navigation(plan) == [
        {"Home": "index.md"}, {"Departments": [{"Engineering": ["engineering/index.md"]}]},
        {"People": ["people/index.md", "moderators.md"]}]


def test_excerpt_is_the_first_paragraph_as_plain_text() -> None:
    body = "## Intro\n\nWe shipped **v2** of [the app](x.md) `today`.\nIt is fast.\n\nMore.\n"
    assert excerpt(body) == "We shipped v2 of the app today. It is fast."
    assert excerpt("word " * 100).endswith("word…")
    assert len(excerpt("word " * 100)) <= 241


def test_escape_makes_text_inert() -> None:
    assert escape("<script>*x*</script> & [a](b)") == (
        "&lt;script&gt;\\*x\\*&lt;/script&gt; &amp; \\[a\\]\\(b\\)")
