"""Notices as e-mail, sent through intranet/mail.py, and what could not be sent.

Headers are built with the standard library's e-mail policy, which refuses a header
value holding a line break; before that, every value an author controls is one line
with its control characters escaped, so a title cannot add a header or a recipient.
Each notice is marked auto-generated (RFC 3834), so that out-of-office replies do not
answer it. Sending is bounded: once the server cannot be reached, or after BUDGET
seconds, the rest are reported unsent, so a push never waits long for a mail server."""

from __future__ import annotations

import datetime as dt
import time
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime, make_msgid, parseaddr

from intranet import mail
from intranet.display import safe, safe_line
from intranet.errors import IntranetError
from intranet.moderation.noticetext import Notice

SUBJECT_CHARS = 200
# Folded at 78 characters, Python breaks a header before a quoted title it cannot split
# ("Subject:" then the value on the next line), which readers show with a leading space;
# a header line may be up to 998 characters (RFC 5322), and ours stay well below.
POLICY = default.clone(max_line_length=998)
BUDGET = 60  # seconds for all the notices of one push
UNREACHABLE = ("mail-connect", "mail-tls", "mail-login")  # every later message would fail


def message(notice: Notice, sender: str) -> EmailMessage:
    """The plain-text message; a ValueError when a header cannot be made safely."""
    message = EmailMessage(policy=POLICY)
    message["Subject"] = one_line(notice.subject)[:SUBJECT_CHARS]
    message["From"] = sender
    message["To"] = Address(one_line(notice.to.name), addr_spec=notice.to.email)
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid("notice", domain=_domain(sender))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(safe(notice.text))
    return message


def one_line(value: str) -> str:
    """A header's value: control characters escaped, any line or paragraph separator
    (which the e-mail policy would count as a line break) a plain space."""
    return " ".join(safe_line(value).split())


def deliver(notices: list[Notice], server: str, sender: str) -> list[str]:
    """Send each notice; one line for each that was not sent, saying why."""
    failed: list[str] = []
    down = ""
    start = time.monotonic()
    for notice in notices:
        what = f'"{one_line(notice.subject)[:SUBJECT_CHARS]}" to {notice.to.email}'
        if not down and time.monotonic() - start > BUDGET:
            down = f"the mail server took more than {BUDGET} seconds for this push"
        if down:
            failed.append(f"{what}: {down}")
            continue
        try:
            mail.send(message(notice, sender), server, setting="the hook's --notify-smtp")
        except IntranetError as exc:
            first = exc.findings[0]
            down = first.message if first.rule in UNREACHABLE else ""
            failed.append(f"{what}: {first.message}")
        except Exception as exc:  # a bad address in org.yml, say: the others still go
            failed.append(f"{what}: {type(exc).__name__}: {exc}")
    return failed


def _domain(sender: str) -> str:
    address = parseaddr(sender)[1]
    return one_line(address.rpartition("@")[2]) or "localhost"
