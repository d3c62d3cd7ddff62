"""`intranet digest --since DATE`: one e-mail of what the intranet published in a period,
chosen on the build's clock from the site the build would publish, so it lists exactly
what readers can open. Printed, written as an .eml, or sent through a mail server."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

from intranet import clock, mail
from intranet.config.siteconfig import site_url
from intranet.errors import IntranetError, error
from intranet.policy.published import published_site
from intranet.site import digestmail
from intranet.site.digest import Digest, digest
from intranet.site.plan import Site
from intranet.site.report import Links


def run(args: argparse.Namespace, root: Path) -> int:
    today = clock.today()
    until = args.until or today
    _refuse_bad_arguments(args, today)
    site = published_site(root, today)
    chosen = digest(site, args.since, until, args.department or "")
    if chosen.empty:
        print(f"Nothing was published {digestmail.subject(chosen).split(': ', 1)[1]}; no "
              "digest to send.", file=sys.stderr)
        return 0
    message = compose(chosen, site, site_url(root), args.sender, args.recipients)
    if args.output:
        _write(args.output, message)
        print(f"Wrote the digest to {args.output}.", file=sys.stderr)
    if args.smtp:
        mail.send(message, args.smtp)
        print(f"Sent the digest to {', '.join(args.recipients)} through {args.smtp}.",
              file=sys.stderr)
    if not args.output and not args.smtp:
        sys.stdout.write(message.as_string())
    return 0


def compose(chosen: Digest, site: Site, address: str, sender: str | None,
            recipients: list[str]) -> EmailMessage:
    links = Links(address, "", "none")
    host = urlsplit(address).hostname or "localhost"
    message = EmailMessage()
    message["Subject"] = digestmail.subject(chosen)
    message["From"] = sender or f"{site.org.company} intranet <intranet@{host}>"
    if recipients:
        message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid("digest", domain=host)
    message.set_content(digestmail.text(chosen, site.org, links.page_url))
    message.add_alternative(digestmail.page(chosen, site.org, links.page_url), subtype="html")
    return message


def _refuse_bad_arguments(args: argparse.Namespace, today: dt.date) -> None:
    found = []
    if args.until and args.until > today:
        found.append(error("--until", 1, 1, "digest-period", f"the period ends after today "
                           f"({today}), and what is dated later is not published yet; end "
                           "it today or earlier"))
    if args.smtp and not args.sender:
        found.append(error("--from", 1, 1, "digest-mail", "--smtp needs --from ADDR, the "
                           "address the digest comes from"))
    if args.smtp and not args.recipients:
        found.append(error("--to", 1, 1, "digest-mail", "--smtp needs at least one --to ADDR"))
    if args.smtp:
        try:
            mail.parse_server(args.smtp)
        except IntranetError as exc:
            found += exc.findings
    if args.output and args.output.exists():
        found.append(error(str(args.output), 1, 1, "digest-output", "the file exists; "
                           "name a new file, or remove it first (nothing is overwritten)"))
    if found:
        raise IntranetError(found)


def _write(path: Path, message: EmailMessage) -> None:
    try:
        with path.open("xb") as handle:  # x: a file made meanwhile is not overwritten
            handle.write(message.as_bytes())
    except OSError as exc:
        raise IntranetError([error(str(path), 1, 1, "digest-output", f"cannot write the "
                                   f"digest ({exc.strerror}); name a writable file")]) from None
