"""The `intranet` command: argument parsing in one place, and the one error boundary that
turns an IntranetError into messages and an exit code instead of a traceback."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from intranet.errors import IntranetError

FLAVORS = ("github", "gitlab")  # intranet.codeowners_org.FLAVORS; a test keeps them equal
FORMATS = ("text", "json", "github")  # intranet.output.FORMATS; likewise

EXIT_CONFIG = 2
ANYWHERE = {"server-hook"}  # commands that need no intranet checkout around them


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intranet", description="Post, check and moderate "
                                     "the company intranet kept in this git repository.")
    parser.add_argument("--root", type=Path, default=None, help="the intranet repository "
                        "(default: the nearest folder upwards holding org.yml)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("org", help="validate org.yml and summarise the org chart")
    check = commands.add_parser("check", help="apply the content policy to posts and pages")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="files or folders under content/ (default: all of content/)")
    check.add_argument("--changed-since", metavar="REF", help="check only files added or "
                       "changed since REF; they must name the current policy version")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--no-cache", action="store_true", help="check every file afresh "
                       "instead of reusing results for unchanged files (.cache/intranet/)")
    _ownership(commands)
    _moderation(commands)
    return parser


def _moderation(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser("new", help="start a post on its own branch")
    new.add_argument("--department", required=True, metavar="D")
    new.add_argument("--title", required=True, metavar="T")
    new.add_argument("--tags", metavar="a,b", help="tags from the taxonomy, comma-separated")
    new.add_argument("--author", metavar="HANDLE", help="default: yours, from git's user.email")
    commands.add_parser("submit", help="check and push the current post branch for review")
    queue = commands.add_parser("queue", help="the submissions waiting for a decision")
    queue.add_argument("--for", dest="for_handle", metavar="HANDLE",
                       help="only what HANDLE may approve")
    queue.add_argument("--mine", action="store_true",
                       help="your own submissions, rejected ones included")
    for name, what in (("approve", "approve a submission (the last approval publishes it)"),
                       ("reject", "reject a submission, with a reason for its author")):
        decide = commands.add_parser(name, help=what)
        decide.add_argument("branch", metavar="BRANCH")
        decide.add_argument("--as", dest="as_handle", required=True, metavar="HANDLE")
        if name == "reject":
            decide.add_argument("--reason", required=True, metavar="TEXT")
    audit = commands.add_parser("audit", help="prove every change on main was approved")
    audit.add_argument("--since", metavar="REF", help="only what came after REF")
    audit.add_argument("--branch", metavar="BRANCH", help=argparse.SUPPRESS)
    audit.add_argument("--format", choices=("text", "json"), default="text")
    hook = commands.add_parser("server-hook", help="install the pre-receive hook that "
                               "protects main in the shared bare repository")
    hook.add_argument("action", choices=("install",))
    hook.add_argument("repository", type=Path, metavar="PATH_TO_BARE_REPO")


def _ownership(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    codeowners = commands.add_parser("codeowners", help="generate CODEOWNERS from org.yml, "
                                     "or check it")
    actions = codeowners.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, what in (("write", "write CODEOWNERS from org.yml"),
                       ("check", "fail if CODEOWNERS is stale or has mistakes")):
        action = actions.add_parser(name, help=what)
        action.add_argument("--flavor", choices=FLAVORS, default="github",
                            help="GitHub's syntax (.github/CODEOWNERS) or GitLab's sections "
                            "(.gitlab/CODEOWNERS)")
        action.add_argument("--file", type=Path, metavar="PATH", help="another CODEOWNERS "
                            "file (check: validated only; write: written there)")
    owners = commands.add_parser("owners", help="who owns each path, and which approvals "
                                 "a change needs")
    owners.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or folders (default: every file in the repository)")
    owners.add_argument("--changed-since", metavar="REF", help="the files added or changed "
                        "since REF")
    owners.add_argument("--codeowners", type=Path, metavar="FILE",
                        help="the CODEOWNERS file (default: .github/CODEOWNERS)")
    owners.add_argument("--format", choices=("text", "json"), default="text")


# Each command's module is imported only when it runs: `intranet check` in a pre-commit
# hook should not pay for loading git, the moderation code and the CODEOWNERS engine.
COMMANDS = {
    "org": "org_cmd",
    "check": "check_cmd",
    "codeowners": "codeowners_cmd",
    "owners": "owners_cmd",
    "new": "new_cmd",
    "submit": "submit_cmd",
    "queue": "queue_cmd",
    "approve": "approve_cmd",
    "reject": "reject_cmd",
    "audit": "audit_cmd",
    "server-hook": "server_hook_cmd",
}


def _run(command: str, args: argparse.Namespace, root: Path) -> int:
    module = importlib.import_module(f"intranet.commands.{COMMANDS[command]}")
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
        return _run(args.command, args, root)
    except IntranetError as exc:
        for finding in exc.findings:
            print(finding, file=sys.stderr)
        return EXIT_CONFIG
    except BrokenPipeError:  # `intranet ... | head` closed the pipe: not our error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
