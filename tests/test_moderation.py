"""Moderation with nothing but git: a bare shared repository with the server hook, and a
clone per person. Every refusal is checked by its exact message."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import run
from moderation_team import Team, make_team

POST = "content/engineering/posts/our-new-build-farm.md"
BRANCH = "post/engineering/our-new-build-farm"
AUDIT_ON = ("  require_audit: false", "  require_audit: true")


@pytest.fixture
def team(project: Path, tmp_path: Path) -> Team:
    return make_team(project, tmp_path / "company", policy_edit=AUDIT_ON)


def submit_post(team: Team, who: str = "eve", title: str = "Our new build farm",
                dept: str = "engineering") -> None:
    done = team.intranet(who, "new", "--department", dept, "--title", title, "--tags", "tools")
    assert done.returncode == 0, done.stderr
    done = team.intranet(who, "submit")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_whole_path(team: Team) -> None:
    done = team.intranet("eve", "new", "--department", "engineering", "--title",
                         "Our new build farm", "--tags", "tools")
    assert done.stdout == (
        f"Created {POST} on branch {BRANCH}.\nNext: write your post in that file, commit it, "
        "check it with `intranet check --changed-since main`, then run `intranet submit`.\n")
    text = (team.clone("eve") / POST).read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Our new build farm"\ndate: 2026-11-25\n'
                           "authors: [eve]\ndepartment: engineering\nclassification: internal\n"
                           'policy: "2026.1"\ntags: [tools]\n---\n')
    done = team.intranet("eve", "submit")
    assert done.stdout == (f"Submitted {BRANCH} (1 file(s)). It needs approval from:\n"
                           "  Engineering: one of Grace Okafor, Ken Larsen\n")

    done = team.intranet("mia", "approve", BRANCH, "--as", "mia")
    assert (done.returncode, done.stderr) == (2, (
        f"intranet: error approve-not-owner Mia Rossi owns none of the files {BRANCH} "
        f"changes ({POST}); their owners are listed by `intranet owners`\n"))
    done = team.intranet("eve", "approve", BRANCH, "--as", "eve")
    assert done.stderr == (f"intranet: error approve-self Eve Martins wrote a commit of "
                           f"{BRANCH}; nobody may approve their own post: another owner must\n")
    done = team.intranet("mia", "approve", BRANCH, "--as", "grace")
    assert done.stderr == ("intranet: error review-identity git here is set up for "
                           "mia@fieldstone.example, not Grace Okafor <grace@fieldstone.example>;"
                           " approve from your own clone\n")

    queue = team.intranet("grace", "queue", "--for", "grace").stdout
    assert f"{BRANCH}\n  by eve · Engineering · submitted" in queue
    assert "  policy check: passes\n  approved by: nobody yet\n" in queue
    done = team.intranet("grace", "approve", BRANCH, "--as", "grace")
    assert done.stdout == f"Published {BRANCH}: approved by Grace Okafor.\n"
    assert team.intranet("mia", "queue").stdout == "Nothing is waiting.\n"

    message = team.git("ivan", "log", "-1", "--format=%B", "origin/main").stdout
    assert message == (f"Publish {BRANCH}\n\nApproved-by: Grace Okafor "
                       "<grace@fieldstone.example>\n\n")
    assert team.git("ivan", "pull", "--quiet").returncode == 0
    audit = team.intranet("ivan", "audit")
    assert (audit.returncode, audit.stdout) == (
        0, "audit of main: every change arrived through a valid approval\n")
    site = team.clone("ivan") / "out"
    built = run(team.clone("ivan"), sys.executable, "-m", "mkdocs", "build", "--strict",
                "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    assert (site / "engineering" / "posts" / "our-new-build-farm" / "index.html").is_file()


def test_direct_pushes_are_refused_and_old_ones_flagged(team: Team) -> None:
    team.write("eve", POST, (team.clone("eve") / "content/engineering/posts/"
                             "hackathon-winners.md").read_text(encoding="utf-8"))
    team.git("eve", "add", POST)
    team.git("eve", "commit", "--quiet", "--message", "Quick post")
    pushed = team.git("eve", "push", "origin", "main")
    assert pushed.returncode == 1
    assert ("remote: intranet: refused: commit " in pushed.stderr
            and f"error audit-direct {POST} changed on main directly by Eve Martins "
            "<eve@fieldstone.example>, with no approved submission; revert it through a "
            "reviewed post branch" in pushed.stderr)

    (team.remote / "hooks" / "pre-receive").unlink()  # as if pushed before the hook existed
    assert team.git("eve", "push", "--quiet", "origin", "main").returncode == 0
    team.git("grace", "pull", "--quiet")
    audit = team.intranet("grace", "audit")
    assert audit.returncode == 1
    assert audit.stdout.endswith(
        "audit of main: 1 commit(s) did not arrive through a valid approval\n")
    built = run(team.clone("grace"), sys.executable, "-m", "mkdocs", "build", "--site-dir",
                str(team.clone("grace") / "out"))
    assert built.returncode == 1
    assert (f"{POST}:1:1: error publish-audit not published: this post arrived on main "
            "without a valid approval" in built.stderr)


def test_governance_changes_need_the_real_owners(team: Team) -> None:
    team.git("eve", "switch", "--quiet", "--create", "post/engineering/own-it")
    owners = team.clone("eve") / ".github" / "CODEOWNERS"
    owners.write_text(owners.read_text(encoding="utf-8") + "/content/engineering/ @zoe\n",
                      encoding="utf-8")
    team.write("eve", "content/engineering/posts/mine.md", (
        team.clone("eve") / "content/engineering/posts/hackathon-winners.md"
    ).read_text(encoding="utf-8").replace("[eve, grace]", "[eve]"))
    team.git("eve", "add", "--all")
    team.git("eve", "commit", "--quiet", "--message", "Make zoe an engineering owner")
    done = team.intranet("eve", "submit")
    assert done.stdout.endswith("It needs approval from:\n"
                                "  IT platform owners: one of Ivan Petrov, Priya Raman\n"
                                "  Engineering: one of Grace Okafor, Ken Larsen\n")
    done = team.intranet("zoe", "approve", "post/engineering/own-it", "--as", "zoe")
    assert done.stderr.startswith("intranet: error approve-not-owner Zoe Adeyemi owns none")
    done = team.intranet("grace", "approve", "post/engineering/own-it", "--as", "grace")
    assert done.stdout == ("Approved post/engineering/own-it for Engineering. Still waiting "
                           "for:\n  IT platform owners: one of Ivan Petrov, Priya Raman\n")
    done = team.intranet("ivan", "approve", "post/engineering/own-it", "--as", "ivan")
    assert done.stdout == ("Published post/engineering/own-it: approved by Grace Okafor, "
                           "Ivan Petrov.\n")


def test_a_rejected_branch_keeps_its_content(team: Team) -> None:
    submit_post(team)
    before = team.git("grace", "show", f"origin/{BRANCH}:{POST}").stdout
    done = team.intranet("grace", "reject", BRANCH, "--as", "grace", "--reason",
                         "Please add who to ask for access.")
    assert done.returncode == 0, done.stderr
    assert team.intranet("grace", "queue").stdout == "Nothing is waiting.\n"
    mine = team.intranet("eve", "queue", "--mine").stdout
    assert "  rejected: grace: Please add who to ask for access.\n" in mine
    team.git("grace", "fetch", "--quiet")
    assert team.git("grace", "show", f"origin/{BRANCH}:{POST}").stdout == before
    done = team.intranet("ken", "approve", BRANCH, "--as", "ken")
    assert done.stderr == ("intranet: error approve-rejected Grace Okafor rejected this "
                           "version: Please add who to ask for access. The author must push a "
                           "new version first\n")


def test_a_change_to_two_sections_waits_for_both(team: Team) -> None:
    team.git("eve", "switch", "--quiet", "--create", "post/marketing/joint")
    for dept in ("marketing", "hr"):
        page = team.clone("eve") / "content" / dept / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nJoint update.\n",
                        encoding="utf-8")
    team.git("eve", "commit", "--quiet", "--all", "--message", "Joint update")
    assert team.intranet("eve", "submit").returncode == 0
    done = team.intranet("mia", "approve", "post/marketing/joint", "--as", "mia")
    assert done.stdout == ("Approved post/marketing/joint for Marketing. Still waiting for:\n"
                           "  People & HR: one of Hana Kim, Omar Haddad\n")
    assert team.main_log("mia")[0] == "Intranet"
    done = team.intranet("hana", "approve", "post/marketing/joint", "--as", "hana")
    assert done.stdout == ("Published post/marketing/joint: approved by Mia Rossi, "
                           "Hana Kim.\n")


def test_concurrent_approvals_both_land(team: Team) -> None:
    submit_post(team)
    submit_post(team, "max", "Spring campaign", "marketing")
    first = team.start("grace", "approve", BRANCH, "--as", "grace")
    second = team.start("mia", "approve", "post/marketing/spring-campaign", "--as", "mia")
    results = [first.communicate_result(), second.communicate_result()]
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert sorted(team.main_log("ivan")[:2]) == [
        f"Publish {BRANCH}", "Publish post/marketing/spring-campaign"]
    team.git("ivan", "pull", "--quiet")
    assert team.intranet("ivan", "audit").returncode == 0


def keypair(folder: Path, who: str) -> tuple[Path, str]:
    key = folder / f"{who}_ed25519"
    done = run(folder, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(key))
    assert done.returncode == 0, done.stderr
    return key, key.with_suffix(".pub").read_text(encoding="utf-8").strip()


def test_signed_approvals(project: Path, tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    grace_key, grace_pub = keypair(keys, "grace")
    rogue_key, _ = keypair(keys, "rogue")
    org = ("    email: grace@fieldstone.example\n    forge: grace\n",
           f"    email: grace@fieldstone.example\n    forge: grace\n    ssh_key: {grace_pub}\n")
    team = make_team(project, tmp_path / "company", policy_edit=AUDIT_ON, org_edit=org)
    for who, key in (("grace", grace_key), ("ken", rogue_key)):
        team.git(who, "config", "gpg.format", "ssh")
        team.git(who, "config", "user.signingkey", str(key))

    submit_post(team)
    done = team.intranet("ken", "approve", BRANCH, "--as", "ken")
    assert done.stderr == ("intranet: error approve-signing approvals must be signed, and "
                           "org.yml has no ssh_key for Ken Larsen; ask the platform owners to "
                           "add it\n")
    done = team.intranet("grace", "approve", BRANCH, "--as", "grace")
    assert done.stdout == f"Published {BRANCH}: approved by Grace Okafor.\n"
    tip = team.git("grace", "rev-parse", f"origin/{BRANCH}").stdout.strip()
    tag = team.git("grace", "cat-file", "tag", f"intranet/approved/{tip}/grace").stdout
    assert "-----BEGIN SSH SIGNATURE-----" in tag
    team.git("ivan", "pull", "--quiet")
    assert team.intranet("ivan", "audit").returncode == 0

    # An approval in Grace's name, signed with a key org.yml does not list, does not count.
    submit_post(team, title="Second post")
    team.git("grace", "config", "user.signingkey", str(rogue_key))
    done = team.intranet("grace", "approve", "post/engineering/second-post", "--as", "grace")
    assert done.stderr == ("intranet: error approve-invalid your approval would not count: "
                           "bad signature on the approval by Grace Okafor\n")

    # A history forged before the hook existed: an unsigned approval by another owner.
    submit_post(team, title="Third post")
    (team.remote / "hooks" / "pre-receive").unlink()
    third = "post/engineering/third-post"
    team.git("ken", "pull", "--quiet")
    tip = team.git("ken", "rev-parse", f"origin/{third}").stdout.strip()
    team.git("ken", "tag", "--annotate", "--message", "Approve", f"intranet/approved/{tip}/ken",
             tip)
    team.git("ken", "merge", "--quiet", "--no-ff", "--message", f"Publish {third}",
             f"origin/{third}")
    pushed = team.git("ken", "push", "--quiet", "origin", "main", f"intranet/approved/{tip}/ken")
    assert pushed.returncode == 0, pushed.stderr
    team.git("ivan", "pull", "--quiet")
    audit = team.intranet("ivan", "audit").stdout.splitlines()
    assert [line.split(": ", 1)[1] for line in audit[:-1]] == [
        f"error audit-signature Publish {third}: approval by Ken Larsen is not signed, and "
        "signing is on",
        f"error audit-unapproved Publish {third} was published without an approval from "
        "Engineering (one of Grace Okafor, Ken Larsen) for "
        "content/engineering/posts/third-post.md"]


def test_new_never_overwrites_and_submit_stops_on_findings(team: Team) -> None:
    args = ("new", "--department", "engineering", "--title", "Our new build farm")
    assert team.intranet("eve", *args).returncode == 0
    again = team.intranet("eve", *args)
    assert (again.returncode, again.stderr) == (2, (
        f"intranet: error new-exists {POST} already exists; pick another title or edit it\n"))
    team.git("eve", "switch", "--quiet", "main")
    again = team.intranet("eve", *args)
    assert again.stderr == (f"intranet: error new-exists branch {BRANCH} already exists; pick "
                            f"another title, or `git switch {BRANCH}` to go on with it\n")
    team.git("eve", "switch", "--quiet", BRANCH)
    post = team.clone("eve") / POST
    post.write_text(post.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n",
                    encoding="utf-8")
    team.git("eve", "commit", "--quiet", "--all", "--message", "Add a script")
    done = team.intranet("eve", "submit")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{POST}:12:1: error markup-html <script> is not allowed in posts; remove it (embed "
        "nothing: link to the page instead)",
        "checked 1 file(s): 1 error(s), 0 warning(s)",
        "Not submitted: fix the errors above, commit, and run `intranet submit` again."]
    assert BRANCH not in team.git("grace", "ls-remote", "origin").stdout


def test_a_symbolic_link_in_a_submission_is_refused(team: Team) -> None:
    team.git("eve", "switch", "--quiet", "--create", "post/engineering/link")
    link = team.clone("eve") / "content" / "engineering" / "posts" / "link.md"
    link.symlink_to("../../../org.yml")
    team.git("eve", "add", "--all")
    team.git("eve", "commit", "--quiet", "--message", "A link")
    team.git("eve", "push", "--quiet", "origin", "post/engineering/link")
    assert "  policy check: 1 error(s)\n" in team.intranet("grace", "queue").stdout
    done = team.intranet("grace", "approve", "post/engineering/link", "--as", "grace")
    assert done.stderr == (
        "intranet: error approve-policy post/engineering/link fails the policy check, so it "
        "cannot be approved:\ncontent/engineering/posts/link.md:1:1: error file-symlink "
        "symbolic links are not allowed under content/; replace the link with the file "
        "itself\nchecked 1 file(s): 1 error(s), 0 warning(s)\n")
