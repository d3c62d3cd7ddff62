"""Reader-side moderation: a "Report this post" link on every post, addressed to the
moderators of its section, as a pre-filled forge issue or, without a forge, an e-mail.
`Links` also says where the site and its repository live, for the links that write."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from intranet.config.org import Org
from intranet.site.posts import Post

FORGES = ("none", "github", "gitlab")
# `extra.intranet.report: mail` said "no forge" before the setting was about more than
# reports: it still does.
ALIASES = {"mail": "none"}


def forge_named(value: str) -> str | None:
    """The forge a setting names, or None when it names none we know."""
    value = ALIASES.get(value, value)
    return value if value in FORGES else None


@dataclass(frozen=True)
class Links:
    site_url: str  # where the site is published, ending in /
    repo_url: str  # the repository on the forge
    forge: str  # one of FORGES
    branch: str = "main"  # where new files are proposed against

    @property
    def on_forge(self) -> bool:
        return self.forge in ("github", "gitlab") and bool(self.repo_url)

    def page_url(self, src: str) -> str:
        stem = src.removesuffix(".md").removesuffix("index").rstrip("/")
        return self.site_url.rstrip("/") + "/" + (stem + "/" if stem else "")


def report_url(org: Org, post: Post, links: Links) -> str:
    dept = org.department(post.department)
    owners = [p for h in (dept.owners if dept else ()) if (p := org.person(h)) is not None]
    page, path = links.page_url(post.src), f"content/{post.src}"
    title = f"Report: {post.title}"
    repo = links.repo_url.rstrip("/")
    if links.forge == "github":
        return f"{repo}/issues/new?" + urlencode({
            "template": "report-post.yml", "labels": "report", "title": title,
            "assignees": ",".join(p.forge for p in owners), "url": page, "path": path})
    body = (f"Post: {page}\nSource: {path}\nWhat is wrong:\n\n")
    if links.forge == "gitlab":
        assign = " ".join(f"@{p.forge}" for p in owners)
        return f"{repo}/-/issues/new?" + urlencode({
            "issue[title]": title, "issue[description]": f"{body}\n/assign {assign}\n"})
    recipients = ",".join(p.email for p in owners)
    return f"mailto:{recipients}?" + urlencode({"subject": title, "body": body},
                                               quote_via=quote)
