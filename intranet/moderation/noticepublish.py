"""Who hears that main moved, and what: for each moderated merge the push brings, the
submission's authors (published, with the approvers that counted and the address of each
page on the site), then each person its posts and replies newly @mention, once, with a
link: never before it is published, never its own authors, never someone org.yml on main
does not list. Merges are read as the audit reads them, each judged by the rules of the
main it landed on."""

from __future__ import annotations

from intranet.config.siteconfig import site_url_in
from intranet.errors import IntranetError
from intranet.git import Git
from intranet.moderation import noticetext as text
from intranet.moderation.landing import landings
from intranet.moderation.noticeread import Piece, about, people
from intranet.moderation.noticetext import Link, Notice
from intranet.moderation.records import Signers, judge, records_on
from intranet.moderation.review import POSTS, Rules, groups, names, rules_at
from intranet.moderation.submission import Submission, load
from intranet.site.report import Links


def published(g: Git, rules: Rules, old: str, new: str, ref: str) -> list[Notice]:
    """The notices for main moving from `old` to `new`; `rules` are main's now."""
    found: list[Notice] = []
    for landing in landings(g, new, old).landings:
        if not landing.second or landing.replayed or landing.unrelated:
            continue
        before = rules_at(g, landing.commit.parents[0])  # the rules it was approved under
        title = landing.commit.title
        branch = title.removeprefix("Publish ") if title.startswith(f"Publish {POSTS}") \
            else f"commit {landing.second[:10]}"
        sub = load(g, before, {branch: landing.second})[branch]
        if sub is not None:
            found += _told(g, rules, before, sub)
    return found


def _told(g: Git, rules: Rules, before: Rules, sub: Submission) -> list[Notice]:
    with Signers(before.org) as signers:
        verdict = judge(g, before, groups(before, sub.files), sub.authors,
                        records_on(g, sub.tip), signers=signers)
    named, found = about(g, before, sub)
    links = _links(rules, found)
    authors = people(rules.org, sub)
    out = [text.published(p, named, names(before.org, set(verdict.approvers)),
                          [link for link, _ in links]) for p in authors]
    told = {p.handle for p in authors}
    for link, piece in links:
        if piece.draft:
            continue
        for handle in sorted(piece.mentions - told - sub.authors.handles):
            if (person := rules.org.person(handle)) is not None:
                out.append(text.mentioned(person, named, link))
                told.add(handle)
    return out


def _links(rules: Rules, found: list[Piece]) -> list[tuple[Link, Piece]]:
    try:
        site = Links(site_url_in(rules.site_config), "", "none")
    except IntranetError:  # no site_url on main: the path in the repository instead
        return [(Link(p.title, f"content/{p.src}", p.held), p) for p in found]
    return [(Link(p.title, site.page_url(p.page) + p.anchor, p.held), p) for p in found]
