"""`intranet reply POST [--to REPLY]`: answer a published post (or one reply to it) on a
branch of its own, with front-matter that passes.

As with `intranet new`, every check comes first (the arguments, the post and the reply
answered as the shared main holds them, the reply it would write, the work tree, what
already exists), and only then is anything made (intranet/moderation/newbranch.py), so a
refusal leaves nothing behind."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from intranet import clock
from intranet.cli.new import author_of
from intranet.cli.replyargs import body_text, post_src, reply_name, slug
from intranet.config.org import Org, load_org
from intranet.config.policy import load_policy
from intranet.display import safe_line
from intranet.errors import Finding, IntranetError
from intranet.git import REMOTE, Git
from intranet.moderation.newbranch import commit_with_file, create_and_switch
from intranet.moderation.replytarget import answered_reply, classification, open_post
from intranet.moderation.review import POSTS
from intranet.moderation.workflow import fail, target
from intranet.moderation.worktree import refuse_uncommitted
from intranet.policy.checker import PREFIX, check_tree
from intranet.policy.meta import Context
from intranet.site.replies import Reply, file_name, folder_of

BODY = ("Write your reply here, in Markdown. To let a colleague know, mention them with @ "
        "followed by their handle, as the People page shows it.\n")


@dataclass(frozen=True)
class Plan:
    """A reply checked and ready to be made: nothing of it exists yet."""

    main: str  # the commit of main it starts from
    path: str  # in the repository
    branch: str
    text: str
    commit_message: str
    to: str  # what it answers, for people
    warnings: tuple[Finding, ...]


def run(args: argparse.Namespace, root: Path) -> int:
    g = Git(root)
    plan = _plan(args, root, g)
    commit = commit_with_file(g, plan.main, plan.path, plan.text.encode("utf-8"),
                              plan.commit_message, command="reply")
    create_and_switch(g, plan.branch, commit, command="reply")
    for finding in plan.warnings:
        print(finding, file=sys.stderr)
    print(f"Created {plan.path} on branch {plan.branch}: a reply to {plan.to}.")
    print("Next: run `intranet submit` to send it for review (to change it first, edit the "
          "file and commit)." if args.body_file is not None else "Next: write your reply in "
          "that file in place of the placeholder text, commit it, then run `intranet submit`.")
    return 0


def _plan(args: argparse.Namespace, root: Path, g: Git) -> Plan:
    """Every check, in the order a person can act on them: what was typed, the post and
    the reply answered as the shared main holds them, the reply itself, the work tree."""
    org, policy = load_org(root / "org.yml"), load_policy(root / "policy.yml")
    src = post_src(args.post)
    parent_name = reply_name(args.to) if args.to is not None else ""
    author = author_of(g, org, args.author, "reply-author")
    body, origin = body_text(args.body_file) if args.body_file is not None else (BODY, "")
    if g.config(f"remote.{REMOTE}.url"):
        g.fetch()  # answer the post as it is published now, not an old copy of it
    main = target(g)
    content = (root.resolve().relative_to(g.top.resolve()) / "content").as_posix() + "/"
    ctx = Context(policy, org)
    post = open_post(g, main, src, ctx, prefix=content)
    parent = answered_reply(g, main, src, parent_name, ctx, prefix=content) \
        if parent_name else None
    when = now()
    reply = f"{folder_of(src)}/{file_name(when, author)}"
    head = front_matter(src, parent=parent_name, when=when, author=author,
                        classification=classification(policy, post, parent),
                        version=policy.current)
    site = root / "mkdocs.yml"
    checking = replace(ctx, changed=True, lookup=lambda s: g.read(main, content + s),
                       site_config=site.read_text(encoding="utf-8") if site.is_file() else "")
    warnings = _check(reply, head + "\n" + body, checking, origin=origin,
                      body_line=head.count("\n") + 2)
    refuse_uncommitted(g, "reply-uncommitted", "`intranet reply` switches to a new branch, "
                       "which would carry this work over into your reply's branch",
                       "intranet reply")
    branch = f"{POSTS}{src.split('/')[0]}/reply-{slug(src)}-{when:%Y%m%d-%H%M}-{author}"
    _refuse_clobber(g, main, content + reply, branch)
    to = f'"{safe_line(post.title)}"'
    if parent is not None:
        to = f"{_names(org, parent)}'s reply {parent_name} on {to}"
    return Plan(main, content + reply, branch, head + "\n" + body, f"Reply to {post.title}", to,
                tuple(warnings))


def now() -> dt.datetime:
    """The day by the build's clock (INTRANET_TODAY previews another day), the time of
    day by the machine's; to the minute, as a reply's date and file name give it."""
    moment = dt.datetime.now()
    return dt.datetime.combine(clock.today(), dt.time(moment.hour, moment.minute))


def front_matter(post: str, *, parent: str, when: dt.datetime, author: str,
                 classification: str, version: str) -> str:
    lines = ["---", f"post: {post}", *([f"in_reply_to: {parent}"] if parent else []),
             f"date: {when:%Y-%m-%d %H:%M}", f"authors: [{author}]",
             f"classification: {classification}", f'policy: "{version}"', "---"]
    return "\n".join(lines) + "\n"


def _check(src: str, text: str, ctx: Context, *, origin: str, body_line: int
           ) -> list[Finding]:
    """The policy check of the reply as it would be written, exactly as `intranet check`
    runs it, with its post as main holds it. A finding in the body names --body-file's
    line. Errors refuse; the warnings are returned, to be printed once the reply exists."""
    report = check_tree([(src, text.encode("utf-8"), False)], ctx)
    findings = [f._replace(path=origin, line=f.line - body_line + 1)
                if origin and f.path == PREFIX + src and f.line >= body_line else f
                for f in report.findings]
    if any(f.severity == "error" for f in findings):
        raise IntranetError(findings)
    return findings


def _refuse_clobber(g: Git, main: str, path: str, branch: str) -> None:
    if g.read(main, path) is not None:
        raise fail("reply-exists", f"{path} already exists: you answered this post a "
                   "moment ago; wait a minute and run `intranet reply` again")
    if branch in g.branches(POSTS, remote=False) or branch in g.branches(POSTS):
        raise fail("reply-exists", f"branch {branch} already exists; `git switch {branch}` "
                   "to go on with that reply, or wait a minute and run `intranet reply` again")


def _names(org: Org, reply: Reply) -> str:
    return " and ".join(p.name if (p := org.person(h)) else h for h in reply.authors)
