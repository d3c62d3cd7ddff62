"""`intranet new`: start a post on its own branch, with front-matter that passes, filed
by the year of its date (content/<dept>/posts/<yyyy>/<slug>.md, branch post/<dept>/<slug>).

Every check comes first (the arguments, the post it would write, the work tree, what
already exists), and only then is anything made (see intranet/newbranch.py), so a
refusal leaves nothing behind."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

from intranet import clock
from intranet.config.org import Org, load_org
from intranet.config.policy import Policy, load_policy
from intranet.config.yaml import types as yamltypes
from intranet.errors import Finding, IntranetError
from intranet.git import REMOTE, Git
from intranet.moderation.newbranch import commit_with_file, create_and_switch
from intranet.moderation.review import POSTS
from intranet.moderation.workflow import fail, target
from intranet.moderation.worktree import refuse_uncommitted
from intranet.policy.checker import PREFIX, check_file
from intranet.policy.meta import NOT_PLAIN, TAG, Context
from intranet.site.posts import year_folder

SLUG_CHARS = 60
BODY = ("Write your post here. The first paragraph is the excerpt shown on the home page and "
        "in your department's feed.\n")
# Which argument wrote each front-matter line, so a finding names what to change.
ARGUMENTS = {"title": "--title", "authors": "--author", "tags": "--tags"}


def run(args: argparse.Namespace, root: Path) -> int:
    org, policy = load_org(root / "org.yml"), load_policy(root / "policy.yml")
    g = Git(root)
    dept = org.department(args.department)
    if dept is None:
        raise fail("new-department", f"{args.department!r} is not a department; use one of: "
                   f"{', '.join(d.id for d in org.departments)}")
    author = author_of(g, org, args.author)
    if NOT_PLAIN.search(args.title) or not 0 < len(args.title) <= policy.title_chars:
        raise fail("new-title", f"the title must be plain text of 1 to {policy.title_chars} "
                   "characters, without <, >, backticks or control characters")
    slug, today = slugify(args.title), clock.today()
    path = f"{year_folder(dept.id, today.year)}/{slug}.md"
    branch = f"{POSTS}{dept.id}/{slug}"
    tags = [t.strip() for t in (args.tags or "").split(",") if t.strip()]
    text = front_matter(args.title, date=today.isoformat(), author=author,
                        dept=dept.id, version=policy.current, tags=tags) + "\n" + BODY
    warnings = _check(path, text, policy, org)
    refuse_uncommitted(g, "new-uncommitted", "`intranet new` switches to a new branch, "
                       "which would carry this work over into your new post's branch",
                       "intranet new")
    if g.config(f"remote.{REMOTE}.url"):
        g.fetch()  # start from what is published now, not from an old copy
    _refuse_clobber(g, root, path, branch)
    in_repo = (root.resolve().relative_to(g.top.resolve()) / path).as_posix()
    commit = commit_with_file(g, target(g), in_repo, text.encode("utf-8", "surrogateescape"),
                              f"New post: {args.title}")
    create_and_switch(g, branch, commit)
    for finding in warnings:
        print(finding, file=sys.stderr)
    print(f"Created {path} on branch {branch}.\nNext: write your post in that file, commit "
          "it, check it with `intranet check --changed-since main`, then run "
          "`intranet submit`.")
    return 0


def _check(path: str, text: str, policy: Policy, org: Org) -> list[Finding]:
    """The policy check of the post as it would be written, exactly as `intranet check`
    runs it; each finding names the argument it comes from. Errors refuse; the
    warnings are returned, to be printed once the post exists."""
    checked = check_file(path.removeprefix(PREFIX), text.encode("utf-8", "surrogateescape"),
                         Context(policy, org, changed=True))  # no code to confirm: no body
    lines = text.split("\n")
    findings = []
    for f in checked.findings:
        key = lines[f.line - 1].split(":", 1)[0] if 0 < f.line <= len(lines) else ""
        findings.append(f._replace(path=ARGUMENTS[key], line=0, column=0)
                        if key in ARGUMENTS else f)
    if any(f.severity == "error" for f in findings):
        raise IntranetError(findings)
    return findings


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
    lines = ["---", f"title: {_quoted(title)}", f"date: {date}", f"authors: [{author}]",
             f"department: {dept}", "classification: internal", f'policy: "{version}"']
    if tags:
        # A malformed tag is written quoted, so the check sees it exactly as typed.
        shown = (t if TAG.match(t) and yamltypes.resolve(t) == yamltypes.STR else _quoted(t)
                 for t in tags)
        lines.append(f"tags: [{', '.join(shown)}]")
    return "\n".join([*lines, "---", ""])


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar; control characters as escapes, so none can end it."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m[0]):02x}", escaped) + '"'


def author_of(g: Git, org: Org, handle: str | None, rule: str = "new-author") -> str:
    """--author's handle, or the person git's user.email belongs to."""
    if handle:
        if org.person(handle) is None:
            raise fail(rule, f"{handle!r} is not a handle in org.yml")
        return handle
    email = g.config("user.email")
    person = org.by_email(email) if email else None
    if person is None:
        raise fail(rule, f"git's user.email ({email or 'not set'}) is nobody's in "
                   "org.yml; pass --author HANDLE or set user.email to your work address")
    return person.handle


def _refuse_clobber(g: Git, root: Path, path: str, branch: str) -> None:
    if (root / path).exists() or (root / path).is_symlink():
        raise fail("new-exists", f"{path} already exists; pick another title or edit it")
    if branch in g.branches(POSTS, remote=False) or branch in g.branches(POSTS):
        raise fail("new-exists", f"branch {branch} already exists; pick another title, or "
                   f"`git switch {branch}` to go on with it")
