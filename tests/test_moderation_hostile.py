"""No moderation command crashes on hostile input: branches and records made byte by
byte (`..` and control characters in paths, NUL and escape codes in messages, gitlinks,
symlinks, unrelated histories, huge commits, unreadable trees and commits, tags on
blobs) are answered with findings, and every other branch is served as usual."""

from __future__ import annotations

from pathlib import Path

import hostile_git as hg
import pytest
from moderation_team import Team, make_team, rev, submit_post
from test_moderation_attacks import refusals

GOOD = "post/engineering/our-new-build-farm"
DOTDOT = b"content/engineering/posts/.."


@pytest.fixture
def team(project: Path, tmp_path: Path) -> Team:
    return make_team(project, tmp_path / "company")


def hostile_branches(team: Team) -> dict[str, str]:
    """branch -> tip, made in Eve's clone on top of main."""
    clone = team.clone("eve")
    main = rev(team, "eve", "origin/main")
    base = rev(team, "eve", "origin/main^{tree}")
    post = (clone / "content/engineering/posts/hackathon-winners.md").read_bytes().replace(
        b"[eve, grace]", b"[eve]")
    blob = hg.blob(clone, post)

    def on_main(path: bytes, sha: str = blob, mode: str = "100644", message: bytes = b"Post\n",
                author: bytes = hg.DEFAULT_IDENT) -> str:
        return hg.commit(clone, hg.tree_with(clone, base, path, sha, mode), [main], message,
                         author=author)

    return {
        "post/engineering/dotdot": on_main(DOTDOT),
        "post/engineering/escape": on_main(b"content/engineering/posts/a\x1b[2Jb.md"),
        "post/engineering/message": on_main(
            b"content/engineering/posts/message.md",
            message=b"Hi\x1e\x1f\x00\x1b[31m red \xe2\x80\xae gnirts\n",
            author=b"Eve \x1b[2J <eve@fieldstone.example> 1764061200 +0000"),
        "post/engineering/gitlink": hg.gitlink_commit(clone, main, "content/engineering/sub",
                                                      main),
        "post/engineering/symlink": hg.symlink_commit(clone, main, "hooks/passwd",
                                                      "../../../etc/passwd"),
        "post/engineering/orphan": hg.commit(clone, base, [], b"Unrelated\n"),
        "post/engineering/huge": hg.many_files_commit(clone, main, 1500,
                                                      "content/engineering/files"),
        "post/engineering/no-author": on_main(b"content/engineering/posts/anon.md", author=b""),
    }


def push_all(team: Team, branches: dict[str, str]) -> None:
    """Everything reaches the shared repository, as from before the hook and from a
    server that does not check objects."""
    (team.remote / "hooks" / "pre-receive").rename(team.remote / "hooks" / "pre-receive.off")
    team.git("eve", "--git-dir", str(team.remote), "config", "receive.fsckObjects", "false")
    for branch, tip in branches.items():
        pushed = hg.push(team.clone("eve"), "origin", f"{tip}:refs/heads/{branch}")
        assert pushed.returncode == 0, (branch, pushed.stderr)
    blob = rev(team, "eve", "origin/main:org.yml")
    tip = branches["post/engineering/message"]
    tag = hg.tag(team.clone("eve"), blob, "blob", f"intranet/approved/{tip}/grace".encode(),
                 b"On a blob\n")
    assert hg.push(team.clone("eve"), "origin", f"{tag}:refs/tags/intranet/approved/{tip}/grace"
                   ).returncode == 0
    (team.remote / "hooks" / "pre-receive.off").rename(team.remote / "hooks" / "pre-receive")


REASONS = {
    "post/engineering/dotdot": "the path 'content/engineering/posts/..' has an empty, '.' or "
                               "'..' part; git trees must not",
    "post/engineering/escape": "the path 'content/engineering/posts/a\\x1b[2Jb.md' holds a "
                               "control character or bytes that are not UTF-8; rename it with "
                               "plain characters",
    "post/engineering/gitlink": "content/engineering/sub is a gitlink (a submodule); the "
                                "intranet holds no submodules: commit the files themselves",
    "post/engineering/symlink": "hooks/passwd is a symbolic link; links are not accepted (they "
                                "can point anywhere): commit the file itself",
    "post/engineering/orphan": "its history is unrelated to main; start from main with "
                               "`intranet new`",
    "post/engineering/huge": "it changes 1,500 files, more than the 1,000 that one review may "
                             "cover (limits.submission_files); split it",
}


def test_queue_lists_every_branch_and_says_why_the_hostile_ones_cannot_pass(team: Team
                                                                              ) -> None:
    submit_post(team)
    branches = hostile_branches(team)
    push_all(team, branches)
    done = team.intranet("grace", "queue")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert out.startswith("9 submission(s) waiting\n")
    assert f"\n{GOOD}\n" in out and f"  review: intranet show {GOOD}\n" in out
    for branch, why in REASONS.items():
        assert f"\n{branch}\n" in out and f"  cannot be approved: {why}" in out, branch
    assert "\x1b" not in out and "\x00" not in out and "\u202e" not in out
    no_author = branches["post/engineering/no-author"]
    assert (f"  cannot be approved: it holds a commit that cannot be read ({no_author[:10]} "
            "has a malformed author line)") in out
    assert "post/engineering/message\n  by Eve Martins (eve) · Engineering" in out
    mine = team.intranet("eve", "queue", "--mine")
    assert mine.returncode == 0 and mine.stderr == ""
    waiting = team.intranet("grace", "queue", "--for", "grace").stdout
    assert waiting.startswith("2 submission(s) waiting\n\npost/engineering/message\n")
    assert f"\n{GOOD}\n" in waiting


def test_show_approve_and_reject_answer_hostile_branches_with_findings(team: Team) -> None:
    branches = hostile_branches(team)
    push_all(team, branches)
    for branch, why in REASONS.items():
        shown = team.intranet("grace", "show", branch)
        assert (shown.returncode, shown.stderr) == (0, ""), branch
        assert f"  refused:  {why}\n" in shown.stdout, branch
        approved = team.intranet("grace", "approve", branch, "--as", "grace")
        assert (approved.returncode, approved.stderr) == (2, (
            f"intranet: error approve-refused {branch} cannot be approved: {why}\n")), branch
    message = team.intranet("grace", "show", "post/engineering/message")
    assert message.returncode == 0 and "\x1b" not in message.stdout
    rejected = team.intranet("grace", "reject", "post/engineering/escape", "--as", "grace",
                             "--reason", "Please use a plain file name.")
    assert rejected.returncode == 0, rejected.stderr


def test_the_hook_refuses_hostile_objects_and_the_audit_reports_them(team: Team) -> None:
    branches = hostile_branches(team)
    team.git("eve", "--git-dir", str(team.remote), "config", "receive.fsckObjects", "false")
    expected = {
        "post/engineering/dotdot": f"commit {branches['post/engineering/dotdot'][:10]}: error "
                                   f"hook-path {REASONS['post/engineering/dotdot']}",
        "post/engineering/gitlink": f"commit {branches['post/engineering/gitlink'][:10]}: "
                                    f"error hook-path {REASONS['post/engineering/gitlink']}",
    }
    for branch, line in expected.items():
        pushed = hg.push(team.clone("eve"), "origin", f"{branches[branch]}:refs/heads/{branch}")
        assert refusals(pushed.stderr) == [f"intranet: refused: {line}"], branch
    push_all(team, branches)
    clone = team.clone("ivan")
    main = rev(team, "ivan", "origin/main")
    tip = branches["post/engineering/dotdot"]
    tree = team.git("ivan", "rev-parse", f"{tip}^{{tree}}").stdout.strip()
    merge = hg.commit(clone, tree, [main, tip], b"Publish \x1b[2Jdotdot\n")
    (team.remote / "hooks" / "pre-receive").rename(team.remote / "hooks" / "pre-receive.off")
    assert hg.push(clone, "origin", f"{merge}:refs/heads/main").returncode == 0
    done = team.intranet("ivan", "audit")
    assert done.returncode == 1 and done.stderr == ""
    assert done.stdout.splitlines()[0] == (
        f"commit {merge[:10]}: error audit-path Publish \\x1b[2Jdotdot: "
        f"{REASONS['post/engineering/dotdot']}")


def test_a_tree_git_cannot_read_is_a_finding(project: Path) -> None:
    """An entry with no name makes git die; no client can push such a tree, but a clone
    could hold one (a broken mirror): the submission says so instead of crashing."""
    from intranet.git import Git  # noqa: PLC0415
    from intranet.moderation.review import rules_at  # noqa: PLC0415
    from intranet.moderation.submission import load  # noqa: PLC0415

    main = rev_of(project, "HEAD")
    base = rev_of(project, "HEAD^{tree}")
    empty_name = hg.tree(project, [("100644", b"", hg.blob(project, b"x\n"))])
    tip = hg.commit(project, hg.tree_with(project, base, "content/engineering/posts/bad",
                                          empty_name, "40000"), [main], b"Unreadable\n")
    (project / ".github").mkdir(exist_ok=True)
    g = Git(project)
    hg.set_ref(project, "refs/heads/main", hg.commit(
        project, hg.tree_with(project, base, ".github/CODEOWNERS", hg.blob(
            project, b"* @ivan @priya\n")), [main], b"Owners\n"))
    rules = rules_at(g, rev_of(project, "main"))
    found = load(g, rules, {"post/engineering/bad": tip}, merged=True)["post/engineering/bad"]
    assert found is not None
    assert found.problems == ("git cannot read its files (a malformed tree)",)


def rev_of(repo: Path, name: str) -> str:
    from conftest import git  # noqa: PLC0415

    return git(repo, "rev-parse", name).strip()


def test_a_record_with_escape_codes_is_shown_escaped(team: Team) -> None:
    tip = submit_post(team)
    name = f"intranet/rejected/{tip}/grace"
    tag = hg.tag(team.clone("grace"), tip, "commit", name.encode(),
                 b"Reject\n\nReason: \x1b[2J\x1b[32mlooks fine\xe2\x80\xae\n",
                 tagger=b"Grace Okafor <grace@fieldstone.example> 1764061200 +0000")
    assert hg.push(team.clone("grace"), "origin", f"{tag}:refs/tags/{name}").returncode == 0
    mine = team.intranet("eve", "queue", "--mine")
    assert mine.returncode == 0
    assert ("  rejected: Grace Okafor rejected this version: \\x1b[2J\\x1b[32mlooks fine\\u202e"
            ". The author must push a new version first\n") in mine.stdout
