"""What `intranet reply` is given, read strictly: the post (as a file or as the address
of its page), the reply it answers, and the text of the reply. Nothing typed here can
name a path outside the post's replies/ folder or a ref outside post/."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from intranet.moderation.workflow import fail
from intranet.site.replies import NAME

# A department's posts/ folder, the year's folder `intranet new` files a post in (older
# posts lie directly in posts/), and a post's name, as a file path (optionally under
# content/) or as its page's address; names as the policy allows them (file-path).
POST = re.compile(r"/?(?:content/)?([a-z0-9][a-z0-9_-]*)/posts/((?:\d{4}/)?"
                  r"[a-z0-9][a-z0-9._-]*?)(?:\.md|/)?\Z")
SLUG_CHARS = 60


def post_src(value: str) -> str:
    """`engineering/posts/hackathon-winners.md` from that, from the same under content/,
    or from the page's address (`engineering/posts/hackathon-winners/`, or a full URL);
    the same for a post in a year's folder (`engineering/posts/2026/build-farm.md`)."""
    path = urlsplit(value).path if "://" in value else value
    match = POST.match(path)
    if match is None or ".." in match[2]:
        raise fail("reply-post", f"{value!r} does not name a post; give its file, e.g. "
                   "engineering/posts/hackathon-winners.md, or the address of its page, "
                   "e.g. engineering/posts/hackathon-winners/")
    return f"{match[1]}/posts/{match[2]}.md"


def reply_name(value: str) -> str:
    """A reply's id (its file name without .md) from that, its file name or its path."""
    name = value.rstrip("/").rsplit("/", 1)[-1].removesuffix(".md")
    if not NAME.match(name):
        raise fail("reply-to", f"--to takes the name of a reply to the post, its file name "
                   f"without .md (e.g. 20261120-1015-grace), not {value!r}")
    return name


def body_text(name: str) -> tuple[str, str]:
    """(the reply's text, where it came from): the file `name`, or standard input for
    `-`; trailing white space dropped, one final newline."""
    origin = "standard input" if name == "-" else name
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise fail("reply-body", f"cannot read {origin!r} ({exc.strerror}); give "
                   "--body-file a text file holding your reply") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail("reply-body", f"{origin} is not UTF-8 text; save it as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    if not text.strip():
        raise fail("reply-body", f"{origin} is empty; write your reply in it")
    return text + "\n", origin


def slug(post: str) -> str:
    """The post's name as a branch name part: a name git refuses (`a..b`) cannot arise."""
    name = post.rsplit("/", 1)[-1].removesuffix(".md")
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-")[:SLUG_CHARS].strip("-") or "post"
