"""The everyday path forgives: `intranet new` and `intranet submit` never lose work or
leave half-made state, their refusals say exactly what to run, a YAML slip is explained in
the words of the usual mistake, and every command's --help says what it does. All on real
git repositories, with a shared bare remote and a clone per person."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest
from conftest import intranet, run
from moderation_team import BRANCH, POST, Team, make_team

from intranet.cli.main import COMMANDS, _parser
from intranet.config.yaml import read as yamlread
from intranet.errors import IntranetError

NEW = ("new", "--department", "engineering", "--title", "Our new build farm")
TEMPLATE = ("Write your post here. The first paragraph is the excerpt shown on the home page "
            "and in your department's feed.\n")
WRITTEN = ("We moved the build farm to the new racks.\n\nBuilds take half the time.\n\n"
           "Ask us anything.\n")


@pytest.fixture
def team(project: Path, tmp_path: Path) -> Team:
    """A shared bare repository protected by the server hook, and a clone per person."""
    return make_team(project, tmp_path / "company")


def write_post(team: Team, who: str = "eve", body: str = WRITTEN) -> None:
    """Replace the template body of the post `intranet new` made, and commit it."""
    post = team.clone(who) / POST
    post.write_text(post.read_text(encoding="utf-8").replace(TEMPLATE, body), encoding="utf-8")
    assert team.git(who, "commit", "--quiet", "--all", "--message", "Write the post"
                    ).returncode == 0


def remote_tip(team: Team, branch: str = BRANCH) -> str:
    """The branch's tip in the shared repository; "" when it has no such branch."""
    return run(team.remote, "git", "rev-parse", "--verify", "--quiet",
               f"refs/heads/{branch}").stdout.strip()


def publish(team: Team, who: str, approver: str, path: str, text: str) -> None:
    """Change `path` on main the only way the shared repository allows: a submission by
    `who`, approved by `approver`."""
    branch = f"post/engineering/{who}-edit"
    assert team.git(who, "switch", "--quiet", "--create", branch, "origin/main").returncode == 0
    team.write(who, path, text)
    team.git(who, "commit", "--quiet", "--all", "--message", f"{who} edits {path}")
    done = team.intranet(who, "submit")
    assert done.returncode == 0, done.stderr
    done = team.intranet(approver, "approve", branch, "--as", approver)
    assert done.returncode == 0, done.stderr


def nothing_left_behind(team: Team, who: str, status_before: str) -> None:
    """No branch, no file, nothing staged, still on main, and the work tree as it was."""
    assert team.git(who, "branch", "--list", "post/*").stdout == ""
    assert not (team.clone(who) / POST).exists()
    assert team.git(who, "diff", "--cached", "--name-only").stdout == ""
    assert team.git(who, "branch", "--show-current").stdout == "main\n"
    assert team.git(who, "status", "--porcelain").stdout == status_before


# intranet new ------------------------------------------------------------------------


def test_new_makes_one_commit_on_latest_main_and_touches_nothing_else(team: Team) -> None:
    done = team.intranet("eve", *NEW, "--tags", "tools")
    assert (done.returncode, done.stderr) == (0, "")
    assert team.git("eve", "branch", "--show-current").stdout == f"{BRANCH}\n"
    assert team.git("eve", "status", "--porcelain").stdout == ""
    assert team.git("eve", "log", "--format=%s", "origin/main..HEAD").stdout == (
        "New post: Our new build farm\n")
    assert team.git("eve", "diff", "--name-only", "origin/main", "HEAD").stdout == f"{POST}\n"
    assert (team.clone("eve") / POST).read_text(encoding="utf-8") == (
        '---\ntitle: "Our new build farm"\ndate: 2026-11-25\nauthors: [eve]\n'
        'department: engineering\nclassification: internal\npolicy: "2026.1"\n'
        f"tags: [tools]\n---\n\n{TEMPLATE}")


def test_new_files_the_post_in_the_folder_of_its_year(team: Team) -> None:
    # The year of the post's date, so every folder holds one year of a department's posts;
    # the branch is named by the post alone.
    done = team.intranet("eve", *NEW, env={"INTRANET_TODAY": "2027-01-04"})
    assert (done.returncode, done.stderr) == (0, "")
    post = "content/engineering/posts/2027/our-new-build-farm.md"
    assert done.stdout.startswith(f"Created {post} on branch {BRANCH}.\n")
    assert team.git("eve", "diff", "--name-only", "origin/main", "HEAD").stdout == f"{post}\n"
    assert "\ndate: 2027-01-04\n" in (team.clone("eve") / post).read_text(encoding="utf-8")


def test_new_refuses_a_dirty_tree_and_says_why(team: Team) -> None:
    clone = team.clone("eve")
    about = clone / "content" / "engineering" / "index.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    (clone / "notes.txt").write_text("draft\n", encoding="utf-8")
    before = team.git("eve", "status", "--porcelain").stdout
    done = team.intranet("eve", *NEW)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        "intranet: error new-uncommitted content/engineering/index.md (modified) and "
        "notes.txt (untracked) are not committed; `intranet new` switches to a new branch, "
        "which would carry this work over into your new post's branch. Commit it: `git add "
        "--all && git commit`, or set it aside: `git stash --include-untracked`; then run "
        "`intranet new` again\n"))
    nothing_left_behind(team, "eve", before)


def test_new_removes_its_branch_when_git_cannot_switch(team: Team) -> None:
    # Another git process holds the index: the branch is made, the switch fails, and
    # everything made is taken back.
    lock = team.clone("eve") / ".git" / "index.lock"
    lock.write_text("", encoding="utf-8")
    done = team.intranet("eve", *NEW)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"intranet: error new-switch git could not switch to the new branch {BRANCH} "
        f"(Unable to create '{lock}': File exists.), so nothing was created; fix that and "
        "run `intranet new` again\n"))
    lock.unlink()
    nothing_left_behind(team, "eve", "")
    assert team.intranet("eve", *NEW).returncode == 0


def test_new_checks_tags_exactly_as_check_does(team: Team) -> None:
    done = team.intranet("eve", *NEW, "--tags", "tools,Release Notes,robots")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        "--tags: error meta-tags tag 'Release Notes' must be lower-case letters, digits and "
        "dashes\n"
        "--tags: warning meta-tag-unknown tag 'robots' is not in the taxonomy in policy.yml; "
        "pick one from the Tags page or ask IT to add it\n"))
    nothing_left_behind(team, "eve", "")

    # The same words `intranet check` prints for the same tags in a post.
    post = team.clone("eve") / "content" / "engineering" / "posts" / "tagged.md"
    post.write_text((team.clone("eve") / "content/engineering/posts/hackathon-winners.md")
                    .read_text(encoding="utf-8").replace(
                        "\ntags: [", '\ntags: ["Release Notes", robots, '), encoding="utf-8")
    checked = team.intranet("eve", "check", str(post)).stdout.splitlines()
    told = [line.split(": ", 1)[1] for line in done.stderr.splitlines()]
    assert [line.split(": ", 1)[1] for line in checked[:-1]] == told
    post.unlink()

    done = team.intranet("eve", *NEW, "--tags", "tools, robots")
    assert (done.returncode, done.stderr) == (0, (
        "--tags: warning meta-tag-unknown tag 'robots' is not in the taxonomy in policy.yml; "
        "pick one from the Tags page or ask IT to add it\n"))
    assert done.stdout.startswith(f"Created {POST} on branch {BRANCH}.\n")
    assert "\ntags: [tools, robots]\n" in (team.clone("eve") / POST).read_text(encoding="utf-8")


# intranet submit ---------------------------------------------------------------------


def test_submit_refuses_uncommitted_work_and_names_it(team: Team) -> None:
    assert team.intranet("eve", *NEW).returncode == 0
    clone = team.clone("eve")
    post = clone / POST
    post.write_text(post.read_text(encoding="utf-8").replace(TEMPLATE, WRITTEN),
                    encoding="utf-8")
    done = team.intranet("eve", "submit")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"intranet: error submit-uncommitted {POST} (modified) is not committed; `intranet "
        "submit` sends only commits, so this work would be left out. Commit it: `git add "
        "--all && git commit`, or set it aside: `git stash`; then run `intranet submit` "
        "again\n"))
    for name in ("a.png", "b.png", "c.png"):
        (clone / "content" / "engineering" / "posts" / name).write_bytes(b"\x89PNG")
    team.git("eve", "add", "content/engineering/posts/a.png")
    done = team.intranet("eve", "submit")
    assert done.stderr == (
        f"intranet: error submit-uncommitted {POST} (modified), content/engineering/posts/a.png "
        "(added), content/engineering/posts/b.png (untracked) and 1 more are not "
        "committed; `intranet submit` sends only commits, so this work would be left out. "
        "Commit it: `git add --all && git commit`, or set it aside: `git stash "
        "--include-untracked`; then run `intranet submit` again\n")
    assert remote_tip(team) == ""


def test_submit_warns_when_the_post_is_still_the_template(team: Team) -> None:
    assert team.intranet("eve", *NEW, "--tags", "tools").returncode == 0
    done = team.intranet("eve", "submit")
    assert done.returncode == 0
    assert done.stderr == (
        f"{POST}:11:1: warning submit-template the post still holds the placeholder text "
        "that `intranet new` wrote (\"Write your post here. ...\"); it is submitted as it "
        "is: write your post there, commit, and run `intranet submit` again\n")
    assert done.stdout == (f"Submitted {BRANCH} (1 file(s)). It needs approval from:\n"
                           "  Engineering: one of Grace Okafor, Ken Larsen\n")
    assert remote_tip(team) == team.git("eve", "rev-parse", "HEAD").stdout.strip()

    write_post(team)
    done = team.intranet("eve", "submit")
    assert (done.returncode, done.stderr) == (0, "")


def test_after_a_conflict_the_advice_works_and_resubmitting_force_pushes(team: Team) -> None:
    page = "content/engineering/index.md"
    assert team.intranet("eve", *NEW).returncode == 0
    write_post(team)
    assert team.intranet("eve", "submit").returncode == 0
    # Eve also fixes the section's page, while the same line changes on main.
    text = (team.clone("eve") / page).read_text(encoding="utf-8")
    first = text.split("\n---\n", 1)[1].strip().split("\n")[0]
    team.write("eve", page, text.replace(first, "Eve's version of this line."))
    team.git("eve", "commit", "--quiet", "--all", "--message", "Fix the section page")
    publish(team, "grace", "ken", page, text.replace(first, "Grace's version of this line."))
    before = remote_tip(team)

    done = team.intranet("eve", "submit")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"intranet: error submit-conflict {BRANCH} conflicts with main in {page}: main "
        "changed the same lines since your branch started. Bring your branch up to date: "
        "`git fetch`, `git rebase origin/main` (fix each conflicted file, `git add` it, `git "
        "rebase --continue`), then `intranet submit`\n"))
    assert remote_tip(team) == before

    # Exactly what the message says.
    assert team.git("eve", "fetch").returncode == 0
    assert team.git("eve", "rebase", "origin/main").returncode != 0  # the conflict, as told
    team.write("eve", page, text.replace(first, "Both versions of this line, agreed."))
    assert team.git("eve", "add", page).returncode == 0
    resumed = run(team.clone("eve"), "git", "-c", "core.editor=true", "rebase", "--continue")
    assert resumed.returncode == 0, resumed.stderr
    done = team.intranet("eve", "submit")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"Submitted {BRANCH} (2 file(s)).")
    assert remote_tip(team) == team.git("eve", "rev-parse", "HEAD").stdout.strip()
    assert team.git("eve", "merge-base", "--is-ancestor", "origin/main", "HEAD").returncode == 0


def test_submit_never_drops_someone_elses_commits(team: Team) -> None:
    assert team.intranet("eve", *NEW).returncode == 0
    write_post(team)
    assert team.intranet("eve", "submit").returncode == 0
    # Grace adds a photo to Eve's submission, while Eve brings her branch up to date with
    # main (a rebase: her own commits are rewritten, and may be replaced).
    photo = "content/engineering/posts/our-new-build-farm.png"
    assert team.git("grace", "switch", "--quiet", BRANCH).returncode == 0
    team.write("grace", photo, "\x89PNG")
    team.git("grace", "add", photo)
    team.git("grace", "commit", "--quiet", "--message", "Add a photo of the racks")
    assert team.git("grace", "push", "--quiet", "origin", BRANCH).returncode == 0
    graces = remote_tip(team)
    page = "content/engineering/index.md"
    publish(team, "ken", "grace", page, (team.clone("ken") / page).read_text(encoding="utf-8")
            + "\nWe are hiring.\n")
    assert team.git("eve", "fetch", "--quiet").returncode == 0
    assert team.git("eve", "rebase", "--quiet", "origin/main").returncode == 0

    done = team.intranet("eve", "submit")
    short = team.git("eve", "rev-parse", "--short", graces).stdout.strip()
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"intranet: error submit-others the remote's {BRANCH} has 1 commit(s) by Grace Okafor "
        f"<grace@fieldstone.example> that your branch does not have ({short} 'Add a photo of "
        "the racks'); submitting would throw them away. Take them in first: `git fetch`, "
        f"`git merge origin/{BRANCH}`, then `intranet submit`\n"))
    assert remote_tip(team) == graces

    assert team.git("eve", "fetch").returncode == 0
    merged = run(team.clone("eve"), "git", "-c", "core.editor=true", "merge",
                 f"origin/{BRANCH}")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    done = team.intranet("eve", "submit")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"Submitted {BRANCH} (2 file(s)).")
    assert remote_tip(team) == team.git("eve", "rev-parse", "HEAD").stdout.strip()
    assert team.git("eve", "merge-base", "--is-ancestor", graces, "HEAD").returncode == 0


# YAML --------------------------------------------------------------------------------


def yaml_error(text: str) -> str:
    with pytest.raises(IntranetError) as caught:
        yamlread.load(text, "content/x.md", first_line=2)
    [finding] = caught.value.findings
    return str(finding)


TAB = ("invalid YAML: a tab is used for indentation here, and YAML needs spaces; replace the "
       "tab with spaces")


@pytest.mark.parametrize(("text", "where"), [
    ("tags:\n\t- tools\n", "3:1"),  # libyaml: found character that cannot start any token
    ("summary: |\n\tline\n", "3:1"),  # ... a tab character where an indentation space ...
    ("a:\n  b: x\n\tc: y\n", "4:1"),  # ... a tab character that violates indentation
    ("tags:\n  -\ttools\n", "3:4"),
])
def test_a_tab_used_for_indentation_is_named(text: str, where: str) -> None:
    assert yaml_error(text) == f"content/x.md:{where}: error yaml-syntax {TAB}"


def test_an_unquoted_colon_in_a_value_shows_the_quoted_fix() -> None:
    assert yaml_error("title: Update: new build farm\n") == (
        "content/x.md:2:14: error yaml-syntax invalid YAML: the value contains ': ', which "
        "YAML reads as the start of a key; put the value in double quotes: title: "
        '"Update: new build farm"')
    assert yaml_error('date: 2026-11-25\nsummary: Say "hi": then go  # why\n') == (
        "content/x.md:3:18: error yaml-syntax invalid YAML: the value contains ': ', which "
        "YAML reads as the start of a key; put the value in double quotes: summary: "
        '"Say \\"hi\\": then go"  # why')
    assert yaml_error("tags:\n  - a: b: c\n").endswith('double quotes: - a: "b: c"')


def test_a_colon_that_is_not_in_a_value_points_to_the_indentation() -> None:
    assert yaml_error("title: Our plan\n summary: soon\n") == (
        "content/x.md:3:9: error yaml-syntax invalid YAML: YAML reads this ': ' as the start "
        "of a key, and none can start here: if the value contains ': ', put it in double "
        "quotes (title: \"Update: the plan\"); otherwise fix this line's indentation")


def test_a_value_starting_with_a_reserved_character_shows_the_fix() -> None:
    assert yaml_error("summary: @grace explains\n") == (
        "content/x.md:2:10: error yaml-syntax invalid YAML: a value cannot start with '@'; "
        'put the value in double quotes: summary: "@grace explains"')


def test_check_explains_the_yaml_slip_with_file_line_and_column(project: Path) -> None:
    posts = project / "content" / "engineering" / "posts"
    lines = (posts / "hackathon-winners.md").read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith("title: ") and lines[7].startswith("tags: [")
    colon = [lines[0], "title: Update: new build farm", *lines[2:]]
    tab = [*lines[:7], "tags:", "\t" + lines[7].removeprefix("tags: "), *lines[8:]]
    (posts / "colon.md").write_text("\n".join(colon), encoding="utf-8")
    (posts / "tab.md").write_text("\n".join(tab), encoding="utf-8")
    done = intranet(project, "check", "content/engineering/posts/colon.md",
                    "content/engineering/posts/tab.md")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "content/engineering/posts/colon.md:2:14: error yaml-syntax invalid YAML: the value "
        "contains ': ', which YAML reads as the start of a key; put the value in double "
        'quotes: title: "Update: new build farm"',
        f"content/engineering/posts/tab.md:9:1: error yaml-syntax {TAB}",
        "checked 2 file(s): 2 error(s), 0 warning(s)"]


# --help ------------------------------------------------------------------------------


def every_parser() -> list[tuple[str, argparse.ArgumentParser]]:
    found: list[tuple[str, argparse.ArgumentParser]] = []
    waiting = [("intranet", _parser())]
    while waiting:
        name, parser = waiting.pop()
        found.append((name, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                waiting += [(f"{name} {sub}", p) for sub, p in action.choices.items()]
    return found


def test_every_argument_of_every_command_is_explained() -> None:
    parsers = dict(every_parser())
    assert {name.split(" ")[1] for name in parsers if name != "intranet"} == set(COMMANDS)
    assert {"intranet codeowners write", "intranet codeowners check"} <= set(parsers)
    missing = [f"{name}: {action.option_strings or action.metavar or action.dest}"
               for name, parser in parsers.items() for action in parser._actions
               if not action.help]
    assert missing == []
    undescribed = [name for name, parser in parsers.items() if not parser.description]
    assert undescribed == []


@pytest.mark.parametrize("command", [*COMMANDS, "codeowners write", "codeowners check"])
def test_help_says_what_the_command_does(project: Path, command: str) -> None:
    done = intranet(project, *command.split(" "), "--help")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"usage: intranet {command} ")
    # Compared without white space: argparse wraps lines, and breaks words at dashes.
    shown = "".join(done.stdout.split())
    parser = dict(every_parser())[f"intranet {command}"]
    assert parser.description and "".join(parser.description.split()) in shown
    for action in parser._actions:
        if action.help != argparse.SUPPRESS:
            assert "".join(str(action.help).split()) in shown, action.help


def test_new_help_reads_as_written(project: Path) -> None:
    done = run(project, "env", "COLUMNS=100", sys.executable, "-m", "intranet.cli.main", "new",
               "--help")
    assert done.stdout == (
        "usage: intranet new [-h] --department D --title T [--tags a,b] [--author HANDLE]\n"
        "\n"
        "Start a post: create content/<department>/posts/<yyyy>/<name>.md (this year's folder) "
        "with valid\n"
        "front-matter on a new branch post/<department>/<name> made from the latest main, and "
        "switch to it.\n"
        "Refused, with nothing created, when the work tree has uncommitted changes or the file "
        "or branch\n"
        "exists.\n"
        "\n"
        "options:\n"
        "  -h, --help       show this help message and exit\n"
        "  --department D   the department the post belongs to (its id in org.yml, e.g. "
        "engineering)\n"
        "  --title T        the post's title, plain text; it also names the file and the "
        "branch\n"
        "  --tags a,b       tags from the taxonomy in policy.yml, comma-separated; checked as "
        "`intranet\n"
        "                   check` does (one outside the taxonomy is a warning)\n"
        "  --author HANDLE  the author's handle in org.yml (default: yours, from git's "
        "user.email)\n")
