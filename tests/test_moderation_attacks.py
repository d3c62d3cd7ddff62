"""The approval trail against its own users: each test is an attack an employee (or a
head) can make with plain git on the shared repository, written from the threat model,
and asserts the exact refusal of the server hook and the exact finding of the audit
(for history written before the hook existed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import hostile_git as hg
import pytest
from moderation_team import (
    AUDIT_ON,
    BRANCH,
    POST,
    Team,
    joint_post,
    make_team,
    rev,
    submit_post,
)


@pytest.fixture
def team(project: Path, tmp_path: Path) -> Team:
    return make_team(project, tmp_path / "company", policy_edit=AUDIT_ON)


def refusals(pushed: str) -> list[str]:
    """The hook's refusal lines, without git's `remote: ` prefix and padding."""
    return [line.removeprefix("remote: ").rstrip() for line in pushed.splitlines()
            if line.startswith("remote: intranet: refused: ")]


def unprotect(team: Team) -> None:
    """As if the push happened before the hook was installed: for the audit's view."""
    (team.remote / "hooks" / "pre-receive").unlink()


def audit_findings(team: Team, who: str = "ivan") -> list[str]:
    done = team.intranet(who, "audit")
    assert done.returncode == 1, done.stdout + done.stderr
    return [line for line in done.stdout.splitlines() if line.startswith("commit ")]


def tree_with_file(team: Team, who: str, base: str, path: str, text: str) -> str:
    clone = team.clone(who)
    blob = hg.blob(clone, text.encode())
    return hg.tree_with(clone, rev(team, who, f"{base}^{{tree}}"), path, blob)


def approve_partially(team: Team) -> str:
    """A submission touching two sections, approved by Grace for one: its approval tag
    is on the shared repository, the post waits for HR."""
    tip = joint_post(team, "post/engineering/joint", ("engineering", "hr"))
    assert team.intranet("grace", "approve", "post/engineering/joint", "--as", "grace"
                         ).returncode == 0
    return tip


# 1. The history cannot be re-rooted ----------------------------------------------------

def test_a_new_root_cannot_replace_main(team: Team) -> None:
    clone = team.clone("eve")
    main = rev(team, "eve", "origin/main")
    tree = tree_with_file(team, "eve", "origin/main", POST, "anything\n")
    root = hg.commit(clone, tree, [], b"Fresh start\n")
    pushed = team.git("eve", "push", "--force", "origin", f"{root}:refs/heads/main")
    assert pushed.returncode == 1
    assert refusals(pushed.stderr) == [
        f"intranet: refused: commit {root[:10]}: error audit-history main's first-parent "
        f"history reaches the root commit {root[:10]} without passing {main[:10]}: it is "
        "another history, not this main's"]


def test_a_merge_whose_first_parent_is_foreign_is_refused(team: Team) -> None:
    """The attacker's own history first, main second: rules would come from the attacker."""
    clone = team.clone("eve")
    main = rev(team, "eve", "origin/main")
    owners = tree_with_file(team, "eve", "origin/main", ".github/CODEOWNERS",
                            "* @eve\n")
    orphan = hg.commit(clone, owners, [], b"My own rules\n")
    merge = hg.commit(clone, rev(team, "eve", "origin/main^{tree}"), [orphan, main],
                      b"Publish post/engineering/x\n")
    pushed = team.git("eve", "push", "--force", "origin", f"{merge}:refs/heads/main")
    assert refusals(pushed.stderr) == [
        f"intranet: refused: commit {orphan[:10]}: error audit-history main's first-parent "
        f"history reaches the root commit {orphan[:10]} without passing {main[:10]}: it is "
        "another history, not this main's",
        f"intranet: refused: commit {merge[:10]}: error audit-replay Publish "
        f"post/engineering/x merges {main[:10]}, which main already holds: an approval is "
        "used once; publish new work as a new commit"]
    unprotect(team)
    assert team.git("eve", "push", "--force", "origin", f"{merge}:refs/heads/main"
                    ).returncode == 0
    assert audit_findings(team)[0].startswith(
        f"commit {orphan[:10]}: error audit-history main's first-parent history reaches the "
        f"root commit {orphan[:10]} without passing ")


def test_main_cannot_move_back(team: Team) -> None:
    tip = submit_post(team)
    assert team.intranet("grace", "approve", BRANCH, "--as", "grace").returncode == 0
    team.git("eve", "fetch", "--quiet")
    before = rev(team, "eve", "origin/main^1")
    pushed = team.git("eve", "push", "--force", "origin", f"{before}:refs/heads/main")
    assert refusals(pushed.stderr) == [
        f"intranet: refused: commit {before[:10]}: error audit-history main would move back "
        f"to {before[:10]}, behind {rev(team, 'eve', 'origin/main')[:10]}: published work is "
        "taken down by a reviewed change, never by rewinding"]
    assert tip


# 2. An approval is for one commit, used once -------------------------------------------

def test_an_old_approval_cannot_publish_anything_else(team: Team) -> None:
    """Grace approved Eve's post and it was published. Eve replays that approval: a merge
    of the same (already published) commit, with org.yml making her a head."""
    tip = submit_post(team)
    assert team.intranet("grace", "approve", BRANCH, "--as", "grace").returncode == 0
    team.git("eve", "fetch", "--quiet")
    clone = team.clone("eve")
    org = (clone / "org.yml").read_text(encoding="utf-8").replace("heads: [grace]",
                                                                   "heads: [eve]")
    tree = tree_with_file(team, "eve", "origin/main", "org.yml", org)
    main = rev(team, "eve", "origin/main")
    replay = hg.commit(clone, tree, [main, tip], f"Publish {BRANCH}\n".encode())
    pushed = team.git("eve", "push", "origin", f"{replay}:refs/heads/main")
    assert refusals(pushed.stderr) == [
        f"intranet: refused: commit {replay[:10]}: error audit-replay Publish {BRANCH} merges "
        f"{tip[:10]}, which main already holds: an approval is used once; publish new work as "
        "a new commit"]


def test_nothing_can_be_added_around_an_approved_commit(team: Team) -> None:
    """A post approved for Engineering waits for a second section; Eve publishes it herself
    with the approval she has, plus a change to hooks/ in the merge."""
    tip = approve_partially(team)
    clone = team.clone("eve")
    main = rev(team, "eve", "origin/main")
    merged = team.git("eve", "merge-tree", "--write-tree", main, tip).stdout.strip()
    blob = hg.blob(clone, b"import os\nos.system('curl evil')\n")
    tree = hg.tree_with(clone, merged, "hooks/evil.py", blob)
    merge = hg.commit(clone, tree, [main, tip], b"Publish post/engineering/joint\n")
    pushed = team.git("eve", "push", "origin", f"{merge}:refs/heads/main")
    assert refusals(pushed.stderr) == [
        f"intranet: refused: commit {merge[:10]}: error audit-tree Publish "
        "post/engineering/joint: its content is not git's merge of its parents (it differs at "
        "hooks/evil.py); publish only what was approved, with `intranet approve`"]
    exact = hg.commit(clone, merged, [main, tip], b"Publish post/engineering/joint\n")
    pushed = team.git("eve", "push", "origin", f"{exact}:refs/heads/main")
    assert refusals(pushed.stderr) == [
        f"intranet: refused: commit {exact[:10]}: error audit-unapproved Publish "
        "post/engineering/joint was published without an approval from People & HR (one of "
        "Hana Kim, Omar Haddad) for content/hr/index.md"]


def test_an_octopus_merge_is_refused(team: Team) -> None:
    first = submit_post(team)
    team.git("eve", "switch", "--quiet", "main")
    second = submit_post(team, title="Second post")
    clone = team.clone("eve")
    main = rev(team, "eve", "origin/main")
    merged = team.git("eve", "merge-tree", "--write-tree", main, first).stdout.strip()
    octopus = hg.commit(clone, merged, [main, first, second], b"Publish both\n")
    pushed = team.git("eve", "push", "origin", f"{octopus}:refs/heads/main")
    assert refusals(pushed.stderr) == [
        f"intranet: refused: commit {octopus[:10]}: error audit-merge Publish both merges 2 "
        "branches at once; a publishing merge has exactly two parents"]


# 3. Nobody approves their own work -----------------------------------------------------

def own_post(team: Team, author: str, committer: str, front_matter: str) -> str:
    """A post written by one person, committed by another, naming a third as its author;
    pushed by the committer."""
    clone = team.clone(committer)
    team.git(committer, "switch", "--quiet", "--create", "post/engineering/mine",
             "origin/main")
    text = (clone / "content/engineering/posts/hackathon-winners.md").read_text(
        encoding="utf-8").replace("[eve, grace]", f"[{front_matter}]")
    (clone / "content/engineering/posts/mine.md").write_text(text, encoding="utf-8")
    team.git(committer, "add", "--all")
    env_author = f"{author}@fieldstone.example"
    done = team.git(committer, "-c", f"user.email={committer}@fieldstone.example", "commit",
                    "--quiet", f"--author=Someone <{env_author}>", "--message", "My post")
    assert done.returncode == 0, done.stderr
    assert team.git(committer, "push", "--quiet", "origin", "post/engineering/mine"
                    ).returncode == 0
    return rev(team, committer, "HEAD")


def test_a_head_cannot_approve_a_post_that_names_them_as_author(team: Team) -> None:
    own_post(team, author="eve", committer="eve", front_matter="grace")
    done = team.intranet("grace", "approve", "post/engineering/mine", "--as", "grace")
    assert done.stderr == ("intranet: error approve-self Grace Okafor is one of the authors of "
                           "post/engineering/mine; nobody may approve their own post: another "
                           "owner must\n")


def test_a_head_cannot_approve_a_post_they_committed(team: Team) -> None:
    own_post(team, author="eve", committer="grace", front_matter="eve")
    done = team.intranet("grace", "approve", "post/engineering/mine", "--as", "grace")
    assert done.stderr.startswith("intranet: error approve-self Grace Okafor is one of the "
                                  "authors of post/engineering/mine")


def test_a_self_approval_recorded_by_hand_is_refused_and_flagged(team: Team) -> None:
    tip = own_post(team, author="eve", committer="eve", front_matter="grace")
    name = f"intranet/approved/{tip}/grace"
    team.git("grace", "fetch", "--quiet")
    assert team.git("grace", "tag", "--annotate", "--message", "Approve", name, tip
                    ).returncode == 0
    pushed = team.git("grace", "push", "origin", name)
    assert refusals(pushed.stderr) == [
        f"intranet: refused: {name}: error hook-record self-approval: Grace Okafor is one of "
        f"the authors of {tip[:10]}"]
    unprotect(team)
    main = rev(team, "grace", "origin/main")
    team.git("grace", "switch", "--quiet", "--detach", main)
    team.git("grace", "merge", "--quiet", "--no-ff", "--message", "Publish mine", tip)
    assert team.git("grace", "push", "origin", "HEAD:refs/heads/main", name).returncode == 0
    merge = rev(team, "grace", "HEAD")
    assert audit_findings(team) == [
        f"commit {merge[:10]}: error audit-self-approval Publish mine: self-approval: Grace "
        "Okafor is one of its authors",
        f"commit {merge[:10]}: error audit-unapproved Publish mine was published without an "
        "approval from Engineering (one of Grace Okafor, Ken Larsen) for "
        "content/engineering/posts/mine.md"]


# 4. Moderation records are append-only -------------------------------------------------

def test_records_cannot_be_deleted_or_moved(team: Team) -> None:
    tip = approve_partially(team)
    name = f"intranet/approved/{tip}/grace"
    pushed = team.git("eve", "push", "origin", f":refs/tags/{name}")
    assert refusals(pushed.stderr) == [
        f"intranet: refused: refs/tags/{name}: error hook-record refs/tags/{name}: moderation "
        "records are append-only and may not be deleted; a new decision is a new record on a "
        "new commit"]
    other = rev(team, "eve", "origin/main")
    team.git("eve", "fetch", "--quiet", "origin", f"+refs/tags/{name}:refs/tags/{name}")
    team.git("eve", "tag", "--force", "--annotate", "--message", "Moved", name, other)
    pushed = team.git("eve", "push", "--force", "origin", f"refs/tags/{name}")
    assert refusals(pushed.stderr)[0].endswith("may not be moved; a new decision is a new "
                                               "record on a new commit")


def push_record(team: Team, who: str, name: str, target: str, *, env: dict[str, str] | None
                = None, tagger: str | None = None, kind: str = "commit") -> list[str]:
    """Eve (or `who`) makes a record by hand, claiming any tagger, and pushes it."""
    clone = team.clone(who)
    ident = (tagger or f"{who}@fieldstone.example").encode()
    obj = hg.tag(clone, target, kind, name.encode(), b"Approve\n",
                 tagger=b"Someone <" + ident + b"> 1764061200 +0000")
    return refusals(hg.push(clone, "origin", f"{obj}:refs/tags/{name}", env=env).stderr)


def test_forged_records_are_refused(team: Team) -> None:
    tip = submit_post(team)
    clone = team.clone("eve")
    base = f"intranet/approved/{tip}"
    assert push_record(team, "eve", f"{base}/grace", tip) == [
        f"intranet: refused: {base}/grace: error hook-record approval in Grace Okafor's name "
        "recorded by eve@fieldstone.example"]
    assert push_record(team, "mia", f"{base}/mia", tip) == [
        f"intranet: refused: {base}/mia: error hook-record approval by Mia Rossi, who owns "
        f"none of the files {tip[:10]} changes"]
    assert push_record(team, "eve", f"intranet/rejected/{tip}/grace", tip) == [
        f"intranet: refused: intranet/rejected/{tip}/grace: error hook-record rejection in "
        "Grace Okafor's name recorded by eve@fieldstone.example"]
    tree = rev(team, "eve", f"{tip}^{{tree}}")
    assert push_record(team, "grace", f"intranet/approved/{tree}/grace", tree, kind="tree") == [
        f"intranet: refused: intranet/approved/{tree}/grace: error hook-record intranet/"
        f"approved/{tree}/grace points at tree {tree[:10]}, not at commit {tree[:10]} that its "
        "name gives"]
    assert push_record(team, "grace", "intranet/approved/latest/grace", tip) == [
        "intranet: refused: intranet/approved/latest/grace: error hook-record intranet/approved"
        "/latest/grace is not a record's name: records are intranet/<approved|rejected>/<full "
        "commit id>/<handle>"]
    made_for_ken = hg.tag(clone, tip, "commit", f"{base}/ken".encode(), b"Approve\n",
                          tagger=b"Grace <grace@fieldstone.example> 1764061200 +0000")
    pushed = hg.push(clone, "origin", f"{made_for_ken}:refs/tags/{base}/grace")
    assert refusals(pushed.stderr) == [
        f"intranet: refused: {base}/grace: error hook-record {base}/grace was made under "
        f"another name (it says '{base}/ken'); a record cannot be renamed"]
    team.git("eve", "tag", f"{base}/ken", tip)
    pushed = team.git("eve", "push", "origin", f"refs/tags/{base}/ken")
    assert refusals(pushed.stderr) == [
        f"intranet: refused: {base}/ken: error hook-record {base}/ken is a lightweight tag (a "
        "commit); records are annotated tags, made by `intranet approve` or `intranet reject`"]
    queue = team.intranet("grace", "queue", "--for", "grace")
    assert "  approved by: nobody yet\n" in queue.stdout


def test_names_that_imitate_main_are_refused(team: Team) -> None:
    main = rev(team, "eve", "origin/main")
    for ref in ("refs/tags/main", "refs/heads/Main", "refs/heads/origin/main",
                "refs/tags/origin/main", "refs/heads/MAIN", "refs/tags/HEAD"):
        pushed = team.git("eve", "push", "origin", f"{main}:{ref}")
        assert refusals(pushed.stderr) == [
            f"intranet: refused: {ref}: error hook-ref-name {ref}: the name imitates main or a "
            "remote's branch, so it could be read in its place; name branches "
            "post/<department>/<name>"], ref
    pushed = team.git("eve", "push", "origin", f"{main}:refs/notes/main")
    assert refusals(pushed.stderr) == [
        "intranet: refused: refs/notes/main: error hook-ref refs/notes/main: only branches "
        "(refs/heads/) and tags (refs/tags/) may be pushed here"]


def test_a_tag_named_like_main_does_not_fool_the_audit(team: Team) -> None:
    """Pushed before the hook: a tag `origin/main` on a forged history. A fresh clone
    resolves `origin/main` to the tag; the audit still judges the real main."""
    clone = team.clone("eve")
    main = rev(team, "eve", "origin/main")
    tree = tree_with_file(team, "eve", "origin/main", POST, "forged\n")
    fake = hg.commit(clone, tree, [], b"Looks fine\n")
    unprotect(team)
    assert team.git("eve", "push", "origin", f"{fake}:refs/tags/origin/main").returncode == 0
    fresh = team.home / "fresh"
    team.git("eve", "clone", "--quiet", str(team.remote), str(fresh))
    shadowed = subprocess.run(["git", "rev-parse", "origin/main"], cwd=fresh,
                              capture_output=True, text=True, check=False).stdout.strip()
    assert shadowed == fake  # git itself is fooled
    done = subprocess.run([sys.executable, "-m", "intranet.cli.main", "audit"],
                          cwd=fresh, capture_output=True, text=True, check=False)
    assert done.stdout.startswith(f"audit of origin/main at {main[:10]} "), done.stdout


# 6. Secrets never reach the shared repository ------------------------------------------

def commit_text(team: Team, who: str, path: str, text: str, message: str) -> None:
    target = team.clone(who) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    team.git(who, "add", path)
    assert team.git(who, "commit", "--quiet", "--message", message).returncode == 0


def test_a_secret_is_refused_on_any_branch_even_in_an_earlier_commit(team: Team) -> None:
    team.git("eve", "switch", "--quiet", "--create", "post/engineering/deploy")
    post = (team.clone("eve") / "content/engineering/posts/hackathon-winners.md").read_text(
        encoding="utf-8").replace("[eve, grace]", "[eve]")
    commit_text(team, "eve", "content/engineering/posts/deploy.md",
                post + "\nUse the key AKIA2E0A8F3B244C9986 with the deploy script.\n", "Deploy")
    commit_text(team, "eve", "content/engineering/posts/deploy.md", post, "Oops, remove it")
    checked = team.intranet("eve", "check", "--no-cache", "content/engineering/posts")
    assert checked.returncode == 0  # the tip is clean: only the history holds the key
    pushed = team.git("eve", "push", "origin", "post/engineering/deploy")
    line = len(post.splitlines()) + 2
    assert refusals(pushed.stderr) == [
        f"intranet: refused: content/engineering/posts/deploy.md:{line}:13: error secret this "
        "looks like a credential (AWS Access Key); remove it, revoke it if it was real, and "
        "share secrets only through the password manager"]
    assert "intranet: secrets and blocked words must never reach the shared repository" \
        in pushed.stderr
    assert "post/engineering/deploy" not in team.git("ivan", "ls-remote", "origin").stdout


def test_blocked_words_and_secrets_anywhere_are_refused_with_check_s_message(team: Team
                                                                            ) -> None:
    team.git("eve", "switch", "--quiet", "--create", "post/engineering/card")
    post = (team.clone("eve") / "content/engineering/posts/hackathon-winners.md").read_text(
        encoding="utf-8").replace("[eve, grace]", "[eve]")
    commit_text(team, "eve", "content/engineering/posts/card.md",
                post + "\nPay with 4111 1111 1111 1111 please.\n", "Card")
    commit_text(team, "eve", "scripts/deploy.sh",
                "export AWS_ACCESS_KEY_ID=AKIA2E0A8F3B244C9986\n", "Script")
    checked = team.intranet("eve", "check", "--no-cache", "content/engineering/posts/card.md")
    pushed = team.git("eve", "push", "origin", "post/engineering/card")
    assert refusals(pushed.stderr) == [
        f"intranet: refused: {line}" for line in checked.stdout.splitlines()[:-1]] + [
        "intranet: refused: scripts/deploy.sh:1:26: error secret this looks like a credential "
        "(AWS Access Key); remove it, revoke it if it was real, and share secrets only "
        "through the password manager"]
    assert "watched-card-number" in pushed.stderr


# 4 (continued). Signed records, and records bound to the authenticated pusher -----------

def keypair(folder: Path, who: str) -> tuple[Path, str]:
    folder.mkdir(exist_ok=True)
    key = folder / f"{who}_ed25519"
    done = subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f",
                              str(key)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return key, key.with_suffix(".pub").read_text(encoding="utf-8").strip()


def signed_team(project: Path, tmp_path: Path) -> tuple[Team, Path]:
    """Grace and Ken have keys on record; returns the team and a key nobody listed."""
    keys = tmp_path / "keys"
    found = {who: keypair(keys, who) for who in ("grace", "ken", "rogue")}
    org = (project / "org.yml").read_text(encoding="utf-8")
    for who in ("grace", "ken"):
        line = f"    email: {who}@fieldstone.example\n"
        assert line in org
        org = org.replace(line, f"{line}    ssh_key: {found[who][1]}\n")
    team = make_team(project, tmp_path / "company", policy_edit=AUDIT_ON,
                     org_edit=((project / "org.yml").read_text(encoding="utf-8"), org))
    for who in ("grace", "ken"):
        team.git(who, "config", "gpg.format", "ssh")
        team.git(who, "config", "user.signingkey", str(found[who][0]))
    return team, found["rogue"][0]


def test_with_signing_on_unsigned_or_badly_signed_records_are_refused(
        project: Path, tmp_path: Path) -> None:
    team, rogue = signed_team(project, tmp_path)
    tip = submit_post(team)
    name = f"intranet/approved/{tip}/grace"
    team.git("grace", "fetch", "--quiet")
    team.git("grace", "tag", "--annotate", "--message", "Approve", name, tip)
    assert refusals(team.git("grace", "push", "origin", name).stderr) == [
        f"intranet: refused: {name}: error hook-record approval by Grace Okafor is not signed, "
        "and signing is on"]
    team.git("grace", "tag", "--delete", name)
    team.git("grace", "-c", f"user.signingkey={rogue}", "-c", "gpg.format=ssh", "tag",
             "--sign", "--message", "Approve", name, tip)
    assert refusals(team.git("grace", "push", "origin", name).stderr) == [
        f"intranet: refused: {name}: error hook-record bad signature on the approval by Grace "
        "Okafor"]


def test_with_signing_on_the_merge_must_be_signed_by_an_approver(
        project: Path, tmp_path: Path) -> None:
    """Grace's signed approval is genuine; Eve merges it herself, unsigned."""
    team, _ = signed_team(project, tmp_path)
    tip = submit_post(team)
    team.git("grace", "fetch", "--quiet")
    name = f"intranet/approved/{tip}/grace"
    team.git("grace", "tag", "--sign", "--message", "Approve", name, tip)
    assert team.git("grace", "push", "origin", name).returncode == 0
    main = rev(team, "eve", "origin/main")
    merged = team.git("eve", "merge-tree", "--write-tree", main, tip).stdout.strip()
    merge = hg.commit(team.clone("eve"), merged, [main, tip], f"Publish {BRANCH}\n".encode())
    pushed = team.git("eve", "push", "origin", f"{merge}:refs/heads/main")
    assert refusals(pushed.stderr) == [
        f"intranet: refused: commit {merge[:10]}: error audit-signature Publish {BRANCH}: the "
        "merge is not signed by one of its approvers, and signing is on"]
    done = team.intranet("grace", "approve", BRANCH, "--as", "grace")
    assert done.stdout == f"Published {BRANCH} (commit {tip[:10]}): approved by Grace Okafor.\n"


def test_records_must_be_pushed_by_their_reviewer_where_the_server_knows_them(
        project: Path, tmp_path: Path) -> None:
    team = make_team(project, tmp_path / "company", policy_edit=AUDIT_ON,
                     hook=("--pusher-env", "GL_USER"))
    tip = submit_post(team)
    name = f"intranet/approved/{tip}/grace"
    claim = "grace@fieldstone.example"
    assert push_record(team, "eve", name, tip, tagger=claim, env={"GL_USER": "eve"}) == [
        f"intranet: refused: {name}: error hook-record approval in Grace Okafor's name pushed "
        "by Eve Martins; a record must be pushed by its reviewer"]
    assert push_record(team, "eve", name, tip, tagger=claim, env={"GL_USER": ""}) == [
        f"intranet: refused: {name}: error hook-record the server names the pusher 'nobody' "
        "($GL_USER), who is nobody in org.yml; a record must be pushed by its reviewer"]
    done = team.intranet("grace", "approve", BRANCH, "--as", "grace", env={"GL_USER": "grace"})
    assert done.stdout == f"Published {BRANCH} (commit {tip[:10]}): approved by Grace Okafor.\n"


# 8. The hook says what it depends on --------------------------------------------------

def test_a_hook_whose_environment_is_gone_refuses_with_the_reason(team: Team) -> None:
    hook = team.remote / "hooks" / "pre-receive"
    text = hook.read_text(encoding="utf-8")
    python = next(line for line in text.splitlines() if line.startswith("PYTHON="))
    hook.write_text(text.replace(python, "PYTHON=/gone/venv/bin/python"), encoding="utf-8")
    main = rev(team, "eve", "origin/main")
    pushed = team.git("eve", "push", "origin", f"{main}:refs/heads/post/engineering/x")
    assert refusals(pushed.stderr) == [
        "intranet: refused: the pre-receive hook cannot run: /gone/venv/bin/python is gone (it "
        "came from the environment that ran `intranet server-hook install`); run the install "
        "again from a working intranet environment"]
    base = Path(subprocess.run([python.split("=", 1)[1], "-c",
                                   "import sys; print(sys.base_prefix)"], capture_output=True,
                                  text=True, check=True).stdout.strip()) / "bin" / "python3"
    hook.write_text(text.replace(python, f"PYTHON={base}"), encoding="utf-8")
    pushed = team.git("eve", "push", "origin", f"{main}:refs/heads/post/engineering/x")
    assert refusals(pushed.stderr)[0].startswith(
        f"intranet: refused: the pre-receive hook cannot run: the intranet package is not "
        f"installed for {base}")


def test_git_itself_checks_every_object_the_shared_repository_receives(team: Team) -> None:
    clone = team.clone("eve")
    main = rev(team, "eve", "origin/main")
    tree = hg.tree_with(clone, rev(team, "eve", "origin/main^{tree}"),
                        b"content/engineering/posts/..", hg.blob(clone, b"x\n"))
    tip = hg.commit(clone, tree, [main], b"Dots\n")
    pushed = hg.push(clone, "origin", f"{tip}:refs/heads/post/engineering/dots")
    assert pushed.returncode == 1
    assert "hasDotdot: contains '..'" in pushed.stderr


# 5. Heads see what they approve, and approve exactly that ------------------------------

def test_show_prints_what_publishing_would_change_and_approve_binds_to_it(team: Team) -> None:
    tip = submit_post(team)
    main = rev(team, "grace", "origin/main")
    shown = team.intranet("grace", "show", BRANCH)
    assert shown.returncode == 0, shown.stderr
    head, _, diff = shown.stdout.partition("diff --git ")
    assert head == (
        f"{BRANCH}\n  commit:   {tip}\n  authors:  Eve Martins (eve)\n"
        f"  changes:  1 file(s) on main at {main[:10]}\n"
        f"  needs:    Engineering, one of Grace Okafor, Ken Larsen ({POST})\n"
        "  approved: nobody yet\n  policy:   passes\n"
        f"  decide:   intranet approve {BRANCH} --as HANDLE --commit {tip}\n"
        f"            intranet reject {BRANCH} --as HANDLE --commit {tip} --reason TEXT\n\n")
    assert diff.startswith(f"a/{POST} b/{POST}\nnew file mode 100644\n")
    assert '+title: "Our new build farm"\n' in diff

    post = team.clone("eve") / POST
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    team.git("eve", "commit", "--quiet", "--all", "--message", "More")
    assert team.intranet("eve", "submit").returncode == 0
    moved = rev(team, "eve", "HEAD")
    done = team.intranet("grace", "approve", BRANCH, "--as", "grace", "--commit", tip)
    assert (done.returncode, done.stderr) == (2, (
        f"intranet: error approve-moved {BRANCH} has moved since you reviewed it: it is at "
        f"{moved[:10]} now, not {tip}; run `intranet show {BRANCH}` and decide on what it "
        "shows\n"))
    done = team.intranet("grace", "approve", BRANCH, "--as", "grace", "--commit", moved[:12])
    assert done.stdout == f"Published {BRANCH} (commit {moved[:10]}): approved by Grace Okafor.\n"


def test_a_show_of_a_conflicting_submission_says_how_to_fix_it(team: Team) -> None:
    submit_post(team)
    team.git("ken", "switch", "--quiet", "--create", "post/engineering/same", "origin/main")
    target = team.clone("ken") / POST
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (team.clone("eve") / POST).read_text(encoding="utf-8").replace("[eve]", "[ken]")
    target.write_text(text.replace("Write your post here", "Another text"), encoding="utf-8")
    team.git("ken", "add", POST)
    team.git("ken", "commit", "--quiet", "--message", "Same name")
    assert team.intranet("ken", "submit").returncode == 0
    assert team.intranet("hana", "approve", "post/engineering/same", "--as", "grace"
                         ).returncode == 2  # Hana's clone is not Grace's
    assert team.intranet("grace", "approve", "post/engineering/same", "--as", "grace"
                         ).returncode == 0
    shown = team.intranet("grace", "show", BRANCH)
    assert ("  refused:  conflicts with main; its author must run `git fetch`, `git rebase "
            "origin/main` and `intranet submit` again\n") in shown.stdout


def test_install_states_what_the_hook_depends_on(tmp_path: Path) -> None:
    bare = tmp_path / "shared.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    done = subprocess.run([sys.executable, "-m", "intranet.cli.main", "server-hook", "install",
                           str(bare), "--pusher-env", "GL_USER"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"Installed {bare / 'hooks' / 'pre-receive'}: pushes to main must pass `intranet "
        "audit`; records are append-only and checked; names imitating main and secrets on any "
        "branch are refused. Records must be pushed by their reviewer, as $GL_USER names "
        f"them.\nThe hook runs {sys.executable} with the intranet package installed there: if "
        "that environment is removed or moved, every push is refused until you run this "
        "install again.\n")
    config = subprocess.run(["git", "--git-dir", str(bare), "config", "receive.fsckObjects"],
                            capture_output=True, text=True, check=True)
    assert config.stdout == "true\n"
