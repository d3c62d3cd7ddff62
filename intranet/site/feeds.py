"""Atom feeds people can subscribe to in Outlook, Teams or any feed reader: the whole
company, each department, each tag and each person, each with the latest published posts
(so a draft, a scheduled or an expired post never appears: they are not in the plan).

Entries carry the post's title, its summary (the excerpt listings show, as text), its
authors, department and tags, and absolute links under `site_url`. Every `<id>` is the
post's address, and a feed's `<updated>` is its newest post's day, never the time of the
build: an unchanged site writes byte-identical feeds, and readers see nothing new.

Written with feedgen, which knows Atom's required elements and escapes every value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from feedgen.feed import FeedGenerator

from intranet.site.md import FEED, feed_of, tag_src
from intranet.site.plan import Site
from intranet.site.posts import Post
from intranet.site.report import Links
from intranet.site.tagpages import tagged

LATEST = 50  # posts per feed


class Feed(NamedTuple):
    path: str  # under the site's root, e.g. engineering/feed.xml
    title: str
    page: str  # the page it follows (under content/), e.g. engineering/index.md
    posts: tuple[Post, ...]


def feeds(site: Site) -> list[Feed]:
    company = site.org.company
    found = [Feed(FEED, f"{company} intranet", "index.md", _latest(site.posts))]
    for dept in site.org.departments:
        page = f"{dept.id}/index.md"
        found.append(Feed(feed_of(page), f"{dept.name} · {company} intranet", page,
                          _latest(site.in_department(dept.id))))
    for tag, posts in tagged(site).items():
        page = tag_src(tag)
        found.append(Feed(feed_of(page), f"#{tag} · {company} intranet", page, _latest(posts)))
    for person in site.org.people:
        page = f"people/{person.handle}.md"
        found.append(Feed(feed_of(page), f"{person.name} · {company} intranet", page,
                          _latest(site.by_author(person.handle))))
    return found


def feed_files(site: Site, links: Links) -> dict[str, str | bytes]:
    return {f.path: atom(site, f, links) for f in feeds(site)}


def atom(site: Site, feed: Feed, links: Links) -> bytes:
    gen = FeedGenerator()
    gen.id(links.site_url.rstrip("/") + "/" + feed.path)
    gen.title(feed.title)
    gen.link(href=links.site_url.rstrip("/") + "/" + feed.path, rel="self")
    gen.link(href=links.page_url(feed.page), rel="alternate")
    newest = max((p.date for p in feed.posts), default=dt.date(2000, 1, 1))
    gen.updated(_moment(newest))
    for post in reversed(feed.posts):  # feedgen puts each new entry first
        _entry(site, gen, post, links)
    data: bytes = gen.atom_str(pretty=True)
    return data


def _entry(site: Site, gen: FeedGenerator, post: Post, links: Links) -> None:
    entry = gen.add_entry()
    url = links.page_url(post.src)
    entry.id(url)
    entry.title(post.title)
    entry.link(href=url, rel="alternate")
    entry.updated(_moment(post.date))
    entry.published(_moment(post.date))
    entry.summary(post.excerpt)
    for handle in post.authors:
        person = site.org.person(handle)
        entry.author({"name": person.name if person else handle,
                      "uri": links.page_url(f"people/{handle}.md")})
    dept = site.org.department(post.department)
    entry.category(term=post.department, label=dept.name if dept else post.department,
                   scheme=links.page_url(f"{post.department}/index.md"))
    for tag in post.tags:
        entry.category(term=tag, scheme=links.page_url(tag_src(tag)))


def _latest(posts: Iterable[Post]) -> tuple[Post, ...]:
    return tuple(sorted(posts, key=lambda p: (p.date, p.src), reverse=True)[:LATEST])


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
