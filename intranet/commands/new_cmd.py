"""`intranet new`: start a post on its own branch, with front-matter that passes."""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

from intranet import clock
from intranet.git import REMOTE, Git
from intranet.meta import NOT_PLAIN
from intranet.org import Org, load_org
from intranet.policy import load_policy
from intranet.review import MAIN, POSTS
from intranet.workflow import fail

SLUG_CHARS = 60
BODY = ("Write your post here. The first paragraph is the excerpt shown on the home page and "
        "in your department's feed.\n")


def run(args: argparse.Namespace, root: Path) -> int:
    org, policy = load_org(root / "org.yml"), load_policy(root / "policy.yml")
    g = Git(root)
    dept = org.department(args.department)
    if dept is None:
        raise fail("new-department", f"{args.department!r} is not a department; use one of: "
                   f"{', '.join(d.id for d in org.departments)}")
    author = _author(g, org, args.author)
    if NOT_PLAIN.search(args.title) or not 0 < len(args.title) <= policy.title_chars:
        raise fail("new-title", f"the title must be plain text of 1 to {policy.title_chars} "
                   "characters, without <, >, backticks or control characters")
    slug = slugify(args.title)
    path = f"content/{dept.id}/posts/{slug}.md"
    branch = f"{POSTS}{dept.id}/{slug}"
    _refuse_clobber(g, root, path, branch)
    tags = [t.strip() for t in (args.tags or "").split(",") if t.strip()]
    text = front_matter(args.title, date=clock.today().isoformat(), author=author,
                        dept=dept.id, version=policy.current, tags=tags) + "\n" + BODY
    if g.config(f"remote.{REMOTE}.url"):
        g.fetch()  # start from what is published now, not from an old copy
    g.switch_new(branch, g.rev(f"{REMOTE}/{MAIN}") or MAIN)
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")
    g.commit_paths([path], f"New post: {args.title}")
    print(f"Created {path} on branch {branch}.\nNext: write your post in that file, commit "
          "it, check it with `intranet check --changed-since main`, then run "
          "`intranet submit`.")
    return 0


def slugify(title: str) -> str:
    """A file and branch name from the title: ASCII letters, digits and dashes only, so
    no title can name a path outside the department's posts/ folder."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:SLUG_CHARS].strip("-")
    if not slug:
        raise fail("new-title", "the title needs some letters or digits to name the file")
    return slug


def front_matter(title: str, *, date: str, author: str, dept: str, version: str,
                 tags: list[str]) -> str:
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    lines = ["---", f"title: {quoted}", f"date: {date}", f"authors: [{author}]",
             f"department: {dept}", "classification: internal", f'policy: "{version}"']
    if tags:
        lines.append(f"tags: [{', '.join(tags)}]")
    return "\n".join([*lines, "---", ""])


def _author(g: Git, org: Org, handle: str | None) -> str:
    if handle:
        if org.person(handle) is None:
            raise fail("new-author", f"{handle!r} is not a handle in org.yml")
        return handle
    email = g.config("user.email")
    person = org.by_email(email) if email else None
    if person is None:
        raise fail("new-author", f"git's user.email ({email or 'not set'}) is nobody's in "
                   "org.yml; pass --author HANDLE or set user.email to your work address")
    return person.handle


def _refuse_clobber(g: Git, root: Path, path: str, branch: str) -> None:
    if (root / path).exists():
        raise fail("new-exists", f"{path} already exists; pick another title or edit it")
    if branch in g.branches(POSTS, remote=False) or branch in g.branches(POSTS):
        raise fail("new-exists", f"branch {branch} already exists; pick another title, or "
                   f"`git switch {branch}` to go on with it")
