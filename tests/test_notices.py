"""Notices without a forge, all on real parts: a shared bare repository with both hooks
installed by `intranet server-hook install --notify-smtp`, a clone per person pushing
as people do, and a real SMTP server (aiosmtpd) receiving what the post-receive hook
sends. Recipients, subjects and the lines people act on are asserted exactly, and so is
what must never happen: mail to a submission's own authors, to anyone outside its
section while it waits, to an address a push chose, or a push failed by a mail server."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from mailserver import Server, smtp_server
from moderation_team import BRANCH, POST, Team, make_team, rev, submit_post

SITE = "https://intranet.fieldstone.example/"
SENDER = "Fieldstone intranet <intranet@fieldstone.example>"
TITLE = "Our new build farm"
ON_SITE = {"INTRANET_SITE_URL": SITE}  # as the git server's environment sets it
HACKATHON = 'reply to "Hackathon 2026: meet the winners"'
BODY = ("The farm builds every branch in four minutes. Thanks to @mia for the name and to "
        "@ken for the racks; `@zoe` in code and @nobody-here are no mentions. -- @eve\n")
SECRET = "The Q4 reorganisation moves the build team to Manchester."


class Mail(NamedTuple):
    to: str
    subject: str
    text: str


def mails(server: Server) -> list[Mail]:
    """What the server received since last asked, sorted by recipient; each envelope's
    recipients are exactly the message's To (no Bcc, nothing a push added)."""
    found = []
    for sender, recipients, message in server.inbox.received:
        assert sender == "intranet@fieldstone.example"
        assert message["From"] == SENDER
        assert message["Auto-Submitted"] == "auto-generated"
        assert message.get_content_type() == "text/plain"
        address = re.search(r"<([^>]+)>", message["To"])
        assert address is not None and recipients == [address[1]]
        # SMTP carries lines ending in CRLF; the text is compared as written.
        found.append(Mail(message["To"], message["Subject"],
                          message.get_content().replace("\r\n", "\n")))
    server.inbox.received.clear()
    return sorted(found)


def to(who: str) -> str:
    return {"grace": "Grace Okafor <grace@fieldstone.example>",
            "ken": "Ken Larsen <ken@fieldstone.example>",
            "eve": "Eve Martins <eve@fieldstone.example>",
            "mia": "Mia Rossi <mia@fieldstone.example>",
            "marco": "Marco Bianchi <marco@fieldstone.example>",
            "hana": "Hana Kim <hana@fieldstone.example>"}[who]


@pytest.fixture
def server() -> Iterator[Server]:
    with smtp_server() as running:
        yield running


@pytest.fixture
def team(project: Path, tmp_path: Path, server: Server) -> Team:
    return make_team(project, tmp_path / "company", hook=(
        "--notify-smtp", server.address, "--notify-from", SENDER))


def waiting_text(who: str, tip: str, name: str = TITLE, branch: str = BRANCH,
                 new_version: bool = False) -> str:
    shown = f"'{branch}'" if ";" in branch else branch
    return "\n".join([
        f"Waiting for your approval: {name}", "",
        "  by:       Eve Martins (eve)",
        "  sections: Engineering",
        f"  branch:   {branch}",
        f"  commit:   {tip}", "",
        *(["This is a new version: approvals of an earlier one do not carry over.", ""]
          if new_version else []),
        "Waiting for Engineering: one of Grace Okafor, Ken Larsen.", "",
        "Read exactly what publishing it would change, from your clone of the intranet:", "",
        f"  intranet show {shown}", "", "then decide:", "",
        f"  intranet approve {shown} --as {who} --commit {tip}",
        f"  intranet reject {shown} --as {who} --commit {tip} --reason TEXT", "",
        f"`intranet queue --for {who}` lists everything that waits for you.", ""])


def write_post(team: Team, body: str, title: str = TITLE, front_more: str = "") -> str:
    """Eve's post made with `intranet new`, its placeholder replaced by `body`, and
    submitted; returns its commit."""
    done = team.intranet("eve", "new", "--department", "engineering", "--title", title,
                         "--tags", "tools")
    assert done.returncode == 0, done.stderr
    path = re.search(r"Created (\S+) on branch", done.stdout)
    assert path is not None
    post = team.clone("eve") / path[1]
    front = post.read_text(encoding="utf-8").split("---\n")[1]
    post.write_text(f"---\n{front}{front_more}---\n\n{body}", encoding="utf-8")
    team.git("eve", "commit", "--quiet", "--all", "--message", "Write the post")
    done = team.intranet("eve", "submit")
    assert done.returncode == 0, done.stdout + done.stderr
    return rev(team, "eve", "HEAD")


def test_the_owners_a_submission_waits_for_are_told_and_nobody_else(
        team: Team, server: Server) -> None:
    tip = submit_post(team)
    assert mails(server) == [
        Mail(to("grace"), f"Waiting for your approval: {TITLE}", waiting_text("grace", tip)),
        Mail(to("ken"), f"Waiting for your approval: {TITLE}", waiting_text("ken", tip))]

    team.git("eve", "commit", "--quiet", "--amend", "--message", "Our new build farm, v2")
    assert team.intranet("eve", "submit").returncode == 0
    tip = rev(team, "eve", "HEAD")
    assert [(m.to, m.text) for m in mails(server)] == [
        (to(who), waiting_text(who, tip, new_version=True)) for who in ("grace", "ken")]


def test_an_owners_own_post_goes_to_the_other_owner_only(team: Team, server: Server) -> None:
    submit_post(team, who="grace", title="Racks arrive on Monday")
    assert [(m.to, m.subject) for m in mails(server)] == [
        (to("ken"), "Waiting for your approval: Racks arrive on Monday")]


def test_a_change_to_two_sections_tells_each_owner_once(team: Team, server: Server) -> None:
    team.git("eve", "switch", "--quiet", "--create", "post/engineering/joint")
    for dept in ("engineering", "marketing"):
        page = team.clone("eve") / "content" / dept / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nJoint update.\n",
                        encoding="utf-8")
    team.git("eve", "commit", "--quiet", "--all", "--message", "Joint update")
    assert team.intranet("eve", "submit").returncode == 0
    found = mails(server)
    assert [m.to for m in found] == [to("grace"), to("ken"), to("marco"), to("mia")]
    assert "  sections: Engineering, Marketing\n" in found[0].text
    assert ("Waiting for Engineering: one of Grace Okafor, Ken Larsen.\n"
            "Waiting for Marketing: one of Marco Bianchi, Mia Rossi.\n") in found[0].text


def test_publishing_tells_the_authors_and_the_people_mentioned(
        team: Team, server: Server) -> None:
    tip = write_post(team, BODY)
    mails(server)
    done = team.intranet("grace", "approve", BRANCH, "--as", "grace", env=ON_SITE)
    assert done.returncode == 0, done.stderr
    page = f"{SITE}engineering/posts/2026/our-new-build-farm/"
    assert mails(server) == [
        Mail(to("eve"), f"Published: {TITLE}", "\n".join([
            f"Published: {TITLE}", "",
            "  by:          Eve Martins (eve)",
            "  approved by: Grace Okafor",
            f"  branch:      {BRANCH} (commit {tip[:10]})", "",
            "Read it on the intranet:", "", f"  {page}", ""])),
        Mail(to("ken"), f"You were mentioned in {TITLE}", mentioned_text(TITLE, page)),
        Mail(to("mia"), f"You were mentioned in {TITLE}", mentioned_text(TITLE, page))]


def test_a_draft_is_published_without_telling_the_people_it_mentions(
        team: Team, server: Server) -> None:
    write_post(team, BODY, front_more="draft: true\n")
    mails(server)
    assert team.intranet("grace", "approve", BRANCH, "--as", "grace", env=ON_SITE
                         ).returncode == 0
    found = mails(server)
    assert [(m.to, m.subject) for m in found] == [(to("eve"), f"Published: {TITLE}")]
    assert found[0].text.endswith(f"\n  {SITE}engineering/posts/2026/our-new-build-farm/ "
                                  "(a draft: the site does not show it)\n")


def mentioned_text(title: str, url: str) -> str:
    return (f"You were mentioned in {title}\n\nEve Martins (eve) mentioned you in {title}, "
            f"now published on the intranet:\n\n  {url}\n")


def test_a_rejection_tells_the_authors_why(team: Team, server: Server) -> None:
    tip = submit_post(team)
    mails(server)
    done = team.intranet("grace", "reject", BRANCH, "--as", "grace", "--reason",
                         "Please add the date and the room.")
    assert done.returncode == 0, done.stderr
    assert mails(server) == [Mail(to("eve"), f"Rejected: {TITLE}", "\n".join([
        f"Rejected: {TITLE}", "",
        "  by:          Eve Martins (eve)",
        "  rejected by: Grace Okafor",
        f"  branch:      {BRANCH} (commit {tip[:10]})", "",
        "Why:", "", "  Please add the date and the room.", "",
        "Change it, commit, and run `intranet submit` again: the new version goes back to its "
        "owners. `intranet queue --mine` shows where your submissions stand.", ""]))]


def test_a_reply_is_named_after_its_post_and_mentions_wait_for_publishing(
        team: Team, server: Server) -> None:
    answer = team.home / "answer.md"
    answer.write_text("Thank you @mia for the prizes.\n", encoding="utf-8")
    done = team.intranet("eve", "reply", "engineering/posts/hackathon-winners.md",
                         "--body-file", str(answer))
    assert done.returncode == 0, done.stderr
    found = re.search(r"on branch\s+(post/engineering/reply-hackathon-winners-(\S+)):",
                      done.stdout)
    assert found is not None, done.stdout
    branch, stamp = found[1], found[2]
    assert team.intranet("eve", "submit").returncode == 0
    tip = rev(team, "eve", "HEAD")
    assert mails(server) == [
        Mail(to(who), f"Waiting for your approval: {HACKATHON}",
             waiting_text(who, tip, HACKATHON, branch)) for who in ("grace", "ken")]

    assert team.intranet("ken", "approve", branch, "--as", "ken", env=ON_SITE).returncode == 0
    url = f"{SITE}engineering/posts/hackathon-winners/#reply-{stamp}"
    found_mails = mails(server)
    assert [(m.to, m.subject) for m in found_mails] == [
        (to("eve"), f"Published: {HACKATHON}"),
        (to("mia"), 'You were mentioned in a reply to "Hackathon 2026: meet the winners"')]
    assert "  approved by: Ken Larsen\n" in found_mails[0].text
    assert found_mails[0].text.endswith(f"Read it on the intranet:\n\n  {url}\n")
    assert found_mails[1].text == mentioned_text(
        'a reply to "Hackathon 2026: meet the winners"', url)


def test_a_held_post_is_named_only_to_its_owners_and_its_text_to_nobody(
        team: Team, server: Server) -> None:
    write_post(team, f"{SECRET} Ask @mia or @hana.\n", title="Reorganisation")
    found = mails(server)
    assert [(m.to, m.subject) for m in found] == [
        (to("grace"), "Waiting for your approval: Reorganisation"),
        (to("ken"), "Waiting for your approval: Reorganisation")]
    assert not any(SECRET in m.text or "Manchester" in m.text for m in found)

    assert team.intranet("grace", "approve", BRANCH.replace("our-new-build-farm",
                         "reorganisation"), "--as", "grace").returncode == 0
    found = mails(server)
    assert [(m.to, m.subject) for m in found] == [
        (to("eve"), "Published: Reorganisation"),
        (to("hana"), "You were mentioned in Reorganisation"),
        (to("mia"), "You were mentioned in Reorganisation")]
    assert not any(SECRET in m.text or "Manchester" in m.text for m in found)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.parametrize("refusing", [False, True])
def test_a_mail_server_that_is_down_or_refuses_never_stops_a_push(
        project: Path, tmp_path: Path, refusing: bool) -> None:
    with smtp_server(refuse="554 5.7.1 Message rejected by policy") as refuser:
        address = refuser.address if refusing else f"127.0.0.1:{free_port()}"
        team = make_team(project, tmp_path / "company", hook=(
            "--notify-smtp", address, "--notify-from", SENDER))
        done = team.intranet("eve", "new", "--department", "engineering", "--title", TITLE)
        assert done.returncode == 0, done.stderr
        pushed = team.git("eve", "push", "origin", BRANCH)
    assert pushed.returncode == 0
    assert team.git("eve", "ls-remote", "origin", BRANCH).stdout == (
        f"{rev(team, 'eve', 'HEAD')}\trefs/heads/{BRANCH}\n")
    why = (f"the mail server at {address} refused the message (554 5.7.1 Message rejected by "
           "policy); nothing was sent" if refusing else
           f"cannot deliver through {address} (ConnectionRefusedError: [Errno 111] Connection "
           "refused); check the hook's --notify-smtp and that the server is up")
    lines = [f'intranet: notice not sent: "Waiting for your approval: {TITLE}" to '
             f"{who}@fieldstone.example: {why}" for who in ("grace", "ken")]
    # git pads what the remote says with spaces (to clear a progress line).
    assert [ln.removeprefix("remote: ").rstrip() for ln in pushed.stderr.splitlines()
            if ln.startswith("remote: intranet")] == lines
    log = (team.remote / "intranet-notices.log").read_text(encoding="utf-8").splitlines()
    assert [re.sub(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ", "", ln) for ln in log] == lines
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ intranet", ln) for ln in log)


def test_intranet_submit_tells_its_user_what_was_not_sent(project: Path, tmp_path: Path
                                                          ) -> None:
    address = f"127.0.0.1:{free_port()}"  # nothing listens there
    team = make_team(project, tmp_path / "company", hook=(
        "--notify-smtp", address, "--notify-from", SENDER))
    assert team.intranet("eve", "new", "--department", "engineering", "--title",
                         TITLE).returncode == 0
    done = team.intranet("eve", "submit")
    assert done.returncode == 0, done.stderr
    why = (f"cannot deliver through {address} (ConnectionRefusedError: [Errno 111] Connection "
           "refused); check the hook's --notify-smtp and that the server is up")
    # (After the warning that the post still holds `intranet new`'s placeholder.)
    assert done.stderr.splitlines()[1:] == [
        f'intranet: notice not sent: "Waiting for your approval: {TITLE}" to '
        f"{who}@fieldstone.example: {why}" for who in ("grace", "ken")]


def test_a_crafted_push_cannot_add_recipients_or_commands(team: Team, server: Server) -> None:
    # A branch name a shell would read as a command never reaches the shared repository.
    team.git("eve", "switch", "--quiet", "--create", "post/engineering/x;$(id)")
    refused = team.git("eve", "push", "origin", "post/engineering/x;$(id)")
    assert refused.returncode != 0
    assert ("remote: intranet: refused: refs/heads/post/engineering/x;$(id): error "
            "hook-ref-name refs/heads/post/engineering/x;$(id): a submission's branch is named "
            "with lower-case a-z, 0-9, '.', '_' and '-' between slashes, as `intranet new` "
            "names it; push it under such a name") in refused.stderr
    branch = "post/engineering/crafted"
    team.git("eve", "switch", "--quiet", "--create", branch)
    team.write("eve", POST, '---\ntitle: "Hi\\r\\nBcc: attacker@evil.example"\ndate: '
               "2026-11-25\nauthors: [eve]\ndepartment: engineering\nclassification: "
               'internal\npolicy: "2026.1"\n---\n\nHello @attacker and @grace.\n')
    team.git("eve", "add", "--all")
    team.git("eve", "commit", "--quiet", "--message", "Crafted")
    pushed = team.git("eve", "push", "origin", branch)
    assert pushed.returncode == 0, pushed.stderr
    tip = rev(team, "eve", "HEAD")
    name = "Hi\\x0d\\nBcc: attacker@evil.example"  # one line, its controls shown
    assert mails(server) == [
        Mail(to(who), f"Waiting for your approval: {name}",
             waiting_text(who, tip, name, branch)) for who in ("grace", "ken")]


def test_what_cannot_be_read_is_reported_and_the_hook_still_exits_0(team: Team) -> None:
    """git refuses unreadable objects and the pre-receive hook the rest, so this is the
    hook run by hand, as if something had slipped past both."""
    missing = "1" * 40
    hook = team.remote / "hooks" / "post-receive"
    done = subprocess.run([str(hook)], cwd=team.remote, capture_output=True, text=True,
                          check=False, input=f"garbage\n{'0' * 40} {missing} "
                          "refs/heads/post/engineering/ghost\n")
    assert done.returncode == 0
    lines = done.stderr.splitlines()
    assert lines[0] == ("intranet: notice not sent: git sent the hook a line it cannot read "
                        "('garbage')")
    assert lines[1].startswith("intranet: notice not sent: refs/heads/post/engineering/ghost: "
                               "cannot work out its notices (`git rev-list --parents --stdin` "
                               "failed: ")
    assert len(lines) == 2
    log = (team.remote / "intranet-notices.log").read_text(encoding="utf-8").splitlines()
    assert [ln.split(" ", 1)[1] for ln in log] == lines


def install(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    bare = tmp_path / "shared.git"
    if not bare.exists():
        subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    return subprocess.run([sys.executable, "-m", "intranet.cli.main", "server-hook", "install",
                           str(bare), *args], cwd=tmp_path, capture_output=True, text=True,
                          check=False)


def test_install_says_what_the_notices_hook_will_send(tmp_path: Path) -> None:
    done = install(tmp_path, "--notify-smtp", "smtp.fieldstone.example:587",
                   "--notify-from", "intranet@fieldstone.example")
    bare = tmp_path / "shared.git"
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"Installed {bare / 'hooks' / 'pre-receive'}: pushes to main must pass `intranet "
        "audit`; records are append-only and checked; names imitating main and secrets on any "
        f"branch are refused.\nInstalled {bare / 'hooks' / 'post-receive'}: after each push "
        "it e-mails, through smtp.fieldstone.example:587 from intranet@fieldstone.example, the "
        "owners a submission waits for (never its authors), the authors when theirs is "
        "published (with the approvers and the page's address) or rejected (with the reason), "
        "and the people a post or reply mentions once it is published. The login comes from "
        "INTRANET_SMTP_USER and INTRANET_SMTP_PASSWORD in the git server's environment. A "
        "notice that cannot be sent never stops a push: the pusher sees why, and it is logged "
        f"in {bare / 'intranet-notices.log'}.\nThe hooks run {sys.executable} with the "
        "intranet package installed there: if that environment is removed or moved, every "
        "push is refused (and no notice is sent) until you run this install again.\n")
    hook = (bare / "hooks" / "post-receive").read_text(encoding="utf-8")
    assert "INTRANET_NOTIFY_SMTP=smtp.fieldstone.example:587\n" in hook
    assert "INTRANET_NOTIFY_FROM=intranet@fieldstone.example\n" in hook
    assert "PASSWORD=" not in hook


@pytest.mark.parametrize(("args", "expected"), [
    (["--notify-smtp", "smtp.fieldstone.example:587"],
     "--notify-smtp and --notify-from go together: the mail server and the address notices "
     "come from"),
    (["--notify-smtp", "smtp.fieldstone.example", "--notify-from", "it@fieldstone.example"],
     "--notify-smtp 'smtp.fieldstone.example' is not HOST:PORT (e.g. "
     "smtp.fieldstone.example:587)"),
    (["--notify-smtp", "smtp.fieldstone.example:25", "--notify-from", "intranet"],
     "--notify-from 'intranet' is not one e-mail address (e.g. intranet@fieldstone.example, "
     "or 'Intranet <intranet@...>')"),
    (["--notify-smtp", "smtp.fieldstone.example:25", "--notify-from",
      "a@fieldstone.example\nBcc: b@evil.example"],
     "--notify-from 'a@fieldstone.example\\nBcc: b@evil.example' is not one e-mail address "
     "(e.g. intranet@fieldstone.example, or 'Intranet <intranet@...>')"),
])
def test_install_refuses_bad_notice_settings_and_writes_nothing(
        tmp_path: Path, args: list[str], expected: str) -> None:
    done = install(tmp_path, *args)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"server-hook: error server-hook {expected}\n"
    assert not (tmp_path / "shared.git" / "hooks" / "pre-receive").exists()
    assert not (tmp_path / "shared.git" / "hooks" / "post-receive").exists()


def test_install_never_overwrites_a_post_receive_hook_of_someone_else(tmp_path: Path) -> None:
    install(tmp_path)
    theirs = tmp_path / "shared.git" / "hooks" / "post-receive"
    theirs.write_text("#!/bin/sh\n/usr/local/bin/deploy-site\n", encoding="utf-8")
    done = install(tmp_path, "--notify-smtp", "smtp.fieldstone.example:587", "--notify-from",
                   "intranet@fieldstone.example")
    assert done.returncode == 2
    assert done.stderr == (f"server-hook: error server-hook {theirs} exists and is not ours; "
                           "merge it by hand so nothing of yours is lost\n")
    assert theirs.read_text(encoding="utf-8") == "#!/bin/sh\n/usr/local/bin/deploy-site\n"
    assert install(tmp_path).returncode == 0  # without notices, it is none of our business
