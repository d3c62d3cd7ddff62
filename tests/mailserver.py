"""A real SMTP server for the tests (aiosmtpd), on a free local port: it keeps every
message it accepts, can refuse them, and can offer STARTTLS with a certificate made for
the test, and a login."""

from __future__ import annotations

import email
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "digest-bot", "correct horse battery staple"


@dataclass
class Inbox:
    refuse: str = ""  # an SMTP reply such as "550 5.7.1 ..." to answer every message with
    received: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return self.refuse
        parsed = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(parsed, EmailMessage)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                     auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER and \
                auth_data.password.decode() == PASSWORD:
            self.logins.append(USER)
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


@dataclass(frozen=True)
class Server:
    address: str  # HOST:PORT
    inbox: Inbox
    ca_file: Path | None  # the certificate to trust, when it offers STARTTLS


def certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return cert, key


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def smtp_server(tls_folder: Path | None = None, refuse: str = "") -> Iterator[Server]:
    """A running server; with `tls_folder`, it offers STARTTLS and a login."""
    inbox = Inbox(refuse)
    options: dict[str, Any] = {}
    ca_file = None
    if tls_folder is not None:
        ca_file, key = certificate(tls_folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(ca_file, key)
        options = {"tls_context": context, "authenticator": inbox.authenticate,
                   "auth_require_tls": True}
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), **options)
    controller.start()
    try:
        yield Server(f"127.0.0.1:{controller.port}", inbox, ca_file)
    finally:
        controller.stop()
