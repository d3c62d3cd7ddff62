"""The post-receive hook: after a push has landed, e-mail the people it concerns (see
notices.py). It runs after git has updated the refs, so it can neither refuse nor undo
a push, and it must never fail one: whatever goes wrong (an unreadable push, a mail
server that is down or refuses) is one line to the pusher, who sees it as "remote:
intranet: notice not sent: ...", and one line with the time in UTC in
<bare repository>/intranet-notices.log. It always exits 0.

Where mail goes is set by `intranet server-hook install --notify-smtp HOST:PORT
--notify-from ADDR`, written into the hook script as INTRANET_NOTIFY_SMTP and
INTRANET_NOTIFY_FROM; the login comes from the git server's own environment
(INTRANET_SMTP_USER, INTRANET_SMTP_PASSWORD), as intranet/mail.py reads it."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

from intranet.display import safe_line
from intranet.errors import IntranetError
from intranet.git import Git
from intranet.moderation.noticemail import deliver
from intranet.moderation.notices import Update, notices

LOG = "intranet-notices.log"
PREFIX = "intranet: notice not sent: "
HEX = re.compile(r"[0-9a-f]{40}\Z")  # as serverhook.py reads them, without loading it
LINES = 10_000  # ref updates read from one push; more is no push a person made


def main() -> int:
    bare = Path.cwd()
    try:
        failed = run(bare, sys.stdin.read(1 << 22).splitlines()[:LINES])
    except Exception as exc:  # the last line of defence: a push is never failed by a notice
        detail = exc.findings[0].message if isinstance(exc, IntranetError) and exc.findings \
            else f"{type(exc).__name__}: {exc}"
        failed = [f"the hook could not work out this push's notices ({detail})"]
    report(bare, failed)
    return 0


def run(bare: Path, lines: list[str]) -> list[str]:
    updates: list[Update] = []
    failed: list[str] = []
    for line in lines:
        words = line.split()
        if len(words) == 3 and HEX.match(words[0]) and HEX.match(words[1]):
            updates.append((words[0], words[1], words[2]))
        else:
            failed.append(f"git sent the hook a line it cannot read ({line[:100]!r})")
    found, unread = notices(Git(bare), updates)
    failed += unread
    server = os.environ.get("INTRANET_NOTIFY_SMTP", "")
    sender = os.environ.get("INTRANET_NOTIFY_FROM", "")
    if found and not (server and sender):
        return [*failed, f"{len(found)} notice(s): the hook has no mail server or sender; run "
                "`intranet server-hook install` again with --notify-smtp and --notify-from"]
    return [*failed, *deliver(found, server, sender)]


def report(bare: Path, failed: list[str]) -> None:
    lines = [f"{PREFIX}{safe_line(why)}" for why in failed]
    for line in lines:
        print(line, file=sys.stderr)
    if not lines:
        return
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        with (bare / LOG).open("a", encoding="utf-8") as log:
            log.writelines(f"{now} {line}\n" for line in lines)
    except OSError as exc:
        print(f"intranet: cannot write {bare / LOG} ({exc.strerror})", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
