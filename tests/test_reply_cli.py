"""`intranet reply` and replies through moderation, all on real git: a shared bare
repository with the server hook and a clone per person. A reply is written, submitted,
listed, shown and approved like a post, by the owners of its post's section; every
refusal is checked by its exact message, and a refusal leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from conftest import ENGINE, TODAY, run
from moderation_team import BRANCH as NEW_BRANCH
from moderation_team import POST as NEW_POST
from moderation_team import Team, make_team, rev

from intranet.cli.replyargs import post_src
from intranet.errors import IntranetError

POST = "engineering/posts/hackathon-winners.md"
TITLE = "Hackathon 2026: meet the winners"
FOLDER = "content/engineering/replies/hackathon-winners"
TEMPLATE = ("Write your reply here, in Markdown. To let a colleague know, mention them with @ "
            "followed by their handle, as the People page shows it.\n")
WRITTEN = "Congratulations to every team, and thank you @grace for judging.\n"
EDIT = "Next: write your reply in that file in place of the placeholder text, commit it, then " \
       "run `intranet submit`.\n"
SEND = "Next: run `intranet submit` to send it for review (to change it first, edit the file " \
       "and commit).\n"


@pytest.fixture
def team(project: Path, tmp_path: Path) -> Team:
    return make_team(project, tmp_path / "company")


def reply(team: Team, who: str, *args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """`intranet reply args` as who, and the minute it dated the reply (yyyymmdd-hhmm):
    the day is INTRANET_TODAY, the time the clock's, so it is read from what was made and
    held to the minutes the command ran in."""
    before = _minute()
    done = team.intranet(who, "reply", *args)
    after = _minute()
    found = re.search(r"/replies/(?:\d{4}/)?[^/]+/(\d{8}-\d{4})-", done.stdout)
    assert found is not None, done.stdout + done.stderr
    minutes = {f"{TODAY:%Y%m%d}-{before + dt.timedelta(minutes=m):%H%M}"
               for m in range(int((after - before).total_seconds()) // 60 + 1)}
    assert found[1] in minutes
    return done, found[1]


def _minute() -> dt.datetime:
    # The command runs with TZ=UTC (conftest.FIXED_ENV), whatever this process's zone.
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, second=0, microsecond=0)


def body_file(team: Team, text: str, name: str = "reply.md") -> str:
    """A file outside every clone, so that writing it leaves the work tree clean."""
    path = team.home / "bodies" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def reply_text(stamp: str, author: str, classification: str = "internal", to: str = "",
               body: str = TEMPLATE) -> str:
    when = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]}"
    parent = f"in_reply_to: {to}\n" if to else ""
    return (f"---\npost: {POST}\n{parent}date: {when}\nauthors: [{author}]\n"
            f'classification: {classification}\npolicy: "2026.1"\n---\n\n{body}')


def nothing_left_behind(team: Team, who: str) -> None:
    """No branch, nothing written or staged, still on main."""
    assert team.git(who, "branch", "--list", "post/*").stdout == ""
    assert team.git(who, "status", "--porcelain").stdout == ""
    assert team.git(who, "branch", "--show-current").stdout == "main\n"


def publish(team: Team, who: str, approver: str, *args: str, body: str = WRITTEN) -> str:
    """A reply by `who`, submitted and approved by `approver`; returns its id."""
    done, stamp = reply(team, who, *args, "--body-file", body_file(team, body))
    assert done.returncode == 0, done.stderr
    branch = f"post/engineering/reply-hackathon-winners-{stamp}-{who}"
    assert team.intranet(who, "submit").returncode == 0
    done = team.intranet(approver, "approve", branch, "--as", approver)
    assert done.returncode == 0, done.stderr
    team.git(who, "switch", "--quiet", "main")
    team.git(who, "pull", "--quiet")
    return f"{stamp}-{who}"


def test_a_reply_is_written_submitted_and_published_by_the_posts_owners(team: Team) -> None:
    done, stamp = reply(team, "eve", "engineering/posts/hackathon-winners/")
    path = f"{FOLDER}/{stamp}-eve.md"
    branch = f"post/engineering/reply-hackathon-winners-{stamp}-eve"
    assert (done.returncode, done.stderr, done.stdout) == (0, "", (
        f'Created {path} on branch {branch}: a reply to "{TITLE}".\n{EDIT}'))
    assert (team.clone("eve") / path).read_text(encoding="utf-8") == reply_text(stamp, "eve")
    assert team.git("eve", "branch", "--show-current").stdout == f"{branch}\n"
    assert team.git("eve", "status", "--porcelain").stdout == ""
    assert team.git("eve", "log", "--format=%s", "origin/main..HEAD").stdout == (
        f"Reply to {TITLE}\n")
    checked = team.intranet("eve", "check", path)
    assert (checked.returncode, checked.stdout) == (
        0, "checked 1 file(s): 0 error(s), 0 warning(s)\n")

    reply_file = team.clone("eve") / path
    reply_file.write_text(reply_file.read_text(encoding="utf-8").replace(TEMPLATE, WRITTEN),
                          encoding="utf-8")
    team.git("eve", "commit", "--quiet", "--all", "--message", "Write the reply")
    done = team.intranet("eve", "submit")
    assert (done.returncode, done.stderr, done.stdout) == (0, "", (
        f"Submitted {branch} (1 file(s)). It needs approval from:\n"
        "  Engineering: one of Grace Okafor, Ken Larsen\n"))

    tip = rev(team, "eve", "HEAD")
    mine = team.intranet("eve", "queue", "--mine").stdout.splitlines()
    assert mine[:4] == ["1 submission(s) of yours", "", f"{branch} (commit {tip[:10]})",
                        f'  reply to "{TITLE}"']
    queue = team.intranet("grace", "queue", "--for", "grace").stdout.splitlines()
    assert queue[:4] == ["1 submission(s) waiting", "", branch, f'  reply to "{TITLE}"']
    assert queue[4].startswith("  by Eve Martins (eve) · Engineering · submitted ")
    assert queue[5:] == ["  policy check: passes", "  approved by: nobody yet",
                         "  waiting for Engineering: one of Grace Okafor, Ken Larsen",
                         f"  review: intranet show {branch}"]
    main = rev(team, "grace", "origin/main")
    shown = team.intranet("grace", "show", branch).stdout.splitlines()
    assert shown[:10] == [
        branch, f"  commit:   {tip}", "  authors:  Eve Martins (eve)",
        f"  changes:  1 file(s) on main at {main[:10]}",
        f'  about:    reply to "{TITLE}" (content/{POST})',
        f"  needs:    Engineering, one of Grace Okafor, Ken Larsen ({path})",
        "  approved: nobody yet", "  policy:   passes",
        f"  decide:   intranet approve {branch} --as HANDLE --commit {tip}",
        f"            intranet reject {branch} --as HANDLE --commit {tip} --reason TEXT"]
    assert shown[10:12] == ["", f"diff --git a/{path} b/{path}"]
    assert shown[-1] == f"+{WRITTEN.strip()}"

    done = team.intranet("mia", "approve", branch, "--as", "mia")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"intranet: error approve-not-owner Mia Rossi owns none of the files {branch} changes "
        f"({path}); their owners are listed by `intranet owners`\n"))
    done = team.intranet("grace", "approve", branch, "--as", "grace", "--commit", tip)
    assert (done.returncode, done.stdout) == (
        0, f"Published {branch} (commit {tip[:10]}): approved by Grace Okafor.\n")
    assert team.git("ivan", "show", f"origin/main:{path}").stdout == reply_text(
        stamp, "eve", body=WRITTEN)
    assert team.intranet("ivan", "queue").stdout == "Nothing is waiting.\n"
    assert team.intranet("ivan", "audit").returncode == 0


def test_a_reply_answers_one_reply_and_replies_nest_one_level_only(team: Team) -> None:
    first = publish(team, "eve", "grace", POST)
    done, stamp = reply(team, "ken", POST, "--to", first, "--body-file",
                        body_file(team, "Agreed, @eve.\n"))
    second = f"{stamp}-ken"
    branch = f"post/engineering/reply-hackathon-winners-{stamp}-ken"
    assert (done.returncode, done.stderr, done.stdout) == (0, "", (
        f"Created {FOLDER}/{second}.md on branch {branch}: a reply to Eve Martins's reply "
        f'{first} on "{TITLE}".\n{SEND}'))
    assert (team.clone("ken") / FOLDER / f"{second}.md").read_text(encoding="utf-8") == (
        reply_text(stamp, "ken", to=first, body="Agreed, @eve.\n"))
    assert team.intranet("ken", "submit").returncode == 0
    assert team.intranet("grace", "approve", branch, "--as", "grace").returncode == 0

    team.git("mia", "pull", "--quiet")
    done = team.intranet("mia", "reply", POST, "--to", second)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"intranet: error reply-to {second} is itself a reply to {first}, and replies nest one "
        f"level only; answer that one instead: `intranet reply {POST} --to {first}`\n"))
    nothing_left_behind(team, "mia")
    done = team.intranet("mia", "reply", POST, "--to", "20261124-0900-nobody")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"intranet: error reply-to there is no reply 20261124-0900-nobody to content/{POST} "
        f"on main; --to takes the name of one of the files in {FOLDER}/ without .md; leave "
        "it out to answer the post\n"))
    done = team.intranet("mia", "reply", POST, "--to", "yesterday")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        "intranet: error reply-to --to takes the name of a reply to the post, its file name "
        "without .md (e.g. 20261120-1015-grace), not 'yesterday'\n"))
    nothing_left_behind(team, "mia")

    # Editing a reply is a change to the discussion like any other.
    team.git("eve", "switch", "--quiet", "--create", "post/engineering/edit-reply",
             "origin/main")
    team.write("eve", f"{FOLDER}/{first}.md", (team.clone("eve") / FOLDER / f"{first}.md")
               .read_text(encoding="utf-8").replace("judging", "judging, and @ken too"))
    team.git("eve", "commit", "--quiet", "--all", "--message", "Thank Ken too")
    assert team.intranet("eve", "submit").returncode == 0
    queue = team.intranet("ken", "queue").stdout.splitlines()
    assert queue[2:4] == ["post/engineering/edit-reply", f'  changes the replies to "{TITLE}"']


def close(team: Team, who: str, approver: str, post: str) -> None:
    """`replies: closed` on a post, through review like any change."""
    branch = "post/engineering/close-discussion"
    team.git(who, "switch", "--quiet", "--create", branch, "origin/main")
    path = team.clone(who) / "content" / post
    path.write_text(path.read_text(encoding="utf-8").replace(
        'policy: "2026.1"\n', 'policy: "2026.1"\nreplies: closed\n', 1), encoding="utf-8")
    team.git(who, "commit", "--quiet", "--all", "--message", "Close the discussion")
    assert team.intranet(who, "submit").returncode == 0
    done = team.intranet(approver, "approve", branch, "--as", approver)
    assert done.returncode == 0, done.stderr


def test_a_closed_discussion_takes_no_replies_not_even_one_submitted_before(
        team: Team) -> None:
    post = "engineering/posts/ci-pipeline-faster.md"
    done, stamp = reply(team, "eve", post, "--body-file", body_file(team, WRITTEN))
    branch = f"post/engineering/reply-ci-pipeline-faster-{stamp}-eve"
    path = f"content/engineering/replies/ci-pipeline-faster/{stamp}-eve.md"
    assert team.intranet("eve", "submit").returncode == 0
    close(team, "ken", "grace", post)

    done = team.intranet("grace", "approve", branch, "--as", "grace")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"intranet: error approve-policy {branch} fails the policy check, so it cannot be "
        f"approved:\n{path}:2:7: error reply-closed the discussion of {post} is closed by its "
        "section's owners (replies: closed); it takes no more replies\n"
        "checked 1 file(s): 1 error(s), 0 warning(s)\n"))
    team.git("mia", "pull", "--quiet")
    done = team.intranet("mia", "reply", post)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"intranet: error reply-closed the discussion of content/{post} is closed by its "
        "section's owners (replies: closed); it takes no more replies\n"))
    nothing_left_behind(team, "mia")


@pytest.mark.parametrize(("post", "why"), [
    ("engineering/posts/our-new-build-farm.md",
     "there is no post content/engineering/posts/our-new-build-farm.md on main; check its "
     "name (the address of its page, <department>/posts/<name>/, gives it too)"),
    ("marketing/posts/rebrand-teaser.md", "content/marketing/posts/rebrand-teaser.md is a "
     "draft, so it takes no replies; only a published post can be answered"),
    ("hr/posts/new-office-opening.md", "content/hr/posts/new-office-opening.md is scheduled "
     "(for 2027-02-01), so it takes no replies; only a published post can be answered"),
    ("sales/posts/q3-spiff.md", "content/sales/posts/q3-spiff.md has expired (on "
     "2026-09-30), so it takes no replies; only a published post can be answered"),
])
def test_only_a_published_post_takes_replies(team: Team, post: str, why: str) -> None:
    done = team.intranet("eve", "reply", post)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", f"intranet: error reply-post {why}\n")
    nothing_left_behind(team, "eve")


def test_reply_refuses_uncommitted_work_and_names_it(team: Team) -> None:
    (team.clone("eve") / "notes.txt").write_text("to do\n", encoding="utf-8")
    done = team.intranet("eve", "reply", POST)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        "intranet: error reply-uncommitted notes.txt (untracked) is not committed; `intranet "
        "reply` switches to a new branch, which would carry this work over into your reply's "
        "branch. Commit it: `git add --all && git commit`, or set it aside: `git stash "
        "--include-untracked`; then run `intranet reply` again\n"))
    assert team.git("eve", "branch", "--list", "post/*").stdout == ""
    assert team.git("eve", "status", "--porcelain").stdout == "?? notes.txt\n"


def test_the_body_is_checked_as_check_checks_it_and_named_by_its_own_lines(
        team: Team) -> None:
    given = body_file(team, "Well done @ravi and @rav.\n\n<script>alert(1)</script>\n")
    done = team.intranet("eve", "reply", POST, "--body-file", given)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"{given}:1:21: warning mention-unknown @rav is nobody in org.yml, so it links "
        "nowhere; check the handle on the People page\n"
        f"{given}:3:1: error markup-html <script> is not allowed in posts; remove it (embed "
        "nothing: link to the page instead)\n"))
    nothing_left_behind(team, "eve")

    given = body_file(team, "Well done @rav.\n")
    done, stamp = reply(team, "eve", POST, "--body-file", given)
    assert (done.returncode, done.stderr) == (0, (
        f"{given}:1:11: warning mention-unknown @rav is nobody in org.yml, so it links "
        "nowhere; check the handle on the People page\n"))
    assert done.stdout.endswith(SEND)
    checked = team.intranet("eve", "check", f"{FOLDER}/{stamp}-eve.md")
    assert checked.stdout.splitlines()[-1] == "checked 1 file(s): 0 error(s), 1 warning(s)"


def test_submit_warns_while_the_reply_is_still_the_placeholder(team: Team) -> None:
    _, stamp = reply(team, "eve", POST)
    done = team.intranet("eve", "submit")
    assert (done.returncode, done.stderr) == (0, (
        f"{FOLDER}/{stamp}-eve.md:9:1: warning submit-template the reply still holds the "
        "placeholder text that `intranet reply` wrote (\"Write your reply here, in Markdown. "
        "...\"); it is submitted as it is: write your reply there, commit, and run `intranet "
        "submit` again\n"))


def test_a_reply_is_no_wider_than_what_it_answers(team: Team) -> None:
    release = "engineering/posts/dispatch-4-0-release.md"  # public
    folder = team.clone("eve") / "content/engineering/replies/dispatch-4-0-release"
    done, stamp = reply(team, "eve", release, "--author", "ravi")
    assert done.returncode == 0, done.stderr
    text = (folder / f"{stamp}-ravi.md").read_text(encoding="utf-8")
    assert text.startswith(f"---\npost: {release}\ndate: ")
    assert text.endswith("\nauthors: [ravi]\nclassification: public\npolicy: \"2026.1\"\n"
                         f"---\n\n{TEMPLATE}")

    # An answer to an internal reply is internal, though the post is public.
    team.git("eve", "switch", "--quiet", "main")
    team.write("eve", "content/engineering/replies/dispatch-4-0-release/"
               "20261124-0900-ken.md", f"---\npost: {release}\ndate: 2026-11-24 09:00\n"
               "authors: [ken]\nclassification: internal\npolicy: \"2026.1\"\n---\n\nHi.\n")
    team.git("eve", "add", "--all")
    team.git("eve", "commit", "--quiet", "--message", "An internal reply")
    team.git("eve", "push", "--quiet", "origin", "HEAD:refs/heads/post/engineering/internal")
    assert team.intranet("grace", "approve", "post/engineering/internal", "--as", "grace"
                         ).returncode == 0
    team.git("eve", "reset", "--quiet", "--hard", "origin/main")
    done, stamp = reply(team, "eve", release, "--to", "20261124-0900-ken")
    assert done.returncode == 0, done.stderr
    text = (folder / f"{stamp}-eve.md").read_text(encoding="utf-8")
    assert "\nin_reply_to: 20261124-0900-ken\n" in text
    assert "\nclassification: internal\n" in text


def test_a_submission_may_bring_a_post_and_a_reply_to_it(team: Team) -> None:
    assert team.intranet("eve", "new", "--department", "engineering", "--title",
                         "Our new build farm").returncode == 0
    for when in ("0800", "0805"):
        team.write("eve", f"content/engineering/replies/2026/our-new-build-farm/20261125-{when}"
                   "-eve.md", "---\npost: engineering/posts/2026/our-new-build-farm.md\n"
                   f"date: 2026-11-25 {when[:2]}:{when[2:]}\nauthors: [eve]\n"
                   'classification: internal\npolicy: "2026.1"\n---\n\nAsk me anything.\n')
    team.git("eve", "add", "--all")
    team.git("eve", "commit", "--quiet", "--message", "Open the discussion")
    assert team.intranet("eve", "submit").returncode == 0
    queue = team.intranet("ken", "queue").stdout.splitlines()
    assert queue[2:4] == ["post/engineering/our-new-build-farm",
                          '  2 replies to "Our new build farm"']
    done = team.intranet("ken", "approve", "post/engineering/our-new-build-farm", "--as", "ken")
    assert done.stdout.startswith("Published post/engineering/our-new-build-farm ")


def test_a_post_filed_by_year_is_published_and_answered(team: Team) -> None:
    # `intranet new` files the post in this year's folder; it is published, at its year's
    # address, and `intranet reply` answers it by that address, in the same folder of
    # replies/, on a branch named by the post alone.
    assert team.intranet("eve", "new", "--department", "engineering", "--title",
                         "Our new build farm").returncode == 0
    post = team.clone("eve") / NEW_POST
    front = post.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    post.write_text(f"{front}\n---\n\nWe moved the build farm to the new racks.\n",
                    encoding="utf-8")
    team.git("eve", "commit", "--quiet", "--all", "--message", "Write the post")
    assert team.intranet("eve", "submit").returncode == 0
    done = team.intranet("grace", "approve", NEW_BRANCH, "--as", "grace")
    assert done.returncode == 0, done.stderr

    team.git("ken", "pull", "--quiet")
    done, stamp = reply(team, "ken", "engineering/posts/2026/our-new-build-farm/",
                        "--body-file", body_file(team, "Which racks, @eve?\n"))
    path = f"content/engineering/replies/2026/our-new-build-farm/{stamp}-ken.md"
    branch = f"post/engineering/reply-our-new-build-farm-{stamp}-ken"
    assert (done.returncode, done.stderr, done.stdout) == (0, "", (
        f'Created {path} on branch {branch}: a reply to "Our new build farm".\n{SEND}'))
    assert (team.clone("ken") / path).read_text(encoding="utf-8") == (
        f"---\npost: engineering/posts/2026/our-new-build-farm.md\ndate: {stamp[:4]}-"
        f"{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]}\nauthors: [ken]\n"
        'classification: internal\npolicy: "2026.1"\n---\n\nWhich racks, @eve?\n')
    assert team.intranet("ken", "submit").returncode == 0
    done = team.intranet("grace", "approve", branch, "--as", "grace")
    assert done.returncode == 0, done.stderr
    assert team.intranet("ivan", "audit").returncode == 0

    team.git("ivan", "pull", "--quiet")
    site = team.home / "site"
    built = run(team.clone("ivan"), *ENGINE, "build", "--strict", "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    page = (site / "engineering/posts/2026/our-new-build-farm/index.html").read_text(
        encoding="utf-8")
    assert '<h2 id="replies">1 reply</h2>' in page
    assert f'id="reply-{stamp}-ken"' in page


@pytest.mark.parametrize("given", [
    "engineering/posts/2026/our-new-build-farm.md",
    "content/engineering/posts/2026/our-new-build-farm.md",
    "engineering/posts/2026/our-new-build-farm/",
    "https://intranet.fieldstone.example/engineering/posts/2026/our-new-build-farm/"])
def test_a_post_in_a_years_folder_is_named_by_its_file_or_its_address(given: str) -> None:
    assert post_src(given) == "engineering/posts/2026/our-new-build-farm.md"


@pytest.mark.parametrize("given", [
    "engineering/posts/hackathon-winners.md", "content/engineering/posts/hackathon-winners.md",
    "engineering/posts/hackathon-winners/", "/engineering/posts/hackathon-winners/",
    "https://intranet.fieldstone.example/engineering/posts/hackathon-winners/"])
def test_a_post_is_named_by_its_file_or_its_address(given: str) -> None:
    assert post_src(given) == POST


@pytest.mark.parametrize("given", [
    "hackathon-winners", "engineering/hackathon-winners.md", "../org.yml",
    "engineering/posts/../../org.yml", "engineering/posts/sub/post.md", "Engineering/posts/x.md",
    "engineering/posts/2026/../../org.yml", "engineering/posts/26/x.md",
    "engineering/posts/2026/11/x.md"])
def test_anything_else_is_no_post(given: str) -> None:
    with pytest.raises(IntranetError) as caught:
        post_src(given)
    assert [str(f) for f in caught.value.findings] == [
        f"intranet: error reply-post {given!r} does not name a post; give its file, e.g. "
        "engineering/posts/hackathon-winners.md, or the address of its page, e.g. "
        "engineering/posts/hackathon-winners/"]
