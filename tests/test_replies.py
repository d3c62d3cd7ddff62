"""The demo company's discussions, read plainly (YAML and a regular expression, not the
engine's readers, which are what the other tests put under test): real conversations on
a dozen posts and more, a reply to a reply, mentions of real people, a closed discussion,
and every reply where and when a reader would expect it. That every reply passes
`intranet check` is test_check_cli's test of the whole demo."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import CONTENT, TODAY, OrgChart, PostFile

MENTION = re.compile(r"(?:^|(?<=[\s(]))@([a-z0-9][a-z0-9-]*)", re.MULTILINE)
NAME = re.compile(r"(\d{8})-(\d{4})-([a-z0-9-]+)\.md\Z")


@dataclass(frozen=True)
class ReplyFile:
    path: Path
    meta: dict[str, object]
    body: str

    @property
    def id(self) -> str:
        return self.path.stem

    @property
    def folder_post(self) -> str:
        """The post its folder belongs to: content/<dept>/replies/<post name>/."""
        return f"{self.path.parent.parent.parent.name}/posts/{self.path.parent.name}.md"

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.strptime(str(self.meta["date"]), "%Y-%m-%d %H:%M")


def read_reply(path: Path) -> ReplyFile:
    _, block, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(block)
    assert isinstance(meta, dict), f"{path} has no front-matter"
    return ReplyFile(path, meta, body)


@pytest.fixture(scope="module")
def replies() -> tuple[ReplyFile, ...]:
    return tuple(read_reply(p) for p in sorted(CONTENT.glob("*/replies/*/*.md")))


def test_the_demo_holds_real_conversations(replies: tuple[ReplyFile, ...]) -> None:
    assert len(replies) >= 30
    assert len({r.folder_post for r in replies}) >= 12
    assert any("in_reply_to" in r.meta for r in replies)


def test_every_reply_answers_a_published_post_after_it_and_before_today(
        replies: tuple[ReplyFile, ...], posts: tuple[PostFile, ...], org: OrgChart) -> None:
    by_src = {p.src: p for p in posts}
    handles = {p.handle for p in org.people}
    for reply in replies:
        post = by_src.get(reply.folder_post)
        assert post is not None and post.status(TODAY) == "published", reply.path
        assert reply.meta["post"] == reply.folder_post, reply.path
        assert post.date <= reply.when.date() < TODAY, reply.path
        name = NAME.match(reply.path.name)
        assert name is not None, reply.path
        assert f"{name[1]}-{name[2]}" == f"{reply.when:%Y%m%d-%H%M}", reply.path
        assert reply.meta["authors"] == [name[3]] and name[3] in handles, reply.path
        assert reply.meta["policy"] == "2026.1", reply.path
        assert reply.meta["classification"] in ("internal", _classification(post)), reply.path


def _classification(post: PostFile) -> str:
    _, block, _ = (CONTENT / post.src).read_text(encoding="utf-8").split("---\n", 2)
    return str(yaml.safe_load(block)["classification"])


def test_replies_to_replies_answer_an_earlier_reply_to_the_same_post_one_level_deep(
        replies: tuple[ReplyFile, ...]) -> None:
    by_path = {r.path: r for r in replies}
    nested = [r for r in replies if "in_reply_to" in r.meta]
    for reply in nested:
        parent = by_path.get(reply.path.parent / f"{reply.meta['in_reply_to']}.md")
        assert parent is not None, reply.path
        assert "in_reply_to" not in parent.meta, reply.path
        assert parent.when < reply.when, reply.path


def test_people_mention_real_colleagues(replies: tuple[ReplyFile, ...], org: OrgChart) -> None:
    handles = {p.handle for p in org.people}
    mentioned = [(r.path, h) for r in replies for h in MENTION.findall(r.body)]
    assert len({h for _, h in mentioned}) >= 5
    assert [(path, h) for path, h in mentioned if h not in handles] == []


def test_a_closed_discussion_keeps_the_replies_from_before_it_closed(
        replies: tuple[ReplyFile, ...], posts: tuple[PostFile, ...]) -> None:
    closed = [p.src for p in posts
              if yaml.safe_load((CONTENT / p.src).read_text(encoding="utf-8").split("---\n", 2)[1])
              .get("replies") == "closed"]
    assert closed
    for src in closed:
        assert [r for r in replies if r.folder_post == src], src
