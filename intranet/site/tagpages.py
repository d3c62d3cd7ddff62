"""Tags, as pages of our own: an index of every tag on a published post (with how many
posts carry it), a paged page per tag, and the chips that link a post's tags to them.
Material's tags plugin would list every tagged post on one page, which grows without
bound; these pages hold PER_PAGE posts each (see paging.py)."""

from __future__ import annotations

from intranet.site.entry import tag_chips
from intranet.site.generated import Generated, front
from intranet.site.md import escape, link, subscribe, tag_src
from intranet.site.paging import counted, paged
from intranet.site.plan import Site
from intranet.site.posts import Post

INDEX = "tags/index.md"


def tag_links(site: Site, post: Post, src: str) -> str:
    """The post's tags as chips linking to their pages, from page `src` (inline Markdown,
    "" for a post without tags): the chips of its entries in listings."""
    return tag_chips(post, src)


def tag_line(site: Site, post: Post, src: str) -> str:
    """tag_links as a paragraph of its own, styled as the theme styles tags."""
    chips = tag_links(site, post, src)
    return f"{chips}\n{{ .md-tags }}\n\n" if chips else ""


def tagged(site: Site) -> dict[str, list[Post]]:
    """Each tag on a published post, by name, with its posts newest first."""
    found: dict[str, list[Post]] = {}
    for post in sorted(site.posts, key=lambda p: (p.date, p.src), reverse=True):
        for tag in dict.fromkeys(post.tags):
            found.setdefault(tag, []).append(post)
    return dict(sorted(found.items()))


def tag_pages(site: Site) -> list[Generated]:
    """The tags index, each tag's first page and the pages of its older posts."""
    by_tag = tagged(site)
    pages = [Generated(INDEX, index(by_tag), source="", in_nav=True)]
    for tag, posts in by_tag.items():
        src, title = tag_src(tag), f"Posts tagged {tag}"
        listing, older = paged(site, posts, src, title)
        pages.append(Generated(src, front(title, searched=False) + f"# {escape(title)}\n\n"
                               f"{counted(len(posts))}, newest first. "
                               f"{link('All tags', src, INDEX)}.\n" + listing
                               + f"\n{subscribe(src)}\n", source=""))
        pages += older
    return pages


def index(by_tag: dict[str, list[Post]]) -> str:
    head = front("Tags") + "# Tags\n\n"
    if not by_tag:
        return head + ("No published post has a tag yet. Authors add them in a post's "
                       "front-matter, e.g. `tags: [release, product]`.\n")
    items = [f"- {link(tag, INDEX, tag_src(tag))}{{ .md-tag }} {counted(len(posts))}"
             for tag, posts in by_tag.items()]
    return (head + "Every tag on a published post, with how many posts carry it. A tag's "
            "page lists its posts, newest first.\n\n"
            '<div class="intranet-tags" markdown>\n\n' + "\n".join(items) + "\n\n</div>\n")

