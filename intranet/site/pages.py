"""Every page and file the build generates rather than reads from content/: the people
directory and profiles, the Moderators page, and the files the site's script reads. The
hooks publish what this lists and nothing else, so a new generated page is added here."""

from __future__ import annotations

from typing import NamedTuple

from intranet.site.moderators import moderators
from intranet.site.people import directory, people_json, profile
from intranet.site.plan import Site


class Generated(NamedTuple):
    src: str  # where it sits among the pages, as if under content/
    markdown: str
    source: str = "org.yml"  # the file to edit to change it (its "Edit" link); "" none
    in_nav: bool = False  # listed in the navigation (else reached by links)


def generated_pages(site: Site) -> list[Generated]:
    pages = [Generated("people/index.md", directory(site), in_nav=True),
             Generated("moderators.md", moderators(site), in_nav=True)]
    pages += [Generated(f"people/{p.handle}.md", profile(site, p)) for p in site.org.people]
    return pages


def generated_files(site: Site) -> dict[str, str | bytes]:
    """Files that are no pages (under the site's root), by path."""
    return {"assets/intranet/people.json": people_json(site)}
