"""`intranet digest`, run as readers' admins run it, against the demo company on the
suite's day (INTRANET_TODAY=2026-11-25): what it chooses, both parts of the message, the
.eml, and delivery to a real SMTP server (aiosmtpd) with STARTTLS and a login from the
environment; every refusal by its exact message."""

from __future__ import annotations

import email
import re
import subprocess
import sys
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from conftest import subprocess_env
from mailserver import PASSWORD, USER, smtp_server

SINCE = ["--since", "2026-11-01"]
SUBJECT = "Fieldstone intranet digest: from 1 November 2026 to 25 November 2026"
SITE = "https://intranet.fieldstone.example/"
ANNOUNCEMENTS = ["Action needed: move to the company password manager by 15 December",
                 "Open enrolment for 2027 benefits: 10 November to 4 December"]
NEW_IN_SALES = ["Save the date: sales kick-off, 19 to 21 January 2027",
                "Our first customer advisory board meets in Bristol"]
HELD = ["Something new is coming to the Fieldstone brand",  # a draft of 20 November
        "Our new Manchester office is open",  # scheduled for 2027
        "Q3"]  # the expired sales incentive


def digest(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "intranet.cli.main", "digest", *args],
                          cwd=project, capture_output=True, text=True, check=False,
                          env={**subprocess_env(), "INTRANET_SITE_URL": SITE, **env})


def parts(message: EmailMessage) -> tuple[str, str]:
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",))
    rich = message.get_body(("html",))
    assert plain is not None and rich is not None
    return plain.get_content(), rich.get_content()


def parsed(text: str) -> EmailMessage:
    message = email.message_from_string(text, policy=default)
    assert isinstance(message, EmailMessage)
    return message


def headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.isupper() and line.strip()]


def test_the_digest_lists_what_was_published_announcements_first(project: Path) -> None:
    done = digest(project, *SINCE)
    assert (done.returncode, done.stderr) == (0, "")
    message = parsed(done.stdout)
    assert message["Subject"] == SUBJECT
    assert message["From"] == "Fieldstone intranet <intranet@intranet.fieldstone.example>"
    text, page = parts(message)
    assert headings(text) == ["ANNOUNCEMENTS", "NEW IN SALES", "MOST ACTIVE DISCUSSIONS"]
    titles = ANNOUNCEMENTS + NEW_IN_SALES
    assert [text.index(t) for t in titles] == sorted(text.index(t) for t in titles)
    assert ("Save the date: sales kick-off, 19 to 21 January 2027\nSam Whitfield and Lena "
            "Vogel · 24 November 2026\n") in text
    assert f"{SITE}sales/posts/sales-kickoff-2027/\n" in text
    assert ("Open enrolment for 2027 benefits: 10 November to 4 December\n4 new replies, the "
            "latest by Hana Kim on 23 November 2026, 09:15\n"
            f"{SITE}hr/posts/open-enrolment-2027/#reply-20261123-0915-hana\n") in text
    assert text.endswith(f"--\nEverything, and how to take part: {SITE}\n")
    for title in titles:
        assert title.replace("&", "&amp;") in page
    for held in HELD:
        assert held not in text and held not in page


def test_the_html_part_is_inline_styled_links_only_to_the_site_and_runs_nothing(
        project: Path) -> None:
    _, page = parts(parsed(digest(project, *SINCE).stdout))
    assert re.findall(r"<(?:img|script|link|style|iframe|object|embed)\b", page, re.I) == []
    assert re.findall(r"<[^>]*\son\w+\s*=", page, re.I) == []  # no event handlers
    links = re.findall(r'href="([^"]+)"', page)
    assert len(links) == 8  # 2 announcements, 2 new posts, 3 discussions, the site
    assert all(link.startswith(SITE) for link in links), links
    assert 'style="' in page and "<style" not in page


def test_a_department_digest_holds_only_that_department(project: Path) -> None:
    text, _ = parts(parsed(digest(project, *SINCE, "--department", "hr").stdout))
    assert text.startswith("Fieldstone intranet digest · People & HR: from 1 November 2026 "
                           "to 25 November 2026\n")
    assert headings(text) == ["ANNOUNCEMENTS", "MOST ACTIVE DISCUSSIONS"]
    assert ANNOUNCEMENTS[1] in text and ANNOUNCEMENTS[0] not in text
    assert NEW_IN_SALES[0] not in text


def test_the_period_runs_on_the_builds_clock(project: Path) -> None:
    done = digest(project, *SINCE, "--until", "2027-02-01")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "--until:1:1: error digest-period the period ends after today (2026-11-25), and what "
        "is dated later is not published yet; end it today or earlier\n")
    # On the day the site will show the Manchester office, so does the digest.
    later = digest(project, "--since", "2027-02-01", INTRANET_TODAY="2027-02-01")
    assert "Our new Manchester office is open" in parts(parsed(later.stdout))[0]


def test_an_empty_period_sends_nothing_and_says_so(project: Path) -> None:
    with smtp_server() as server:
        done = digest(project, "--since", "2026-06-01", "--until", "2026-06-02",
                      "--department", "marketing", "--smtp", server.address, "--from",
                      "intranet@fieldstone.example", "--to", "all@fieldstone.example")
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == ("Nothing was published from 1 June 2026 to 2 June 2026; no digest "
                           "to send.\n")
    assert server.inbox.received == []


def test_output_writes_an_eml_and_never_overwrites(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "digest.eml"
    done = digest(project, *SINCE, "--output", str(out))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", f"Wrote the digest to {out}.\n")
    assert parsed(out.read_text(encoding="utf-8"))["Subject"] == SUBJECT
    out.write_text("keep me", encoding="utf-8")
    again = digest(project, *SINCE, "--output", str(out))
    assert (again.returncode, again.stderr) == (2, f"{out}:1:1: error digest-output the file "
                                                "exists; name a new file, or remove it first "
                                                "(nothing is overwritten)\n")
    assert out.read_text(encoding="utf-8") == "keep me"


def test_smtp_delivers_both_parts_to_every_recipient(project: Path) -> None:
    with smtp_server() as server:
        done = digest(project, *SINCE, "--smtp", server.address, "--from",
                      "intranet@fieldstone.example", "--to", "all@fieldstone.example",
                      "--to", "board@fieldstone.example")
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == (f"Sent the digest to all@fieldstone.example, board@fieldstone."
                           f"example through {server.address}.\n")
    [(sender, recipients, message)] = server.inbox.received
    assert sender == "intranet@fieldstone.example"
    assert recipients == ["all@fieldstone.example", "board@fieldstone.example"]
    assert message["Subject"] == SUBJECT
    text, page = parts(message)
    assert NEW_IN_SALES[1] in text and NEW_IN_SALES[1] in page


def test_starttls_and_a_login_from_the_environment(project: Path, tmp_path: Path) -> None:
    with smtp_server(tmp_path) as server:
        done = digest(project, *SINCE, "--smtp", server.address, "--from",
                      "intranet@fieldstone.example", "--to", "all@fieldstone.example",
                      INTRANET_SMTP_USER=USER, INTRANET_SMTP_PASSWORD=PASSWORD,
                      INTRANET_SMTP_CA_FILE=str(server.ca_file))
        wrong = digest(project, *SINCE, "--smtp", server.address, "--from",
                       "intranet@fieldstone.example", "--to", "all@fieldstone.example",
                       INTRANET_SMTP_USER=USER, INTRANET_SMTP_PASSWORD="guess",
                       INTRANET_SMTP_CA_FILE=str(server.ca_file))
    assert (done.returncode, done.stderr.startswith("Sent the digest")) == (0, True)
    assert server.inbox.logins == [USER] and len(server.inbox.received) == 1
    assert (wrong.returncode, wrong.stdout) == (2, "")
    assert wrong.stderr.startswith(f"intranet: error mail-login the mail server at "
                                   f"{server.address} refused the login of INTRANET_SMTP_USER "
                                   "(535 ")
    assert wrong.stderr.endswith("); nothing was sent\n")


def test_no_password_crosses_the_network_in_clear(project: Path) -> None:
    with smtp_server() as server:
        done = digest(project, *SINCE, "--smtp", server.address, "--from", "a@fieldstone."
                      "example", "--to", "b@fieldstone.example", INTRANET_SMTP_USER=USER,
                      INTRANET_SMTP_PASSWORD=PASSWORD)
    assert (done.returncode, done.stderr) == (2, (
        f"intranet: error mail-tls the mail server at {server.address} offers no STARTTLS, so "
        "the login would cross the network in clear; use a server that offers it, or unset "
        "INTRANET_SMTP_USER\n"))
    assert server.inbox.received == []


def test_a_refusing_server_fails_the_run_with_its_answer(project: Path) -> None:
    with smtp_server(refuse="554 5.7.1 Message rejected by policy") as server:
        done = digest(project, *SINCE, "--smtp", server.address, "--from",
                      "intranet@fieldstone.example", "--to", "all@fieldstone.example")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"intranet: error mail-refused the mail server at {server.address} "
                           "refused the message (554 5.7.1 Message rejected by policy); "
                           "nothing was sent\n")


def test_a_server_that_is_not_there(project: Path) -> None:
    done = digest(project, *SINCE, "--smtp", "127.0.0.1:9", "--from", "a@fieldstone.example",
                  "--to", "b@fieldstone.example")
    assert done.returncode == 2
    assert done.stderr.startswith("intranet: error mail-connect cannot deliver through "
                                  "127.0.0.1:9 (ConnectionRefusedError: ")
    assert done.stderr.endswith("); check --smtp and that the server is up\n")


def test_smtp_needs_a_sender_recipients_and_a_port(project: Path) -> None:
    done = digest(project, *SINCE, "--smtp", "mail.fieldstone.example")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "--from:1:1: error digest-mail --smtp needs --from ADDR, the address the digest "
        "comes from",
        "--to:1:1: error digest-mail --smtp needs at least one --to ADDR",
        "intranet: error mail-server --smtp 'mail.fieldstone.example' is not HOST:PORT "
        "(e.g. smtp.fieldstone.example:587)"]


@pytest.mark.parametrize(("args", "expected"), [
    (["--department", "legal"],
     "--department:1:1: error digest-department there is no department 'legal' in org.yml; "
     "use one of: engineering, marketing, hr, it, sales\n"),
    (["--until", "2026-10-01"],
     "--since:1:1: error digest-period the period starts (2026-11-01) after it ends "
     "(2026-10-01); swap them\n"),
])
def test_bad_arguments_are_named(project: Path, args: list[str], expected: str) -> None:
    done = digest(project, *SINCE, *args)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", expected)
