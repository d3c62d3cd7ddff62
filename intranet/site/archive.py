"""The archive: every month with published posts, newest first, with how many each holds,
and a page per month listing its posts (paged like every listing). Linked from the home
page, it is how every published post stays reachable however old it is."""

from __future__ import annotations

from intranet.site.generated import Generated, front
from intranet.site.md import MONTHS, escape, link
from intranet.site.paging import counted, paged
from intranet.site.plan import Site
from intranet.site.posts import Post

INDEX = "archive/index.md"
TITLE = "Archive"

Month = tuple[int, int]  # (year, month)


def month_src(month: Month) -> str:
    return f"archive/{month[0]}/{month[1]:02d}/index.md"


def month_name(month: Month) -> str:
    return f"{MONTHS[month[1] - 1]} {month[0]}"


def by_month(site: Site) -> dict[Month, list[Post]]:
    """Published posts by the month of their date, newest month first, each newest first."""
    found: dict[Month, list[Post]] = {}
    for post in sorted(site.posts, key=lambda p: (p.date, p.src), reverse=True):
        found.setdefault((post.date.year, post.date.month), []).append(post)
    return found


def archive_pages(site: Site) -> list[Generated]:
    months = by_month(site)
    pages = [Generated(INDEX, index(months), source="")]
    order = list(months)
    for at, (month, posts) in enumerate(months.items()):
        src, title = month_src(month), month_name(month)
        listing, older = paged(site, posts, src, title)
        later = order[at - 1] if at > 0 else None
        earlier = order[at + 1] if at + 1 < len(order) else None
        pages.append(Generated(src, front(title, searched=False) + f"# {escape(title)}\n\n"
                               f"{counted(len(posts))} published in {escape(title)}, newest "
                               f"first.\n" + listing + _around(src, earlier, later),
                               source=""))
        pages += older
    return pages


def index(months: dict[Month, list[Post]]) -> str:
    head = front(TITLE) + f"# {TITLE}\n\n"
    if not months:
        return head + ("Nothing has been published yet. Each month with posts will be "
                       "listed here, newest first.\n")
    parts = [head, "Every month with published posts, newest first.\n"]
    year = 0
    for month, posts in months.items():
        if month[0] != year:
            year = month[0]
            parts.append(f"\n## {year}\n\n")
        parts.append(f"- {link(month_name(month), INDEX, month_src(month))}: "
                     f"{counted(len(posts))}\n")
    return "".join(parts)


def _around(src: str, earlier: Month | None, later: Month | None) -> str:
    """Links to the months either side and back to all months."""
    parts = [f"Earlier: {link(month_name(earlier), src, month_src(earlier))}"] if earlier else []
    parts.append(link("All months", src, INDEX))
    if later:
        parts.append(f"Later: {link(month_name(later), src, month_src(later))}")
    return "\n" + " · ".join(parts) + "\n{ .intranet-months }\n"

