"""The site plan: what is published on a given day, in what order, and what the build
writes around each page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from intranet.config.org import load_org
from intranet.config.policy import load_policy
from intranet.policy.checker import check_tree
from intranet.policy.meta import Context
from intranet.site.anchors import anchor_link
from intranet.site.feed import decorate
from intranet.site.md import escape
from intranet.site.nav import navigation
from intranet.site.pages import generated_pages
from intranet.site.plan import Site, build_site
from intranet.site.posts import excerpt
from intranet.site.report import Links, forge_named
from intranet.site.write import Drafts, Write

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
        '# Launch &amp; day\n\n<span class="intranet-author">'
        "![](../../assets/intranet/avatars/eve.svg){ .avatar .avatar--20 width=20 height=20 } "
        "[Eve Martins](../../people/eve.md)</span> · [Engineering](../index.md) · "
        '<time class="intranet-when" datetime="2026-10-01">1 October 2026</time> · '
        "2 min read · 0 replies\n{ .intranet-byline }\n\n"
        "Body.\n")
    assert page.endswith(
        "Posts in Engineering are moderated by [Grace Okafor](../../people/grace.md) (head) "
        "and [Ken Larsen](../../people/ken.md) (deputy).\n{ .intranet-moderation }\n\n"
        '<details class="intranet-about" markdown>\n<summary>About this post</summary>\n\n'
        "Checked against usage policy 2026\\.1. Classification: Internal.\n\n</details>\n")


def test_department_landing_lists_moderators_and_posts() -> None:
    plan = site(launch=post("Launch", "2026-10-01"))
    page = decorate(plan, "engineering/index.md", "We build.\n")
    assert "## Moderators\n\nPosts in Engineering are published only after one of its " \
           "owners approves them: [Grace Okafor](../people/grace.md) (head) and " \
           "[Ken Larsen](../people/ken.md) (deputy).\n" in page
    assert "- **[Launch](posts/launch.md)**" in page


def test_navigation_follows_org_order_and_leaves_posts_out() -> None:
    plan = site(launch=post("Launch", "2026-10-01"))
    # Each tab that is a section opens its first page: Departments its overview.
    assert navigation(plan) == [
        {"Home": "index.md"},
        {"Departments": ["departments/index.md", {"Engineering": ["engineering/index.md"]}]},
        {"People": ["people/index.md", "moderators.md"]}, {"Tags": ["tags/index.md"]}]


def test_excerpt_is_the_first_paragraph_as_plain_text() -> None:
    body = "## Intro\n\nWe shipped **v2** of [the app](x.md) `today`.\nIt is fast.\n\nMore.\n"
    assert excerpt(body) == "We shipped v2 of the app today. It is fast."
    assert excerpt("word " * 100).endswith("word…")
    assert len(excerpt("word " * 100)) <= 241


def test_escape_makes_text_inert() -> None:
    assert escape("<script>*x*</script> & [a](b)") == (
        "&lt;script&gt;\\*x\\*&lt;/script&gt; &amp; \\[a\\]\\(b\\)")


def reply(post_name: str, name: str, body: str, parent: str = "") -> tuple[str, str]:
    author = name.split("-", 2)[2]
    when = f"{name[:4]}-{name[4:6]}-{name[6:8]} {name[9:11]}:{name[11:13]}"
    answers = f"in_reply_to: {parent}\n" if parent else ""
    return (f"engineering/replies/{post_name}/{name}.md",
            f"---\npost: engineering/posts/{post_name}.md\n{answers}authors: [{author}]\n"
            f"date: {when}\nclassification: internal\npolicy: \"2026.1\"\n---\n\n{body}")


def discussed() -> Site:
    sources = [(f"engineering/posts/{n}.md", post(t, "2026-11-01"))
               for n, t in (("launch", "Launch"), ("later", "Later"))]
    sources += [reply("launch", "20261102-0900-grace", "Thanks @eve.\n"),
                reply("launch", "20261103-0900-ken", "Agreed.\n", "20261102-0900-grace"),
                reply("launch", "20261102-1000-ravi", "Me too.\n"),
                reply("later", "20261101-1200-grace", "First.\n")]
    report = check_tree(((src, text.encode(), False) for src, text in sources), CTX)
    assert report.findings == []
    return build_site(CTX.org, ((c.src, c.post or c.reply) for c in report.checked), TODAY)


def test_replies_are_threaded_counted_and_listed_by_activity() -> None:
    plan = discussed()
    assert [r.id for r in plan.replies_to("engineering/posts/launch.md")] == [
        "20261102-0900-grace", "20261103-0900-ken", "20261102-1000-ravi"]
    assert [(p.title, r.id) for p, r in plan.active(5)] == [
        ("Launch", "20261103-0900-ken"), ("Later", "20261101-1200-grace")]
    home = decorate(plan, "index.md", "")
    assert ("\n## Active discussions\n\n<div class=\"intranet-active\" markdown>\n\n"
            "- **[Launch](engineering/posts/launch.md)** · 3 replies  \n"
            "  Latest reply by [Ken Larsen](people/ken.md), "
            "[3 November 2026, 09:00](engineering/posts/launch.md#reply-20261103-0900-ken)\n"
            "\n- **[Later](engineering/posts/later.md)** · 1 reply  \n"
            "  Latest reply by [Grace Okafor](people/grace.md), "
            "[1 November 2026, 12:00](engineering/posts/later.md#reply-20261101-1200-grace)\n"
            "\n</div>\n") in home
    assert ('· <time class="intranet-when" datetime="2026-11-01">1 November 2026</time> · '
            "1 min read · 3 replies</span>\n") in home


def test_a_profile_lists_where_its_person_was_mentioned() -> None:
    pages = {page.src: page.markdown for page in generated_pages(discussed())}
    profile = pages["people/eve.md"]
    assert profile.endswith(
        "\n## Mentioned in\n\n- [Launch](../engineering/posts/launch.md#reply-20261102-0900-grace)"
        ": a reply by [Grace Okafor](grace.md), 2 November 2026, 09:00\n\n")
    assert pages["people/ravi.md"].endswith(
        "\n## Mentioned in\n\nNo mentions yet.\n\n")


def test_links_to_a_reply_keep_their_anchor_and_other_anchors_are_namespaced() -> None:
    assert anchor_link("../posts/x.md#reply-20261102-0900-grace") == \
        "../posts/x.md#reply-20261102-0900-grace"
    assert anchor_link("#reply-to-a-post") == "#user-content-reply-to-a-post"
    assert anchor_link("#__config") == "#user-content-__config"


def test_writing_links_open_the_forges_new_file_editor() -> None:
    launch = discussed().post("engineering/posts/launch.md")
    assert launch is not None
    github = Drafts(Links("/", "https://github.com/fieldstone/intranet/", "github"), "2026.1",
                    2026)
    assert github.reply(launch).url == (
        "https://github.com/fieldstone/intranet/new/main/content/engineering/replies/launch"
        "?filename=YYYYMMDD-HHMM-YOUR-HANDLE.md&value=---%0Apost%3A%20engineering%2Fposts%2F"
        "launch.md%0Aauthors%3A%20%5BYOUR-HANDLE%5D%0Adate%3A%20YYYY-MM-DD%20HH%3AMM%0A"
        "classification%3A%20internal%0Apolicy%3A%20%222026.1%22%0A---%0A%0A")
    gitlab = Drafts(Links("/", "https://gitlab.example/it/intranet", "gitlab", "trunk"), "2026.1",
                    2026)
    assert gitlab.new_post("engineering").url == (
        "https://gitlab.example/it/intranet/-/new/trunk/content/engineering/posts/2026"
        "?file_name=new-post-YYYYMMDD-HHMM-YOUR-HANDLE.md&content=---%0Atitle%3A%20%22Title"
        "%20of%20your%20post%22%0Adate%3A%20YYYY-MM-DD%0Aauthors%3A%20%5BYOUR-HANDLE%5D%0A"
        "department%3A%20engineering%0Aclassification%3A%20internal%0Apolicy%3A%20%222026.1"
        "%22%0A---%0A%0A")
    assert "in_reply_to%3A%2020261102-0900-grace%0A" in gitlab.reply(
        launch, parent="20261102-0900-grace").url
    none = Drafts(Links("/", "https://git.example/it/intranet", "none"), "2026.1", 2026)
    assert none.reply(launch) == Write("Reply", "", "intranet reply engineering/posts/launch.md")
    assert none.new_post("hr").command == \
        'intranet new --department hr --title "Title of your post"'
    # The setting's old name and value still work.
    assert [forge_named(v) for v in ("mail", "none", "github", "gitlab", "gitea")] == [
        "none", "none", "github", "gitlab", None]
