"""The one module that talks SMTP, for the digest and the notices.

The server is named on the command line (`HOST:PORT`); the login never is, since command
lines are visible to every user of the machine and kept in shell histories: it comes from
INTRANET_SMTP_USER and INTRANET_SMTP_PASSWORD. STARTTLS is used whenever the server offers
it, and the password is never sent over a connection that is not encrypted. A server whose
certificate comes from the company's own authority is trusted through
INTRANET_SMTP_CA_FILE."""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage

from intranet.errors import IntranetError, error

TIMEOUT = 30  # seconds: a server that stops answering must not hang a push or a schedule


def parse_server(value: str) -> tuple[str, int]:
    host, colon, port = value.rpartition(":")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise _fail("mail-server", f"--smtp {value!r} is not HOST:PORT (e.g. "
                    "smtp.fieldstone.example:587)")
    return host.strip("[]"), int(port)


def send(message: EmailMessage, server: str, setting: str = "--smtp") -> None:
    """Deliver `message` to every recipient in its headers, or raise IntranetError;
    `setting` is where the person reading the error set the server."""
    host, port = parse_server(server)
    user = os.environ.get("INTRANET_SMTP_USER", "")
    password = os.environ.get("INTRANET_SMTP_PASSWORD", "")
    try:
        with smtplib.SMTP(host, port, timeout=TIMEOUT) as smtp:
            smtp.ehlo()
            encrypted = smtp.has_extn("starttls")
            if encrypted:
                smtp.starttls(context=_tls())
                smtp.ehlo()
            if user:
                if not encrypted:
                    raise _fail("mail-tls", f"the mail server at {server} offers no "
                                "STARTTLS, so the login would cross the network in clear; "
                                "use a server that offers it, or unset INTRANET_SMTP_USER")
                smtp.login(user, password)
            refused = smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise _fail("mail-login", f"the mail server at {server} refused the login of "
                    f"INTRANET_SMTP_USER ({_said(exc)}); nothing was sent") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise _fail("mail-refused", f"the mail server at {server} refused every recipient "
                    f"({', '.join(sorted(exc.recipients))}); nothing was sent") from None
    except smtplib.SMTPResponseException as exc:
        raise _fail("mail-refused", f"the mail server at {server} refused the message "
                    f"({_said(exc)}); nothing was sent") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise _fail("mail-connect", f"cannot deliver through {server} ({exc.__class__.__name__}"
                    f": {exc}); check {setting} and that the server is up") from None
    if refused:
        raise _fail("mail-refused", f"the mail server at {server} refused "
                    f"{', '.join(sorted(refused))}; the others were sent")


def _tls() -> ssl.SSLContext:
    cafile = os.environ.get("INTRANET_SMTP_CA_FILE") or None
    return ssl.create_default_context(cafile=cafile)


def _said(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) \
        else str(exc.smtp_error)
    return f"{exc.smtp_code} {text}".strip()


def _fail(rule: str, message: str) -> IntranetError:
    return IntranetError([error("intranet", 0, 0, rule, message)])
