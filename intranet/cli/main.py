"""The `intranet` command: argument parsing in one place, and the one error boundary that
turns an IntranetError into messages and an exit code instead of a traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from intranet.display import safe_line
from intranet.errors import IntranetError

FLAVORS = ("github", "gitlab")  # intranet.codeowners.org.FLAVORS; a test keeps them equal
FORMATS = ("text", "json", "github")  # intranet.cli.output.FORMATS; likewise

EXIT_CONFIG = 2
EXIT_BUG = 3
ANYWHERE = {"server-hook"}  # commands that need no intranet checkout around them


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intranet", description="Post, check and moderate "
                                     "the company intranet kept in this git repository.")
    parser.add_argument("--root", type=Path, default=None, help="the intranet repository "
                        "(default: the nearest folder upwards holding org.yml)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     help="what to do; `intranet COMMAND --help` tells more")
    _command(commands, "org", "validate org.yml and summarise the org chart",
             "Check org.yml (departments, people, owners) and print a summary of the org "
             "chart; every problem is reported with its line.")
    check = _command(commands, "check", "apply the content policy to posts and pages",
                     "Apply the content policy (policy.yml) to posts and pages, exactly as "
                     "the site build does. Exit 0: no errors; 1: errors; 2: a usage or "
                     "configuration error.")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="files or folders under content/ (default: all of content/)")
    check.add_argument("--changed-since", metavar="REF", help="check only files added or "
                       "changed since REF; they must name the current policy version")
    check.add_argument("--format", choices=FORMATS, default="text", help="text for people "
                       "(default), json for tools, github for GitHub Actions annotations")
    check.add_argument("--no-cache", action="store_true", help="check every file afresh "
                       "instead of reusing results for unchanged files (.cache/intranet/)")
    _ownership(commands)
    _moderation(commands)
    _following(commands)
    _verify(commands)
    return parser


def _command(commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
             summary: str, description: str) -> argparse.ArgumentParser:
    """A subcommand: `summary` for the list in `intranet --help`, `description` for its own
    --help."""
    return commands.add_parser(name, help=summary, description=description)


def _moderation(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = _command(commands, "new", "start a post on its own branch",
                   "Start a post: create content/<department>/posts/<yyyy>/<name>.md (this "
                   "year's folder) with valid front-matter on a new branch "
                   "post/<department>/<name> made from the "
                   "latest main, and switch to it. Refused, with nothing created, when the "
                   "work tree has uncommitted changes or the file or branch exists.")
    new.add_argument("--department", required=True, metavar="D",
                     help="the department the post belongs to (its id in org.yml, e.g. "
                     "engineering)")
    new.add_argument("--title", required=True, metavar="T", help="the post's title, plain "
                     "text; it also names the file and the branch")
    new.add_argument("--tags", metavar="a,b", help="tags from the taxonomy in policy.yml, "
                     "comma-separated; checked as `intranet check` does (one outside the "
                     "taxonomy is a warning)")
    new.add_argument("--author", metavar="HANDLE", help="the author's handle in org.yml "
                     "(default: yours, from git's user.email)")
    _reply(commands)
    _command(commands, "submit", "check and push the current post branch for review",
             "Check the current post branch against the policy and push it to the shared "
             "repository for review, then say whose approval it needs. Refused when work "
             "is not committed, when it conflicts with main, or when the shared branch "
             "holds someone else's commits you do not have.")
    queue = _command(commands, "queue", "the submissions waiting for a decision",
                     "List the submissions waiting for a decision: author, sections, policy "
                     "check, approvals given, age.")
    queue.add_argument("--for", dest="for_handle", metavar="HANDLE",
                       help="only what HANDLE may approve")
    queue.add_argument("--mine", action="store_true",
                       help="your own submissions, rejected ones included")
    show = _command(commands, "show", "what a submission would publish: its commit, "
                    "authors, sections, owners, policy findings and full diff",
                    "Show what a submission would publish: its commit, authors, sections, "
                    "owners, policy findings and the full diff against main.")
    show.add_argument("branch", metavar="BRANCH", help="the submission's branch, e.g. "
                      "post/engineering/our-new-build-farm")
    _decisions(commands)
    audit = _command(commands, "audit", "prove every change on main was approved",
                     "Fetch the shared repository's main and walk its first-parent history "
                     "from where moderation started (moderation.since in policy.yml), "
                     "judging each commit by the rules of the main it landed on; report "
                     "every change that did not arrive through a valid approval. Exit 1 "
                     "when any is found.")
    audit.add_argument("--since", metavar="REF", help="judge only what came after REF "
                       "(default: moderation.since in policy.yml)")
    audit.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default) or json for tools")
    hook = _command(commands, "server-hook", "install the pre-receive hook that protects "
                    "main in the shared bare repository",
                    "Install a pre-receive hook in the shared bare repository that refuses "
                    "any push that would fail the audit on main, delete, move or forge a "
                    "moderation record, name a ref like main, or bring a secret or a blocked "
                    "word into the repository on any branch. With --notify-smtp and "
                    "--notify-from, also a post-receive hook that e-mails the people each "
                    "push concerns; a notice that cannot be sent never stops a push.")
    hook.add_argument("action", choices=("install",), help="install: write the hook into "
                      "the repository's hooks/ folder")
    hook.add_argument("repository", type=Path, metavar="PATH_TO_BARE_REPO",
                      help="the shared bare repository everyone pushes to")
    hook.add_argument("--pusher-env", metavar="VAR", help="the environment variable in "
                      "which the git server names the authenticated pusher (gitolite: "
                      "GL_USER; Gitea/Forgejo: GITEA_PUSHER_NAME; GitLab: GL_USERNAME)")
    hook.add_argument("--notify-smtp", metavar="HOST:PORT", help="also install a "
                      "post-receive hook that e-mails notices through this server: owners "
                      "when a submission waits for them, authors when theirs is published "
                      "or rejected, people mentioned once published (login from the git "
                      "server's INTRANET_SMTP_USER and INTRANET_SMTP_PASSWORD)")
    hook.add_argument("--notify-from", metavar="ADDR", help="the address notices come "
                      "from (with --notify-smtp, required)")


def _reply(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    reply = _command(commands, "reply", "answer a published post, or a reply to it, on its "
                     "own branch",
                     "Start a reply to a published post: create content/<department>/replies/"
                     "<post name>/<yyyymmdd-hhmm>-<you>.md with valid front-matter on a new "
                     "branch post/<department>/reply-<post name>-<yyyymmdd-hhmm>-<you> made "
                     "from the latest main, commit it, and switch to it. Refused, with "
                     "nothing created, when the post is missing, a draft, scheduled, expired "
                     "or closed to replies, when --to names no reply or a reply to a reply, "
                     "or when the work tree has uncommitted changes.")
    reply.add_argument("post", metavar="POST", help="the post to answer: its file (e.g. "
                       "engineering/posts/hackathon-winners.md, with or without content/) or "
                       "the address of its page (engineering/posts/hackathon-winners/)")
    reply.add_argument("--to", metavar="REPLY", help="answer this reply to the post instead "
                       "of the post itself: its file name without .md (e.g. "
                       "20261120-1015-grace); replies nest one level only")
    reply.add_argument("--author", metavar="HANDLE", help="the author's handle in org.yml "
                       "(default: yours, from git's user.email)")
    reply.add_argument("--body-file", metavar="FILE", help="the text of the reply, in "
                       "Markdown (- reads it from standard input); checked as `intranet "
                       "check` does. Default: a placeholder to replace before you submit")


def _following(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    digest = _command(commands, "digest", "one e-mail of what the intranet published in a "
                      "period", "Write the digest of what the site published in a period "
                      "(on the build's clock, INTRANET_TODAY): announcements in force, new "
                      "posts by department, newest first, and the most active discussions; "
                      "as text and HTML. Printed, written to --output, or sent with --smtp "
                      "(login from INTRANET_SMTP_USER and INTRANET_SMTP_PASSWORD, never "
                      "from arguments; STARTTLS whenever the server offers it).")
    digest.add_argument("--since", required=True, type=_date, metavar="DATE",
                        help="the first day of the period, YYYY-MM-DD")
    digest.add_argument("--until", type=_date, metavar="DATE", help="the last day of the "
                        "period (default: today)")
    digest.add_argument("--department", metavar="D", help="only this department (its id "
                        "in org.yml)")
    digest.add_argument("--output", type=Path, metavar="FILE", help="write the message to "
                        "FILE (.eml) instead of printing it; an existing file is refused")
    digest.add_argument("--smtp", metavar="HOST:PORT", help="send it through this server")
    digest.add_argument("--from", dest="sender", metavar="ADDR", help="the sender (with "
                        "--smtp, required)")
    digest.add_argument("--to", dest="recipients", action="append", default=[],
                        metavar="ADDR", help="a recipient; repeat for more (with --smtp, "
                        "at least one)")


def _verify(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verify = _command(commands, "verify", "refuse a built site that skipped the policy",
                      "Check a built site against this repository before it is published: "
                      "it must have been built through the intranet hooks, every page must "
                      "carry the Content-Security-Policy and the sanitizer's mark, and its "
                      "posts must be exactly those `intranet check` and today's date publish. "
                      "Exit 1, naming each problem, when any of that fails.")
    verify.add_argument("site_dir", type=Path, metavar="SITE_DIR",
                        help="the folder `mkdocs build` wrote (its --site-dir)")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write YYYY-MM-DD") from None


def _decisions(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name, what, more in (
            ("approve", "approve a submission (the last approval publishes it)",
             "Approve a submission as one of the owners it needs; the last approval it "
             "needs merges it into main and publishes it."),
            ("reject", "reject a submission, with a reason for its author",
             "Reject a submission: the reason is recorded for its author, who sees it in "
             "`intranet queue --mine`; the branch stays as it is.")):
        decide = _command(commands, name, what, more)
        decide.add_argument("branch", metavar="BRANCH", help="the submission's branch, e.g. "
                            "post/engineering/our-new-build-farm")
        decide.add_argument("--as", dest="as_handle", required=True, metavar="HANDLE",
                            help="your handle in org.yml; git here must be set up as you "
                            "(user.email)")
        decide.add_argument("--commit", metavar="SHA", help="the commit you reviewed (from "
                            "`intranet show`); refused if the branch has moved since")
        if name == "reject":
            decide.add_argument("--reason", required=True, metavar="TEXT",
                                help="why, in words its author can act on")


def _ownership(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    codeowners = _command(commands, "codeowners", "generate CODEOWNERS from org.yml, or "
                          "check it", "Generate the CODEOWNERS file from org.yml (write), or "
                          "check that it is current and has no mistakes (check).")
    actions = codeowners.add_subparsers(dest="action", required=True, metavar="ACTION",
                                        help="write or check")
    for name, what in (("write", "write CODEOWNERS from org.yml"),
                       ("check", "fail if CODEOWNERS is stale or has mistakes")):
        action = actions.add_parser(name, help=what, description=what[0].upper() + what[1:]
                                    + ".")
        action.add_argument("--flavor", choices=FLAVORS, default="github",
                            help="GitHub's syntax (.github/CODEOWNERS) or GitLab's sections "
                            "(.gitlab/CODEOWNERS)")
        action.add_argument("--file", type=Path, metavar="PATH", help="another CODEOWNERS "
                            "file (check: validated only; write: written there)")
    owners = _command(commands, "owners", "who owns each path, and which approvals a "
                      "change needs", "Say who owns each path, and which approvals a change "
                      "to those paths needs.")
    owners.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or folders (default: every file in the repository)")
    owners.add_argument("--changed-since", metavar="REF", help="the files added or changed "
                        "since REF")
    owners.add_argument("--codeowners", type=Path, metavar="FILE",
                        help="the CODEOWNERS file (default: .github/CODEOWNERS)")
    owners.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for people (default) or json for tools")


# Each command's module is imported only when it runs: `intranet check` in a pre-commit
# hook should not pay for loading git, the moderation code and the CODEOWNERS engine.
COMMANDS = {
    "org": "org",
    "check": "check",
    "codeowners": "codeowners",
    "owners": "owners",
    "new": "new",
    "reply": "reply",
    "submit": "submit",
    "queue": "queue",
    "show": "show",
    "approve": "approve",
    "reject": "reject",
    "audit": "audit",
    "server-hook": "server_hook",
    "digest": "digest",
    "verify": "verify",
}


def _run(command: str, args: argparse.Namespace, root: Path) -> int:
    module = importlib.import_module(f"intranet.cli.{COMMANDS[command]}")
    status: int = module.run(args, root)
    return status


def find_root(start: Path) -> Path | None:
    return next((f for f in (start, *start.parents) if (f / "org.yml").is_file()), None)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root or find_root(Path.cwd())
    if root is None and args.command in ANYWHERE:
        root = Path.cwd()
    if root is None:
        print("intranet: no org.yml here or in any parent folder; run this inside the "
              "intranet repository or pass --root", file=sys.stderr)
        return EXIT_CONFIG
    try:
        # Absolute, so paths given relative to it and paths git reports compare equal.
        return _run(args.command, args, root.absolute())
    except IntranetError as exc:
        for finding in exc.findings:
            print(finding, file=sys.stderr)
        return EXIT_CONFIG
    except BrokenPipeError:  # `intranet ... | head` closed the pipe: not our error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug of ours: say so plainly (INTRANET_DEBUG=1: traceback)
        if os.environ.get("INTRANET_DEBUG"):
            raise
        print(f"intranet: internal error in `intranet {args.command}` ({type(exc).__name__}: "
              f"{safe_line(str(exc))[:300]}); this is a bug: please report it with the command "
              "you ran (INTRANET_DEBUG=1 shows where it happened)", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    raise SystemExit(main())
