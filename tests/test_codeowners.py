"""Ownership as people use it: CODEOWNERS generated from org.yml, checked, and evaluated
by `intranet owners`, on real git repositories with the exact text users see."""

from __future__ import annotations

import json
from pathlib import Path

from codeowners import CodeOwners
from conftest import PROJECT_PARTS, git, intranet

from intranet.codeowners import parse_codeowners, parse_gitlab_codeowners

ROOT = Path(__file__).resolve().parent.parent
HEADER = """\
# CODEOWNERS for the Fieldstone intranet: whose approval a change needs.
{flavor}# Generated from org.yml by `intranet codeowners write`: do not edit it by
# hand. Change org.yml, run the command and commit both; `intranet codeowners
# check` fails while they disagree. Owners are the forge usernames (or the
# team) that org.yml gives for each department's heads and deputies.
#
"""
GITHUB = HEADER.format(flavor="") + """\
# GitHub applies the last matching line. So the catch-all comes first and
# nothing is ever unowned; each department's section follows; the files that
# govern the intranet come last, where no department line can take them.

# Everything no later line claims: the platform owners (IT platform owners).
* @ivan @priya

# content/'s own pages (home, usage policy, how to post, tags) belong to no
# department: the platform owners, who speak for the whole company.
/content/* @ivan @priya

# Engineering: its section, posts included.
/content/engineering/ @grace @ken

# People & HR: its section, posts included.
/content/hr/ @hana @omar

# IT: its section, posts included.
/content/it/ @ivan @priya

# Marketing: its section, posts included.
/content/marketing/ @mia @marco

# Sales: its section, posts included.
/content/sales/ @sam @lena

# Governance: org chart, policy, site config, engine, hooks, scripts,
# tests, CI and this file itself: the platform owners.
/.github/ @ivan @priya
/hooks/ @ivan @priya
/mkdocs.yml @ivan @priya
/org.yml @ivan @priya
/policy.yml @ivan @priya
"""
GITLAB = HEADER.format(flavor="# Written in GitLab's syntax.\n") + """\
# GitLab adds sections up: a change needs an approval from each section with
# a line matching it. So the platform owners' section takes everything but
# the departments' paths (`!` exclusions need GitLab 17.10 or later), and
# each department's section is its own; lines take their section's owners.

[IT platform owners] @ivan @priya
*
/content/*
/.gitlab/
/hooks/
/mkdocs.yml
/org.yml
/policy.yml
!/content/engineering/
!/content/hr/
!/content/it/
!/content/marketing/
!/content/sales/
""" + "".join(f"""
# {name}: its section, posts included.
[{name}] {owners}
/content/{dept}/
""" for dept, name, owners in (("engineering", "Engineering", "@grace @ken"),
                               ("hr", "People & HR", "@hana @omar"),
                               ("it", "IT", "@ivan @priya"),
                               ("marketing", "Marketing", "@mia @marco"),
                               ("sales", "Sales", "@sam @lena")))
# Files in the `project` fixture, before CODEOWNERS: counted, so adding a page or a
# template to the repository does not break these tests.
FILES = sum(1 for part in PROJECT_PARTS for f in ([ROOT / part] if (ROOT / part).is_file()
            else (ROOT / part).rglob("*")) if f.is_file() and "__pycache__" not in f.parts)
# The machinery's files (hooks/): the lines below that give them to nobody name them.
HOOKS = sorted(f.relative_to(ROOT).as_posix() for f in (ROOT / "hooks").rglob("*")
               if f.is_file() and "__pycache__" not in f.parts)
FIRST_HOOKS = ", ".join(repr(f) for f in HOOKS[:3])
OK = "checked .github/CODEOWNERS against org.yml and {} file(s): 0 error(s), 0 warning(s)\n"
POST = "content/marketing/posts/rebrand-teaser.md"


def written(project: Path) -> Path:
    done = intranet(project, "codeowners", "write")
    assert (done.returncode, done.stderr) == (0, "")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message=CODEOWNERS")
    return project / ".github" / "CODEOWNERS"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_write_generates_the_documented_file(project: Path) -> None:
    done = intranet(project, "codeowners", "write")
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "wrote .github/CODEOWNERS from org.yml (12 rules); commit it\n", "")
    assert (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == GITHUB
    again = intranet(project, "codeowners", "write")
    assert (again.returncode, again.stdout) == (0, ".github/CODEOWNERS is up to date with "
                                                "org.yml\n")


def test_check_passes_on_the_generated_file(project: Path) -> None:
    written(project)
    done = intranet(project, "codeowners", "check")
    assert (done.returncode, done.stdout, done.stderr) == (0, OK.format(FILES + 1), "")


def test_check_without_a_codeowners_file_says_how_to_make_one(project: Path) -> None:
    done = intranet(project, "codeowners", "check")
    assert done.returncode == 1
    assert done.stdout == (
        ".github/CODEOWNERS:1:1: error codeowners-stale there is no .github/CODEOWNERS; run "
        "`intranet codeowners write` and commit the result\n"
        f"checked .github/CODEOWNERS against org.yml and {FILES} file(s): 1 error(s), "
        "0 warning(s)\n")


def test_a_new_deputy_in_org_yml_makes_the_file_stale_until_written(project: Path) -> None:
    written(project)
    edit(project / "org.yml", "deputies: [marco]", "deputies: [marco, max]")
    done = intranet(project, "codeowners", "check")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        ".github/CODEOWNERS:28:1: error codeowners-stale .github/CODEOWNERS differs from "
        "what org.yml generates (first at this line); run `intranet codeowners write` and "
        "commit the result",
        f"checked .github/CODEOWNERS against org.yml and {FILES + 1} file(s): 1 error(s), "
        "0 warning(s)"]
    written(project)
    assert intranet(project, "codeowners", "check").returncode == 0
    owners = intranet(project, "owners", POST)
    assert owners.stdout.splitlines()[0] == f"{POST}: @mia @marco @max (.github/CODEOWNERS:28)"


def test_a_hand_edit_is_stale_and_its_lone_owner_is_warned_about(project: Path) -> None:
    codeowners = written(project)
    edit(codeowners, "/content/marketing/ @mia @marco", "/content/marketing/ @mia")
    done = intranet(project, "codeowners", "check")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        ".github/CODEOWNERS:28:1: error codeowners-stale .github/CODEOWNERS differs from "
        "what org.yml generates (first at this line); run `intranet codeowners write` and "
        "commit the result",
        ".github/CODEOWNERS:28:21: warning codeowners-single-owner only @mia owns "
        "'/content/marketing/': nobody may approve their own pull request, so their own "
        "changes here could never be approved; add a second owner (a deputy in org.yml)",
        f"checked .github/CODEOWNERS against org.yml and {FILES + 1} file(s): 1 error(s), "
        "1 warning(s)"]


MESSY = """\
# every mistake, one per line
* @ivan @priya
/content/marketing/ @mia
content/marketing/ @mia @marco
/content/marketing/ @mia @marco
!/content/hr/
/content/[a-z]*/ @ivan @priya
\\#notes @ivan @priya
/ @ivan @priya
@ivan @priya
/content/sales/ @sam bogus
/content/sales/ @acme/sales carl@example.com @stranger
/nothing/here/ @ivan @priya
/content/it/*.md @ivan @priya
/content/it/ @ivan @priya
docs/**/ @ivan @priya
[Engineering]
/hooks/
"""


def test_check_file_reports_every_mistake_with_its_line_and_fix(project: Path) -> None:
    (project / "messy").write_text(MESSY, encoding="utf-8")
    done = intranet(project, "codeowners", "check", "--file", "messy")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "messy:3:1: error codeowners-duplicate pattern '/content/marketing/' comes again on "
        "line 5, which replaces this line (the last match wins); put all its owners on that "
        "line and remove this one",
        "messy:3:21: warning codeowners-single-owner only @mia owns '/content/marketing/': "
        "nobody may approve their own pull request, so their own changes here could never "
        "be approved; add a second owner (a deputy in org.yml)",
        "messy:4:1: error codeowners-duplicate pattern 'content/marketing/' comes again on "
        "line 5 (as '/content/marketing/', which means the same), which replaces this line "
        "(the last match wins); put all its owners on that line and remove this one",
        "messy:6:1: error codeowners-unsupported GitHub does not support '!' negation and "
        "skips this line; give the path a line of its own, with its owners or with none",
        "messy:7:1: error codeowners-unsupported GitHub does not support [ ] ranges and skips "
        "this line; escape brackets as '\\[' and '\\]' to match them, or write one line per "
        "name",
        "messy:8:1: error codeowners-unsupported GitHub does not support escaping a leading "
        "'#' and skips this line; match the name with a wildcard instead, e.g. '?name' for "
        "'#name'",
        "messy:9:1: error codeowners-unsupported the lone '/' matches nothing on GitHub; "
        "write '*' for every file or name a folder, e.g. '/docs/'",
        "messy:10:1: error codeowners-syntax this line has no pattern, only owners; put the "
        "files first, e.g. `/docs/ @ivan`",
        "messy:11:22: error codeowners-syntax owner 'bogus' is not a @user, an @org/team or "
        "an e-mail address; fix it (the forge ignores the line or the owner)",
        "messy:12:17: error codeowners-unknown-owner team '@acme/sales' is not in org.yml; "
        "fix it, or make it a department's or the platform's `team`",
        "messy:12:29: error codeowners-unknown-owner 'carl@example.com' is not anyone's "
        "e-mail in org.yml; fix it, or add the person to 'people'",
        "messy:12:46: error codeowners-unknown-owner owner '@stranger' is not anyone's forge "
        "username in org.yml; fix it, or add the person to 'people' with `forge: stranger`",
        "messy:13:1: error codeowners-no-match pattern '/nothing/here/' matches no file in "
        "the repository; fix the pattern, or remove the line if its files are gone",
        "messy:14:1: error codeowners-shadowed pattern '/content/it/*.md' never applies: the "
        "later line(s) 15 take every path it matches; remove it, or move it below them",
        "messy:16:1: warning codeowners-ambiguous implementations disagree on 'docs/**/'; it "
        "is read as git reads it (files in the folders below, not the files directly in "
        "docs/): write 'docs/*/' for that, or 'docs/' for everything",
        "messy:16:1: error codeowners-no-match pattern 'docs/**/' matches no file in the "
        "repository; fix the pattern, or remove the line if its files are gone",
        "messy:17:1: error codeowners-unsupported GitLab section headers are not GitHub "
        "syntax and GitHub skips this line; remove it, or check the file with --flavor "
        "gitlab if it is for GitLab",
        f"messy:18:1: error codeowners-unowned {len(HOOKS)} file(s) have no owner, since "
        f"this line matches them and names nobody ({FIRST_HOOKS}, ...); add owners, or "
        "remove the line",
        f"checked messy against org.yml and {FILES + 1} file(s): 16 error(s), 2 warning(s)"]


def test_files_no_line_matches_are_unowned(project: Path) -> None:
    (project / "partial").write_text("/content/ @ivan @priya\n", encoding="utf-8")
    done = intranet(project, "codeowners", "check", "--file", "partial")
    assert done.stdout.splitlines() == [
        f"partial:1:1: error codeowners-unowned {len(HOOKS) + 4} file(s) have no owner, since "
        f"no line matches them ({FIRST_HOOKS}, ...); add a catch-all `* @owner` as the first "
        "line",
        f"checked partial against org.yml and {FILES + 1} file(s): 1 error(s), 0 warning(s)"]


def test_check_of_a_missing_file_is_a_usage_error(project: Path) -> None:
    done = intranet(project, "codeowners", "check", "--file", "nowhere")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "nowhere:1:1: error codeowners-file no such file; check the path\n"


def test_gitlab_flavor_gives_each_department_its_own_section(project: Path) -> None:
    done = intranet(project, "codeowners", "write", "--flavor", "gitlab")
    assert done.stdout == "wrote .gitlab/CODEOWNERS from org.yml (17 rules); commit it\n"
    text = (project / ".gitlab" / "CODEOWNERS").read_text(encoding="utf-8")
    assert text == GITLAB
    check = intranet(project, "codeowners", "check", "--flavor", "gitlab")
    assert (check.returncode, check.stdout) == (0, "checked .gitlab/CODEOWNERS against "
                                                f"org.yml and {FILES + 1} file(s): 0 "
                                                "error(s), 0 warning(s)\n")
    # Sections add up on GitLab: a post needs its department only, org.yml the platform.
    lab = parse_gitlab_codeowners(text)
    assert lab.sections_for(POST) == {"Marketing": ["@mia", "@marco"]}
    assert lab.sections_for("org.yml") == {"IT platform owners": ["@ivan", "@priya"]}
    assert lab.sections_for("content/index.md") == {"IT platform owners": ["@ivan", "@priya"]}


def test_gitlab_check_warns_about_a_one_person_section(project: Path) -> None:
    (project / "lab").write_text("[Everything] @ivan @priya\n*\n\n[Brand] @mia\n"
                                 "/content/marketing/\n", encoding="utf-8")
    done = intranet(project, "codeowners", "check", "--flavor", "gitlab", "--file", "lab")
    assert (done.returncode, done.stdout.splitlines()) == (0, [
        "lab:4:1: warning codeowners-single-owner only @mia owns section [Brand]: nobody may "
        "approve their own pull request, so their own changes here could never be approved; "
        "add a second owner (a deputy in org.yml)",
        f"checked lab against org.yml and {FILES + 1} file(s): 0 error(s), 1 warning(s)"])


def test_teams_and_extra_paths_come_from_org_yml(project: Path) -> None:
    org = project / "org.yml"
    edit(org, "  department: it\n", "  department: it\n  team: \"@fieldstone/it-platform\"\n")
    edit(org, "    deputies: [marco]\n", "    deputies: [marco]\n    team: "
         "\"@fieldstone/marketing\"\n    paths: [brand/]\n")
    (project / "brand").mkdir()
    (project / "brand" / "guide.txt").write_text("Our colours.\n", encoding="utf-8")
    codeowners = written(project)
    lines = codeowners.read_text(encoding="utf-8").splitlines()
    assert "* @fieldstone/it-platform" in lines
    assert lines[lines.index("# Marketing: its section, posts included and the paths "
                             "org.yml assigns it."):][:3] == [
        "# Marketing: its section, posts included and the paths org.yml assigns it.",
        "/content/marketing/ @fieldstone/marketing", "/brand/ @fieldstone/marketing"]
    assert intranet(project, "codeowners", "check").returncode == 0
    done = intranet(project, "owners", "brand/guide.txt")
    assert done.stdout.splitlines()[0] == "brand/guide.txt: @fieldstone/marketing " \
        "(.github/CODEOWNERS:29)"


def test_department_paths_must_be_plain_and_outside_governance(project: Path) -> None:
    edit(project / "org.yml", "    deputies: [marco]\n",
         "    deputies: [marco]\n    paths: [../secrets, '*.md', hooks/extra.py, brand/]\n")
    line = (project / "org.yml").read_text(encoding="utf-8").splitlines() \
        .index("  - id: marketing") + 1
    done = intranet(project, "codeowners", "write")
    assert (done.returncode, done.stdout) == (2, "")
    plain = ("is not a plain repository path; write it like 'docs/marketing/' (no leading "
             "'/', no '..', no wildcards)")
    assert done.stderr.splitlines() == [
        f"org.yml:{line}:1: error org-path department 'marketing' path '../secrets' {plain}",
        f"org.yml:{line}:1: error org-path department 'marketing' path '*.md' {plain}",
        f"org.yml:{line}:1: error org-path department 'marketing' path 'hooks/extra.py' "
        "overlaps 'hooks/', which the platform owners govern; remove it"]


def test_owners_lists_each_path_and_the_approvals_needed(project: Path) -> None:
    written(project)
    done = intranet(project, "owners", POST, "org.yml", "content/../content/index.md",
                    "README.md")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        f"{POST}: @mia @marco (.github/CODEOWNERS:28)",
        "org.yml: @ivan @priya (.github/CODEOWNERS:38)",
        "content/index.md: @ivan @priya (.github/CODEOWNERS:16)",
        "README.md: @ivan @priya (.github/CODEOWNERS:12)",
        "approvals required: 2, one from each of:",
        f"  @mia or @marco: {POST}",
        "  @ivan or @priya: org.yml, content/index.md, README.md"]


def test_owners_of_a_branch_as_json(project: Path) -> None:
    written(project)
    git(project, "switch", "--quiet", "--create", "post/marketing/launch")
    new_post = "content/marketing/posts/launch.md"
    (project / new_post).write_text("Draft.\n", encoding="utf-8")
    edit(project / "policy.yml", "\n", "\n# reviewed\n")
    done = intranet(project, "owners", "--changed-since", "main", "--format", "json")
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == {
        "paths": [{"path": new_post, "owners": ["@mia", "@marco"], "line": 28},
                  {"path": "policy.yml", "owners": ["@ivan", "@priya"], "line": 39}],
        "required": [{"owners": ["@mia", "@marco"], "paths": [new_post]},
                     {"owners": ["@ivan", "@priya"], "paths": ["policy.yml"]}]}


def test_deleting_a_post_needs_its_owners(project: Path) -> None:
    written(project)
    git(project, "switch", "--quiet", "--create", "post/hr/takedown")
    gone = "content/hr/posts/wellbeing-week.md"
    git(project, "rm", "--quiet", gone)
    done = intranet(project, "owners", "--changed-since", "main", "--format", "json")
    assert json.loads(done.stdout) == {
        "paths": [{"path": gone, "owners": ["@hana", "@omar"], "line": 22}],
        "required": [{"owners": ["@hana", "@omar"], "paths": [gone]}]}


def test_owners_of_a_folder_are_those_of_its_files(project: Path) -> None:
    written(project)
    done = intranet(project, "owners", "content/sales", "--format", "json")
    sales = sorted(p.relative_to(project).as_posix()
                   for p in (project / "content" / "sales").rglob("*.md"))
    assert json.loads(done.stdout) == {
        "paths": [{"path": p, "owners": ["@sam", "@lena"], "line": 31} for p in sales],
        "required": [{"owners": ["@sam", "@lena"], "paths": sales}]}


def test_owners_says_what_has_no_owner_and_which_lines_github_skips(project: Path) -> None:
    (project / "custom").write_text("apps/ @octocat\napps/github\n[Logs]\n", encoding="utf-8")
    args = ("owners", "apps/github/x.js", "apps/main.js", "other.txt", "--codeowners",
            "custom")
    done = intranet(project, *args)
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "apps/github/x.js: no owner (custom:2 names nobody)",
        "apps/main.js: @octocat (custom:1)",
        "other.txt: no owner (no line of custom matches it)",
        "approvals required: 1, one from each of:",
        "  @octocat: apps/main.js"]
    assert done.stderr == ("custom:3:1: error codeowners-unsupported GitLab section headers "
                           "are not GitHub syntax and GitHub skips this line; remove it, or "
                           "check the file with --flavor gitlab if it is for GitLab\n")
    as_json = json.loads(intranet(project, *args, "--format", "json").stdout)
    assert as_json["paths"] == [
        {"path": "apps/github/x.js", "owners": [], "line": 2},
        {"path": "apps/main.js", "owners": ["@octocat"], "line": 1},
        {"path": "other.txt", "owners": None, "line": None}]


def test_owners_refuses_paths_outside_and_a_missing_codeowners(project: Path) -> None:
    missing = intranet(project, "owners", "org.yml")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == (".github/CODEOWNERS:1:1: error codeowners-file no such file; "
                              "run `intranet codeowners write`, or pass --codeowners FILE\n")
    written(project)
    outside = intranet(project, "owners", "/etc/passwd")
    assert (outside.returncode, outside.stderr) == (
        2, "/etc/passwd:1:1: error owners-path is outside the repository; name a path "
        "inside it\n")


def test_the_codeowners_package_reads_the_generated_file_the_same_way(project: Path) -> None:
    text = written(project).read_text(encoding="utf-8")
    ours, theirs = parse_codeowners(text), CodeOwners(text)
    files = [*git(project, "ls-files").splitlines(), "README.md", "content/new/page.md"]
    for path in files:
        assert ours.owners_for(path) == [name for _, name in theirs.of(path)], path


def test_the_api_as_the_readme_shows_it() -> None:
    rules = parse_codeowners((ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8"))
    assert rules.owners_for("content/marketing/posts/launch.md") == ["@mia", "@marco"]
    assert parse_codeowners("*.js @js-owner\n/apps/ @octocat\n/apps/github\n") \
        .owners_for("apps/github/app.js") == []
    assert parse_codeowners("/apps/ @octocat\n").owners_for("docs/index.md") is None


def test_this_repository_codeowners_is_current() -> None:
    done = intranet(ROOT, "codeowners", "check")
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    assert done.stdout.endswith(": 0 error(s), 0 warning(s)\n")


def test_legacy_and_managed_usernames_from_org_yml_to_owners(project: Path) -> None:
    """A marketing head whose account predates GitHub's rule against a trailing '-', and a
    deputy with an Enterprise Managed User's name (handle, '_', the enterprise's short
    code): as GitHub accepts them (sources in intranet/codeowners/names.py)."""
    edit(project / "org.yml", "forge: mia\n", "forge: mia-\n")
    edit(project / "org.yml", "forge: marco\n", "forge: marco_fabrikam\n")
    codeowners = written(project)
    assert "/content/marketing/ @mia- @marco_fabrikam" in \
        codeowners.read_text(encoding="utf-8").splitlines()
    check = intranet(project, "codeowners", "check")
    assert (check.returncode, check.stdout, check.stderr) == (0, OK.format(FILES + 1), "")
    owners = intranet(project, "owners", POST, "org.yml")
    assert (owners.returncode, owners.stderr) == (0, "")
    assert owners.stdout.splitlines() == [
        f"{POST}: @mia- @marco_fabrikam (.github/CODEOWNERS:28)",
        "org.yml: @ivan @priya (.github/CODEOWNERS:38)",
        "approvals required: 2, one from each of:",
        f"  @mia- or @marco_fabrikam: {POST}",
        "  @ivan or @priya: org.yml"]
    text = codeowners.read_text(encoding="utf-8")
    assert [name for _, name in CodeOwners(text).of(POST)] == ["@mia-", "@marco_fabrikam"]
    lab = intranet(project, "codeowners", "write", "--flavor", "gitlab")
    assert (lab.returncode, lab.stderr) == (0, "")
    lab_check = intranet(project, "codeowners", "check", "--flavor", "gitlab")
    assert (lab_check.returncode, lab_check.stdout) == (
        0, f"checked .gitlab/CODEOWNERS against org.yml and {FILES + 2} file(s): 0 error(s), "
        "0 warning(s)\n")
    lab_text = (project / ".gitlab" / "CODEOWNERS").read_text(encoding="utf-8")
    assert parse_gitlab_codeowners(lab_text).sections_for(POST) == {
        "Marketing": ["@mia-", "@marco_fabrikam"]}
