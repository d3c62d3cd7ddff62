"""Rules about files as files: what may live under content/, and under which names."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable

from intranet.config.policy import Policy
from intranet.errors import Finding, error
from intranet.policy.photos import is_photo, photo_rules
from intranet.site.replies import in_replies, is_reply

# Lower-case ASCII only: case or Unicode look-alikes must not dodge a section's owners.
SAFE_PATH = re.compile(r"[a-z0-9._/-]+\Z")
# Pages the build writes from org.yml; a hand-written file there would be shadowed. Only
# people's photos may live in people/ (policy/photos.py).
GENERATED = ("people/", "moderators.md")


def file_rules(src: str, size: int, policy: Policy, symlink: bool,
               prefix: str = "content/") -> list[Finding]:
    path = prefix + src
    found: list[Finding] = []
    if symlink:
        found.append(error(path, 1, 1, "file-symlink", "symbolic links are not allowed under "
                           "content/; replace the link with the file itself"))
    if not SAFE_PATH.match(src) or any(p.startswith(".") or not p for p in src.split("/")):
        found.append(error(path, 1, 1, "file-path", "file and folder names may use only "
                           "lower-case a-z, 0-9, '.', '_' and '-' and may not start with '.'; "
                           "rename it"))
    photo = is_photo(src)
    if src.startswith(GENERATED) and not photo:
        found.append(error(path, 1, 1, "file-reserved", f"{src} is generated from org.yml; "
                           "move this file elsewhere (edit org.yml to change people or "
                           "moderators; only photos, people/<handle>.<type>, live in "
                           "people/)"))
    extension = posixpath.splitext(src)[1].lower().lstrip(".")
    if photo:
        found += photo_rules(src, size, policy, path)
    elif extension != "md" and extension not in policy.images:
        allowed = ", ".join(sorted(policy.images))
        found.append(error(path, 1, 1, "file-type", f"only Markdown (.md) and images "
                           f"({allowed}) may live under content/; move or remove this file"))
    elif extension == "md" and in_replies(src) and not is_reply(src):
        found.append(error(path, 1, 1, "reply-path", "only replies live under replies/, each at "
                           "<department>/replies/<post name>/<yyyymmdd-hhmm>-<handle>.md; move "
                           "this file (a post belongs in posts/)"))
    elif extension == "md" and is_reply(src) and size > policy.reply_bytes:
        found.append(error(path, 1, 1, "reply-size", f"the reply is {size} bytes, over the "
                           f"limit of {policy.reply_bytes} for replies; shorten it, or write a "
                           "post and link to it"))
    elif extension == "md" and size > policy.post_bytes:
        found.append(error(path, 1, 1, "file-size", f"the file is {size} bytes, over the "
                           f"limit of {policy.post_bytes}; split it or link to a document"))
    return found


def linked(path: str, top: str) -> bool:
    """Whether reading `path`, a file or folder under the folder `top`, would follow a
    symbolic link: the path itself, any folder on the way, or a real location outside
    `top`. Such a path is reported and never read: it could be anywhere on the machine."""
    current, root = os.path.abspath(path), os.path.abspath(top)
    if current == root:
        return False
    while current.startswith(root + os.sep):
        if os.path.islink(current):
            return True
        current = os.path.dirname(current)
    return not os.path.realpath(path).startswith(os.path.realpath(root) + os.sep)


def url_of(src: str) -> str:
    """The URL MkDocs gives a Markdown file (use_directory_urls)."""
    stem = src[:-3]
    name = posixpath.basename(stem)
    if name in ("index", "README"):
        return posixpath.dirname(stem)
    return stem


def duplicate_urls(srcs: Iterable[str], prefix: str = "content/") -> list[Finding]:
    """One page per URL: `x.md` beside `x/index.md` would silently hide one of them."""
    seen: dict[str, str] = {}
    found: list[Finding] = []
    for src in sorted(s for s in srcs if s.endswith(".md")):
        url = url_of(src)
        if url in seen:
            found.append(error(prefix + src, 1, 1, "file-duplicate-url", f"this page and "
                               f"{prefix}{seen[url]} both publish /{url + '/' if url else ''}; "
                               "rename or remove one"))
        else:
            seen[url] = src
    return found
