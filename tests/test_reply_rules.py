"""The checker's rules for replies, each refusal by its exact message: the post must
exist, be published and open; a reply is never wider than its post, nests one level,
sits where its post's owners moderate it, keeps to its own size and to the present; and
every rule a post obeys (markup, secrets, watched words) holds for a reply too."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from conftest import TODAY
from test_checker import CTX, check

from intranet.policy.checker import check_tree
from intranet.site.plan import build_site

POST_SRC = "engineering/posts/launch.md"
REPLY_SRC = "engineering/replies/launch/20261120-0930-ken.md"
CHANGED = replace(CTX, changed=True)


def post(**extra: str) -> bytes:
    meta = {"title": "Launch", "date": "2026-11-01", "authors": "[eve]",
            "department": "engineering", "classification": "internal",
            "policy": '"2026.1"', **extra}
    return ("---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n\nWe launched.\n"
            ).encode()


def reply(body: str = "Well done, @eve.", **extra: str) -> bytes:
    meta = {"post": POST_SRC, "date": "2026-11-20 09:30", "authors": "[ken]",
            "classification": "internal", "policy": '"2026.1"', **extra}
    return ("---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items() if v) + "---\n\n" + body +
            "\n").encode()


def refused(files: dict[str, bytes], changed: bool = True) -> list[str]:
    return [str(f) for f in check(files, CHANGED if changed else CTX)]


def test_a_reply_to_a_published_open_post_passes() -> None:
    assert refused({POST_SRC: post(), REPLY_SRC: reply()}) == []


def test_a_reply_to_no_post_is_refused() -> None:
    assert refused({REPLY_SRC: reply()}) == [
        f"content/{REPLY_SRC}:2:7: error reply-target there is no post {POST_SRC}; a reply "
        "answers a post (a post taken down takes its replies with it: delete them too)"]


@pytest.mark.parametrize(("extra", "status"), [
    ({"draft": "true"}, "a draft"),
    ({"date": "2026-12-24"}, "scheduled"),
    ({"expires": "2026-11-10"}, "expired"),
])
def test_a_new_reply_to_a_held_post_is_refused(extra: dict[str, str], status: str) -> None:
    assert refused({POST_SRC: post(**extra), REPLY_SRC: reply()}) == [
        f"content/{REPLY_SRC}:2:7: error reply-target {POST_SRC} is {status}, so it takes no "
        "replies yet; reply once it is published"]


def test_a_new_reply_to_a_closed_discussion_is_refused_old_ones_stay() -> None:
    files = {POST_SRC: post(replies="closed"), REPLY_SRC: reply()}
    assert refused(files) == [
        f"content/{REPLY_SRC}:2:7: error reply-closed the discussion of {POST_SRC} is closed "
        "by its section's owners (replies: closed); it takes no more replies"]
    assert refused(files, changed=False) == []


def test_a_reply_wider_than_its_post_is_refused() -> None:
    assert refused({POST_SRC: post(), REPLY_SRC: reply(classification="public")}) == [
        f"content/{REPLY_SRC}:5:17: error reply-classification the post is internal, so its "
        "replies are too; write `classification: internal`"]


def test_a_reply_naming_another_sections_post_is_refused() -> None:
    # Moderation follows the folder: a reply under engineering/ must not claim a sales post.
    other = "sales/posts/q3.md"
    assert refused({POST_SRC: post(), REPLY_SRC: reply(post=other)}) == [
        f"content/{REPLY_SRC}:2:7: error reply-target this reply lives in the folder of "
        f"{POST_SRC} but answers '{other}'; write `post: {POST_SRC}` or move it"]


def test_replies_nest_one_level_only() -> None:
    first = "engineering/replies/launch/20261120-1000-ravi.md"
    second = "engineering/replies/launch/20261120-1100-grace.md"
    files = {POST_SRC: post(), REPLY_SRC: reply(),
             first: reply(in_reply_to="20261120-0930-ken"),
             second: reply(in_reply_to="20261120-1000-ravi")}
    assert refused(files) == [
        f"content/{second}:7:14: error reply-parent 20261120-1000-ravi answers another reply, "
        "and replies nest one level only; write `in_reply_to: 20261120-0930-ken`"]


def test_a_reply_to_a_missing_reply_is_refused() -> None:
    assert refused({POST_SRC: post(), REPLY_SRC: reply(in_reply_to="20261101-0900-sam")}) == [
        f"content/{REPLY_SRC}:7:14: error reply-parent there is no reply 20261101-0900-sam "
        f"under {POST_SRC}; name one of its replies, or remove in_reply_to to answer the post"]


@pytest.mark.parametrize("src", [
    "engineering/replies/notes.md",
    "engineering/replies/launch.md",
])
def test_markdown_in_a_replies_folder_that_is_no_reply_is_refused(src: str) -> None:
    # Otherwise it would be published as a page of its own, with no post's rules.
    assert refused({POST_SRC: post(), src: post()}) == [
        f"content/{src}:1:1: error reply-path only replies live under replies/, each at "
        "<department>/replies/<post name>/<yyyymmdd-hhmm>-<handle>.md; move this file (a "
        "post belongs in posts/)"]


def test_a_post_in_a_subfolder_takes_replies_in_the_same_subfolder() -> None:
    nested = "engineering/posts/2026/launch.md"
    answer = "engineering/replies/2026/launch/20261120-0930-ken.md"
    assert refused({nested: post(), answer: reply(post=nested)}) == []


def test_a_reply_over_its_own_size_limit_is_refused() -> None:
    body = "word " * 4000  # 20,000 bytes: a post may be this long, a reply not
    assert refused({POST_SRC: post(), REPLY_SRC: reply(body)}) == [
        f"content/{REPLY_SRC}:1:1: error reply-size the reply is 20124 bytes, over the limit "
        "of 16384 for replies; shorten it, or write a post and link to it"]


def test_a_new_reply_dated_in_the_future_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTRANET_TODAY", TODAY.isoformat())
    assert refused({POST_SRC: post(), REPLY_SRC: reply(date="2027-01-01 09:00")}) == [
        f"content/{REPLY_SRC}:3:7: error reply-date the reply is dated 2027-01-01 09:00, "
        "after today (2026-11-25); date it when it is written"]


@pytest.mark.parametrize(("body", "rule"), [
    ("<script>alert(1)</script>", "markup-html"),
    ("token ghp_R8f3kLm2Qz9Xw4Vb7Nc1Ty6Ps5Hd0Jg3Ae8U here", "secret"),
    ("This is strictly confidential.", "watched-confidential-marking"),
    ("[x](javascript:alert(1))", "markup-url"),
])
def test_a_reply_obeys_every_rule_a_post_does(body: str, rule: str) -> None:
    found = check({POST_SRC: post(), REPLY_SRC: reply(body)}, CHANGED)
    assert rule in {f.rule for f in found}, [str(f) for f in found]
    assert all(f.path == f"content/{REPLY_SRC}" for f in found)


def test_an_unknown_mention_is_a_warning_naming_it() -> None:
    assert refused({POST_SRC: post(), REPLY_SRC: reply("Thanks @evee and `@nobody`.")}) == [
        f"content/{REPLY_SRC}:9:8: warning mention-unknown @evee is nobody in org.yml, so it "
        "links nowhere; check the handle on the People page"]


def test_a_reply_dated_after_today_waits_for_its_day_on_the_site() -> None:
    later = "engineering/replies/launch/20261126-0800-ravi.md"
    files = {POST_SRC: post(), REPLY_SRC: reply(), later: reply(date="2026-11-26 08:00",
                                                                 authors="[ravi]")}
    report = check_tree(((src, data, False) for src, data in files.items()), CTX)
    read = [(c.src, c.post or c.reply) for c in report.checked]
    assert [r.src for r in build_site(CTX.org, read, TODAY).replies] == [REPLY_SRC]
    assert len(build_site(CTX.org, read, TODAY + dt.timedelta(days=1)).replies) == 2
