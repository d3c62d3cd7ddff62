"""Every page and file the build generates rather than reads from content/: the people
directory and profiles, the Moderators page, the Departments overview, tags, the archive,
the pages of older posts of every listing, and the files the site's script reads. The
hooks publish what this lists and nothing else, so a new generated page is added here."""

from __future__ import annotations

from intranet.site.archive import archive_pages
from intranet.site.avatars import avatar_files
from intranet.site.departments import overview
from intranet.site.feed import home_posts
from intranet.site.generated import Generated
from intranet.site.moderators import moderators
from intranet.site.paging import later_pages
from intranet.site.people import directory, people_json, profile
from intranet.site.plan import Site
from intranet.site.tagpages import tag_pages

__all__ = ["Generated", "generated_files", "generated_pages"]


def generated_pages(site: Site) -> list[Generated]:
    pages = [Generated("people/index.md", directory(site), in_nav=True),
             Generated("moderators.md", moderators(site), in_nav=True), overview(site)]
    pages += [Generated(f"people/{p.handle}.md", profile(site, p)) for p in site.org.people]
    pages += tag_pages(site) + archive_pages(site) + older_posts(site)
    return pages


def older_posts(site: Site) -> list[Generated]:
    """page/2/ and on of the listings on hand-written and profile pages (paging.py)."""
    pages = []
    if "index.md" in site.pages:
        pages += later_pages(site, home_posts(site)[1], "index.md", "Latest posts")
    for dept in site.org.departments:
        if f"{dept.id}/index.md" in site.pages:
            pages += later_pages(site, site.in_department(dept.id), f"{dept.id}/index.md",
                                 dept.name)
    for person in site.org.people:
        pages += later_pages(site, site.by_author(person.handle), f"people/{person.handle}.md",
                             f"Posts by {person.name}")
    return pages


def generated_files(site: Site) -> dict[str, str | bytes]:
    """Files that are no pages (under the site's root), by path: the people the writing
    script offers, and the initials image of everyone without a photo."""
    return {"assets/intranet/people.json": people_json(site), **avatar_files(site)}
