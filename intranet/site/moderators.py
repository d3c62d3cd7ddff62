"""Who moderates what, in words readers use: the Moderators page (every section, the faces
and names of the people who approve its posts, how discussions are closed and replies
removed, who looks after the platform) and the closing lines under every post. Readers
know sections and people, not folders and files, so neither names a path; what a post
was checked against (policy version, classification) is kept, folded away, for whoever
needs it."""

from __future__ import annotations

from intranet.config.org import Department
from intranet.site.avatars import avatar
from intranet.site.entry import owners_line
from intranet.site.md import escape, join, link, person
from intranet.site.plan import Site
from intranet.site.posts import Post

FACE = 24  # a moderator's avatar on the Moderators page


def moderators(site: Site) -> str:
    src = "moderators.md"
    lines = ["---\ntitle: Moderators\n---\n", "# Moderators\n",
             "Every section of the intranet is moderated by its department's heads and "
             "deputies: a post appears only after one of them approves it, and nobody "
             "approves their own post.\n",
             "| Section | Moderators |", "| --- | --- |"]
    for dept in site.org.departments:
        section = (link(dept.name, src, f"{dept.id}/index.md")
                   if f"{dept.id}/index.md" in site.pages else escape(dept.name))
        lines.append(f"| {section} | {faces(site, dept, src)} |")
    lines.append("\n## Discussions\n\nReplies to a post are moderated by the same people as "
                 "the post's section: a reply appears only after one of them approves it.\n\n"
                 "- **To close a discussion**, a moderator sets `replies: closed` in the "
                 "post's front-matter, a change approved by the section's moderators like any "
                 "other there. The post then says \"Replies are closed\", shows no Reply "
                 "link, and takes no new replies; the replies it has stay.\n"
                 "- **To remove a reply**, a moderator deletes it in a reviewed change, the "
                 "way a post is taken down; the replies answering it go with it (`intranet "
                 "check` names them).\n")
    platform = site.org.department(site.org.platform_department)
    if platform is not None:
        lines.append(f"\n## {escape(site.org.platform_name)}\n\nThe usage policy, the org "
                     "chart (who is who, and who moderates what) and the site itself are "
                     f"looked after by {owners_line(site, platform, src)}: a change to any "
                     "of them needs one of their approvals.\n")
    return "\n".join(lines) + "\n"


def faces(site: Site, dept: Department, src: str) -> str:
    """The section's moderators with their avatars: heads, then deputies."""
    roles = [(h, "head") for h in dept.heads] + [(d, "deputy") for d in dept.deputies]
    return join([f'<span class="intranet-author">{avatar(site, h, src, FACE)} '
                 f"{person(site.org, h, src)} ({role})</span>" for h, role in roles])


def moderation(site: Site, post: Post) -> str:
    """The lines under a post: who moderates its section, then, folded, what it was
    checked against."""
    dept = site.org.department(post.department)
    section = escape(dept.name if dept else post.department)
    who = (f"Posts in {section} are moderated by {owners_line(site, dept, post.src)}."
           if dept else f"Posts in {section} are moderated by its department.")
    return (f"\n\n---\n\n{who}\n{{ .intranet-moderation }}\n\n"
            '<details class="intranet-about" markdown>\n<summary>About this post</summary>\n\n'
            f"Checked against usage policy {escape(post.policy)}. Classification: "
            f"{escape(post.classification.capitalize())}.\n\n</details>\n")
