"""Writing from the site: the "Reply" link under every post and the "Write a post" link on
every department page.

With a forge, each opens the forge's new-file editor in the right folder, filled in with
a file name and front-matter that `intranet check` passes once a body is written:

    GitHub  <repo_url>/new/<branch>/<folder>?filename=<name>&value=<text>
    GitLab  <repo_url>/-/new/<branch>/<folder>?file_name=<name>&content=<text>

A new post's folder is its department's posts/<yyyy>/ of the build's year, as `intranet
new` files posts by year (so no folder outgrows what a forge lists).

Who writes, and when, a static page cannot know: the link holds the placeholders below,
in capitals (no path or front-matter value of ours can hold them: paths are lower case),
and the site's script (hooks/overrides/assets/javascripts/intranet.js) replaces them with
the handle the reader chose and the current time. Without script, the reader replaces
them in the editor; the page says so. Without a forge, the links lead to How to post and
the page shows the command that does the same."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from intranet.site.posts import Post, year_folder
from intranet.site.replies import folder_of
from intranet.site.report import Links

HANDLE = "YOUR-HANDLE"
STAMP = "YYYYMMDD-HHMM"  # a reply's file name: yyyymmdd-hhmm-<handle>.md
DAY = "YYYY-MM-DD"
TIME = "HH:MM"
# Browsers and forges accept far longer addresses, but some proxies stop at 8 KiB; ours
# are a few hundred characters (tests/test_discussions.py measures the demo's longest).
URL_LIMIT = 8000
HOW_TO = "how-to-post.md"
HOW_TO_REPLY = "replying"  # the heading of How to post that explains replies


@dataclass(frozen=True)
class Write:
    """One way to write from a page: the forge editor (with placeholders), or none."""

    label: str  # the link's text
    url: str  # the forge's new-file editor, "" without a forge
    command: str  # what to type instead, in a clone of the intranet
    date: str = f"{DAY} {TIME}"  # how the front-matter's date placeholder reads


def reply_text(post: Post, policy: str, parent: str = "") -> str:
    """A new reply's front-matter, as `intranet check` wants it."""
    lines = ["---", f"post: {post.src}"]
    lines += [f"in_reply_to: {parent}"] if parent else []
    lines += [f"authors: [{HANDLE}]", f"date: {DAY} {TIME}",
              f"classification: {post.classification}", f'policy: "{policy}"', "---", "", ""]
    return "\n".join(lines)


def post_text(dept_id: str, policy: str) -> str:
    """A new post's front-matter, as `intranet check` wants it."""
    return "\n".join(["---", 'title: "Title of your post"', f"date: {DAY}",
                      f"authors: [{HANDLE}]", f"department: {dept_id}",
                      "classification: internal", f'policy: "{policy}"', "---", "", ""])


@dataclass(frozen=True)
class Drafts:
    """New files readers can start from the site: where they go, and what they hold."""

    links: Links
    policy: str  # the current usage-policy version, which new files must name
    year: int  # the build's: a new post goes in posts/<year>/, where `intranet new` puts it

    def reply(self, post: Post, parent: str = "") -> Write:
        label = "Reply to this" if parent else "Reply"
        command = f"intranet reply {post.src}"
        if not self.links.on_forge:
            return Write(label, "", command)
        text = reply_text(post, self.policy, parent)
        url = editor(self.links, f"content/{folder_of(post.src)}", f"{STAMP}-{HANDLE}.md", text)
        return Write(label, url, command)

    def new_post(self, dept_id: str) -> Write:
        command = f'intranet new --department {dept_id} --title "Title of your post"'
        if not self.links.on_forge:
            return Write("Write a post", "", command, DAY)
        url = editor(self.links, year_folder(dept_id, self.year),
                     f"new-post-{STAMP}-{HANDLE}.md", post_text(dept_id, self.policy))
        return Write("Write a post", url, command, DAY)


def editor(links: Links, folder: str, name: str, text: str) -> str:
    """The forge's new-file editor on `links.branch`, in `folder`, filled in."""
    repo = links.repo_url.rstrip("/")
    where = quote(f"{links.branch}/{folder}", safe="/")
    if links.forge == "gitlab":
        query = {"file_name": name, "content": text}
        return f"{repo}/-/new/{where}?" + urlencode(query, quote_via=quote)
    return f"{repo}/new/{where}?" + urlencode({"filename": name, "value": text},
                                              quote_via=quote)
