"""Listings that never grow without bound: a listing of posts shows PER_PAGE of them on
its own page, and the rest on generated pages under that page's URL, each linking to the
newer and older ones. Home, departments, tags, profiles and archive months all page
their posts this way, so one URL scheme holds everywhere:

    index.md               ->  page/2.md               (/page/2/)
    engineering/index.md   ->  engineering/page/2.md   (/engineering/page/2/)
    tags/release/index.md  ->  tags/release/page/2.md  (/tags/release/page/2/)
    people/eve.md          ->  people/eve/page/2.md    (/people/eve/page/2/)

The later pages stay out of the navigation and out of search (see generated.front): a
nav that listed them would be copied into every page of the site."""

from __future__ import annotations

from collections.abc import Sequence

from intranet.site.entry import listing
from intranet.site.generated import Generated, front
from intranet.site.md import escape, link, relative
from intranet.site.plan import Site
from intranet.site.posts import Post

PER_PAGE = 25
NO_POSTS = "No posts yet."


def page_src(src: str, number: int) -> str:
    """Where page `number` of the listing on page `src` sits (page 1 is `src` itself)."""
    if number <= 1:
        return src
    stem = src.removesuffix(".md")
    base = "" if stem == "index" else stem.removesuffix("/index")
    return f"{base}/page/{number}.md".lstrip("/")


def none_yet(site: Site, src: str) -> str:
    """What a listing with no posts says, from page `src`: where to learn to write one."""
    how = "how-to-post.md"
    if how not in site.pages:
        return NO_POSTS
    return f"{NO_POSTS} {link('How to post', src, how)} explains how to write the first one."


def counted(posts: int) -> str:
    return f"{posts} post{'' if posts == 1 else 's'}"


def page_count(posts: int) -> int:
    return max(1, -(-posts // PER_PAGE))


def paged(site: Site, posts: Sequence[Post], src: str, title: str,
          empty: str = NO_POSTS) -> tuple[str, list[Generated]]:
    """The listing for page `src` (its first PER_PAGE posts and a link to older ones) and
    the pages that hold the rest, titled after `title` ("Engineering, page 2 of 4")."""
    return first_page(site, posts, src, empty), later_pages(site, posts, src, title)


def first_page(site: Site, posts: Sequence[Post], src: str, empty: str = NO_POSTS) -> str:
    if not posts:
        return f"\n{empty}\n"
    return (listing(site, list(posts[:PER_PAGE]), src)
            + pager(src, 1, page_count(len(posts))))


def later_pages(site: Site, posts: Sequence[Post], src: str, title: str) -> list[Generated]:
    total = page_count(len(posts))
    return [_page(site, posts, src, title, number) for number in range(2, total + 1)]


def _page(site: Site, posts: Sequence[Post], src: str, title: str, number: int) -> Generated:
    here, total = page_src(src, number), page_count(len(posts))
    first = (number - 1) * PER_PAGE
    shown = list(posts[first:first + PER_PAGE])
    markdown = (front(f"{title}, page {number}", searched=False)
                + f"# {escape(title)}, page {number} of {total}\n\n"
                + f"Posts {first + 1} to {first + len(shown)} of {len(posts)}.\n"
                + listing(site, shown, here) + pager(src, number, total))
    return Generated(here, markdown, source="")


def pager(src: str, number: int, total: int) -> str:
    """Links to the newer and older pages of the listing that starts on page `src`."""
    if total <= 1:
        return ""
    here = page_src(src, number)
    parts = []
    if number > 1:
        parts.append(f"[Newer posts]({relative(here, page_src(src, number - 1))})"
                     '{ rel="prev" .intranet-pager__newer }')
    parts.append(f'<span class="intranet-pager__count">Page {number} of {total}</span>')
    if number < total:
        parts.append(f"[Older posts]({relative(here, page_src(src, number + 1))})"
                     '{ rel="next" .intranet-pager__older }')
    return '\n<div class="intranet-pager" markdown>\n\n' + "\n".join(parts) + "\n\n</div>\n"
