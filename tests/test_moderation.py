"""Moderation with nothing but git: a bare shared repository with the server hook, and a
clone per person. Every refusal is checked by its exact message."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ENGINE, run
from moderation_team import AUDIT_ON, BRANCH, POST, Team, joint_post, make_team, submit_post


@pytest.fixture
def team(project: Path, tmp_path: Path) -> Team:
    return make_team(project, tmp_path / "company", policy_edit=AUDIT_ON)


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
    assert done.stderr == (f"intranet: error approve-self Eve Martins is one of the authors of "
                           f"{BRANCH}; nobody may approve their own post: another owner must\n")
    done = team.intranet("mia", "approve", BRANCH, "--as", "grace")
    assert done.stderr == ("intranet: error review-identity git here is set up for "
                           "mia@fieldstone.example, not Grace Okafor <grace@fieldstone.example>;"
                           " approve from your own clone\n")

    queue = team.intranet("grace", "queue", "--for", "grace").stdout.splitlines()
    assert queue[:3] == ["1 submission(s) waiting", "", BRANCH]
    assert queue[3].startswith("  by Eve Martins (eve) · Engineering · submitted ")
    assert queue[4:] == ["  policy check: passes", "  approved by: nobody yet",
                         "  waiting for Engineering: one of Grace Okafor, Ken Larsen",
                         f"  review: intranet show {BRANCH}"]
    tip = team.git("grace", "rev-parse", f"origin/{BRANCH}").stdout.strip()
    done = team.intranet("grace", "approve", BRANCH, "--as", "grace")
    assert done.stdout == f"Published {BRANCH} (commit {tip[:10]}): approved by Grace Okafor.\n"
    assert team.intranet("mia", "queue").stdout == "Nothing is waiting.\n"

    message = team.git("ivan", "log", "-1", "--format=%B", "origin/main").stdout
    assert message == (f"Publish {BRANCH}\n\nApproved-by: Grace Okafor "
                       "<grace@fieldstone.example>\n\n")
    assert team.git("ivan", "pull", "--quiet").returncode == 0
    audit = team.intranet("ivan", "audit")
    head = team.git("ivan", "rev-parse", "origin/main").stdout.strip()
    since = team.git("ivan", "rev-parse", "origin/main~1^1").stdout.strip()
    assert (audit.returncode, audit.stdout) == (0, (
        f"audit of origin/main at {head[:10]} (the shared repository's, fetched just now from "
        f"{team.remote})\nall 2 commit(s) since then arrived through a valid approval; "
        f"moderation started after {since[:10]}; the 1 commit(s) up to it are history, not "
        "judged\n"))
    site = team.clone("ivan") / "out"
    built = run(team.clone("ivan"), *ENGINE, "build", "--strict",
                "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    # Filed by year, where `intranet new` put it: engineering/posts/2026/our-new-build-farm/
    assert (site / "engineering" / "posts" / "2026" / "our-new-build-farm" / "index.html"
            ).is_file()


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
    assert audit.stdout.splitlines()[-1].startswith(
        "1 of 2 commit(s) since then did not arrive through a valid approval; ")
    built = run(team.clone("grace"), *ENGINE, "build", "--site-dir",
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
    tip = team.git("grace", "rev-parse", "origin/post/engineering/own-it").stdout.strip()
    assert done.stdout == (f"Approved post/engineering/own-it (commit {tip[:10]}) for "
                           "Engineering. Still waiting for:\n  IT platform owners: one of Ivan "
                           "Petrov, Priya Raman\n")
    done = team.intranet("ivan", "approve", "post/engineering/own-it", "--as", "ivan")
    assert done.stdout == (f"Published post/engineering/own-it (commit {tip[:10]}): approved "
                           "by Grace Okafor, Ivan Petrov.\n")


def test_a_rejected_branch_keeps_its_content(team: Team) -> None:
    submit_post(team)
    before = team.git("grace", "show", f"origin/{BRANCH}:{POST}").stdout
    done = team.intranet("grace", "reject", BRANCH, "--as", "grace", "--reason",
                         "Please add who to ask for access.")
    assert done.returncode == 0, done.stderr
    assert team.intranet("grace", "queue").stdout == "Nothing is waiting.\n"
    mine = team.intranet("eve", "queue", "--mine").stdout
    tip = team.git("eve", "rev-parse", f"origin/{BRANCH}").stdout.strip()
    assert mine == (f"1 submission(s) of yours\n\n{BRANCH} (commit {tip[:10]})\n  rejected: "
                    "Grace Okafor rejected this version: Please add who to ask for access. The "
                    "author must push a new version first\n")
    team.git("grace", "fetch", "--quiet")
    assert team.git("grace", "show", f"origin/{BRANCH}:{POST}").stdout == before
    done = team.intranet("ken", "approve", BRANCH, "--as", "ken")
    assert done.stderr == ("intranet: error approve-rejected Grace Okafor rejected this "
                           "version: Please add who to ask for access. The author must push a "
                           "new version first\n")


def test_a_change_to_two_sections_waits_for_both(team: Team) -> None:
    joint_post(team, "post/marketing/joint", ("marketing", "hr"))
    done = team.intranet("mia", "approve", "post/marketing/joint", "--as", "mia")
    tip = team.git("mia", "rev-parse", "origin/post/marketing/joint").stdout.strip()
    assert done.stdout == (f"Approved post/marketing/joint (commit {tip[:10]}) for Marketing. "
                           "Still waiting for:\n  People & HR: one of Hana Kim, Omar Haddad\n")
    assert team.main_log("mia")[0] == "Publish post/it/start-moderation"
    done = team.intranet("hana", "approve", "post/marketing/joint", "--as", "hana")
    assert done.stdout == (f"Published post/marketing/joint (commit {tip[:10]}): approved by "
                           "Hana Kim, Mia Rossi.\n")


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
    tip = team.git("grace", "rev-parse", f"origin/{BRANCH}").stdout.strip()
    assert done.stdout == f"Published {BRANCH} (commit {tip[:10]}): approved by Grace Okafor.\n"
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
    assert [line.split(": ", 1)[1] for line in audit[:-2]] == [
        f"error audit-signature Publish {third}: approval by Ken Larsen is not signed, and "
        "signing is on",
        f"error audit-unapproved Publish {third} was published without an approval from "
        "Engineering (one of Grace Okafor, Ken Larsen) for "
        "content/engineering/posts/2026/third-post.md"]


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
    tip = team.git("eve", "rev-parse", "HEAD").stdout.strip()
    pushed = team.git("eve", "push", "origin", "post/engineering/link")
    assert pushed.returncode == 1
    assert (f"remote: intranet: refused: commit {tip[:10]}: error hook-path "
            "content/engineering/posts/link.md is a symbolic link; links are not accepted (they "
            "can point anywhere): commit the file itself") in pushed.stderr
    assert team.intranet("grace", "queue").stdout == "Nothing is waiting.\n"


def test_an_author_sees_where_each_submission_stands(team: Team) -> None:
    submit_post(team)
    first = team.git("eve", "rev-parse", "HEAD").stdout.strip()
    assert team.intranet("grace", "approve", BRANCH, "--as", "grace").returncode == 0
    team.git("eve", "switch", "--quiet", "main")
    submit_post(team, title="Second post")
    second = team.git("eve", "rev-parse", "HEAD").stdout.strip()
    assert team.intranet("ken", "reject", "post/engineering/second-post", "--as", "ken",
                         "--reason", "Say when it starts.").returncode == 0
    again = team.intranet("eve", "submit")
    assert (again.returncode, again.stderr) == (2, (
        f"intranet: error submit-rejected this exact version (commit {second[:10]}) is still "
        "rejected: Ken Larsen rejected this version: Say when it starts. The author must push "
        "a new version first: change the post, commit, and run `intranet submit` again\n"))
    team.git("eve", "switch", "--quiet", "main")
    submit_post(team, title="Third post")
    third = team.git("eve", "rev-parse", "HEAD").stdout.strip()
    mine = team.intranet("eve", "queue", "--mine").stdout.splitlines()
    assert mine[:6] == [
        "3 submission(s) of yours", "",
        f"post/engineering/second-post (commit {second[:10]})",
        "  rejected: Ken Larsen rejected this version: Say when it starts. The author must push "
        "a new version first", "",
        f"post/engineering/third-post (commit {third[:10]})"]
    assert mine[6].startswith("  waiting since ") and mine[6].endswith("; policy check: passes")
    assert mine[7] == "  waiting for Engineering: one of Grace Okafor, Ken Larsen"
    assert mine[8:10] == ["", f"{BRANCH} (commit {first[:10]})"]
    assert mine[10].startswith("  published ") and mine[10].endswith(
        " ago, approved by Grace Okafor")


def test_the_audit_passes_on_a_fresh_clone_of_this_repository(tmp_path: Path) -> None:
    """Moderation has not started here (policy.yml sets no moderation.since): the whole
    history is history from before it, reported as such, and the audit passes."""
    from conftest import ROOT, git  # noqa: PLC0415

    git(tmp_path, "clone", "--quiet", str(ROOT), "fresh")
    fresh = tmp_path / "fresh"
    # Run from this checkout, so the engine under test is the one judging the clone.
    done = run(ROOT, sys.executable, "-m", "intranet.cli.main", "--root", str(fresh), "audit")
    head = git(fresh, "rev-parse", "origin/main").strip()
    count = git(fresh, "rev-list", "--first-parent", "--count", "origin/main").strip()
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"audit of origin/main at {head[:10]} (the shared repository's, fetched just now from "
        f"{ROOT})\nmoderation has not started (policy.yml sets no moderation.since), so its "
        f"{count} commit(s) are history from before moderation; nothing was judged\n")


def test_a_change_that_would_break_the_rules_cannot_be_approved(team: Team) -> None:
    """A broken org.yml on main would stop every later approval, and the hook with it."""
    team.git("priya", "switch", "--quiet", "--create", "post/it/org")
    org = team.clone("priya") / "org.yml"
    org.write_text(org.read_text(encoding="utf-8").replace("heads: [grace]", "heads: [nobody]"),
                   encoding="utf-8")
    team.git("priya", "commit", "--quiet", "--all", "--message", "Typo")
    team.git("priya", "push", "--quiet", "origin", "post/it/org")
    done = team.intranet("ivan", "approve", "post/it/org", "--as", "ivan")
    assert done.returncode == 2
    assert done.stderr.startswith(
        "intranet: error approve-refused post/it/org cannot be approved: after it, main's "
        "rules could not be read (org.yml:")
    assert "fix that first" in done.stderr
