"""Who moderates what, in words readers use: the Moderators page (every section, its
owners, how discussions are closed and replies removed, who owns the platform) and the
closing line under every post."""

from __future__ import annotations

from intranet.site.entry import owners_line
from intranet.site.md import escape, link
from intranet.site.plan import Site
from intranet.site.posts import Post


def moderators(site: Site) -> str:
    src = "moderators.md"
    lines = ["---\ntitle: Moderators\n---\n", "# Moderators\n",
             "Each section is moderated by its department's owners: a post is published only "
             "after one of them approves it, and nobody approves their own post.\n",
             "| Section | Folder | Owners |", "| --- | --- | --- |"]
    for dept in site.org.departments:
        lines.append(f"| {link(dept.name, src, f'{dept.id}/index.md')} | `content/{dept.id}/` "
                     f"| {owners_line(site, dept, src)} |")
    lines.append("\n## Discussions\n\nReplies to a post live in its section "
                 "(`content/<department>/replies/<post>/`), so the same owners moderate them: "
                 "a reply is published only after one of them approves it.\n\n"
                 "- **To close a discussion**, an owner sets `replies: closed` in the post's "
                 "front-matter, a change approved by the section's owners like any other "
                 "there. The post then says \"Replies are closed\", shows no Reply link, and "
                 "takes no new replies; the replies it has stay.\n"
                 "- **To remove a reply**, delete its file in a reviewed change, the way a "
                 "post is taken down; the replies answering it go with it (`intranet check` names "
                 "them).\n")
    platform = site.org.department(site.org.platform_department)
    if platform is not None:
        lines.append(f"\n## {escape(site.org.platform_name)}\n\nThe usage policy "
                     "(`policy.yml`), the org chart (`org.yml`), the site configuration and "
                     f"the machinery are owned by {owners_line(site, platform, src)}.\n")
    return "\n".join(lines) + "\n"


def moderation(site: Site, post: Post) -> str:
    dept = site.org.department(post.department)
    owners = owners_line(site, dept, post.src) if dept else ""
    return (f"\n\n---\n\nModerated by {escape(dept.name if dept else post.department)}'s "
            f"owners: {owners}. Checked against usage policy {escape(post.policy)} · "
            f"{escape(post.classification.capitalize())}.\n{{ .intranet-moderation }}\n")
