"""Owner names exactly as GitHub accepts them, in CODEOWNERS and in org.yml: accounts made
under today's rules, older ones with a trailing, leading or doubled '-', Enterprise
Managed Users' `handle_shortcode`, and `@org/team-slug`; each shape GitHub refuses gets a
message saying what is wrong. The rules and their sources (GitHub Docs, "Username
considerations for external authentication"; github/docs#32812; hmarr/codeowners#25;
shinnn/github-username-regex#1, #4, #7 and others) are in intranet/codeowners/names.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from codeowners import CodeOwners
from conftest import intranet
from hypothesis import given
from hypothesis import strategies as st

from intranet.codeowners import parse_codeowners, parse_gitlab_codeowners
from intranet.codeowners.names import TEAM, USER, team_problem, user_problem

USERS = [
    "octocat", "Mona-Lisa-2", "a", "7", "x" * 39,  # today's rules
    "mees-", "ArtOfCode-", "gil--", "Roger--Han", "-ACE-", "0" + "-" * 38,  # older accounts
    "octocat_fabrikam", "mona-cat_octo", "The-Octocat_ABC", "octo_admin", "2abvd19d_admin",
    "a" * 30 + "_abcdefgh",  # managed users: 39 characters with '_' and short code
]
TEAMS = ["@octo-org/octocats", "@octo-org/docs_team", "@octo-org/_internal", "@Octo/Team-A",
         "@mees-/friends", "@a/b"]
SKIPS = "; fix it (GitHub skips the line)"
ONLY = ("GitHub usernames have only letters, digits and '-' (and one '_' before an "
        "Enterprise Managed User's short code, as in mona-cat_octo)")
HANDLE = ("an Enterprise Managed User's name has the identity provider's name before the "
          "'_' as GitHub normalizes it (letters and digits, single '-' between them), and {!r} "
          "is not")
CODE = ("an Enterprise Managed User's name ends with '_' and the enterprise's short code (3 to "
        "8 letters or digits), and {!r} is not one")
SLUG_FIX = "copy the slug from the address of the team's page"
REFUSED = {
    "@john.doe": f"it has '.'; {ONLY}",
    "@john+doe": f"it has '+'; {ONLY}",
    "@jöhn": f"it has 'ö'; {ONLY}",
    "@-": "it has no letter or digit",
    "@---": "it has no letter or digit",
    "@" + "a" * 40: "it has 40 characters, and GitHub allows 39",
    "@octocat_fa": CODE.format("fa"),
    "@octocat_fabrikam1": CODE.format("fabrikam1"),
    "@octocat_fab-kam": CODE.format("fab-kam"),
    "@octocat_": CODE.format(""),
    "@_fabrikam": HANDLE.format(""),
    "@-octocat_fabrikam": HANDLE.format("-octocat"),
    "@octocat-_fabrikam": HANDLE.format("octocat-"),
    "@octo--cat_fabrikam": HANDLE.format("octo--cat"),
    "@octo_cat_fabrikam": "it has more than one '_'; only an Enterprise Managed User's name "
                          "has one, before the enterprise's short code (mona-cat_octo)",
    "@" + "a" * 31 + "_fabrikam": "it has 40 characters, and GitHub allows 39, the '_' and "
                                  "short code of an Enterprise Managed User included",
}
REFUSED_TEAMS = {
    "@octo-org/docs.team": "its slug has '.'; team slugs have only letters, digits, '_' and "
                           "'-', since GitHub turns anything else in a team's name into '-': "
                           f"{SLUG_FIX}",
    "@octo-org/-docs": "its slug starts with '-', which no slug GitHub makes from a team's "
                       f"name does: {SLUG_FIX}",
    "@octo-org/docs-": "its slug ends with '-', which no slug GitHub makes from a team's name "
                       f"does: {SLUG_FIX}",
    "@octo-org/docs--team": "its slug has '--', which no slug GitHub makes from a team's name "
                            f"does: {SLUG_FIX}",
    "@octo-org/": "it has no team slug after the '/'",
    "@octo_org/docs": "its organization 'octo_org' is not a GitHub name: it has '_'; "
                      "organization names have only letters, digits and '-'",
    "@/docs": "its organization '' is not a GitHub name: it is empty",
    "@" + "o" * 40 + "/docs": f"its organization '{'o' * 40}' is not a GitHub name: it has 40 "
                             "characters, and GitHub allows 39",
    "@octo-org/parent/child": "GitHub names a team with one '/', @org/team-slug (a child team "
                              "has a slug of its own)",
}


@pytest.mark.parametrize("owner", [f"@{u}" for u in USERS] + TEAMS)
def test_every_name_github_has_owns_files_on_both_forges(owner: str) -> None:
    text = f"/docs/ {owner} @ivan\n"
    rules = parse_codeowners(text)
    assert (rules.problems, rules.owners_for("docs/guide.md")) == ((), [owner, "@ivan"])
    lab = parse_gitlab_codeowners(f"[Docs]\n{text}")
    assert (lab.problems, lab.sections_for("docs/guide.md")) == ((), {"Docs": [owner, "@ivan"]})
    # hmarr's and sbdchd's peers read them the same way.
    assert [name for _, name in CodeOwners(text).of("docs/guide.md")] == [owner, "@ivan"]


@pytest.mark.parametrize("owner", list(REFUSED) + list(REFUSED_TEAMS))
def test_every_name_github_cannot_have_is_refused_with_what_is_wrong(owner: str) -> None:
    rules = parse_codeowners(f"/docs/ @ivan {owner}\n")
    kind, why = ("team", REFUSED_TEAMS[owner]) if owner in REFUSED_TEAMS else \
        ("username", REFUSED[owner])
    assert [(p.line, p.column, p.rule, p.message) for p in rules.problems] == [
        (1, 14, "codeowners-syntax", f"owner {owner!r} is not a GitHub {kind}: {why}{SKIPS}")]
    assert rules.owners_for("docs/guide.md") is None  # GitHub skips the whole line


def test_gitlab_keeps_its_own_names() -> None:
    # GitLab allows '.' in usernames and nests groups: none of GitHub's refusals apply.
    lab = parse_gitlab_codeowners("[Docs]\n/docs/ @john.doe @group/sub/team\n")
    assert (lab.problems, lab.sections_for("docs/x.md")) == (
        (), {"Docs": ["@john.doe", "@group/sub/team"]})


def test_check_prints_each_refusal_with_its_place(project: Path) -> None:
    (project / "names").write_text("* @ivan @priya\n/org.yml @ivan @john.doe\n"
                                   "/policy.yml @ivan @octo-org/docs.team\n"
                                   "/mkdocs.yml @mia- @marco_fabrikam\n", encoding="utf-8")
    done = intranet(project, "codeowners", "check", "--file", "names")
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1].endswith(": 4 error(s), 0 warning(s)")
    assert done.stdout.splitlines()[:-1] == [
        f"names:2:16: error codeowners-syntax owner '@john.doe' is not a GitHub username: "
        f"{REFUSED['@john.doe']}{SKIPS}",
        "names:3:19: error codeowners-syntax owner '@octo-org/docs.team' is not a GitHub "
        f"team: {REFUSED_TEAMS['@octo-org/docs.team']}{SKIPS}",
        # Well-formed, so GitHub reads the line; org.yml just does not know them.
        "names:4:13: error codeowners-unknown-owner owner '@mia-' is not anyone's forge "
        "username in org.yml; fix it, or add the person to 'people' with `forge: mia-`",
        "names:4:19: error codeowners-unknown-owner owner '@marco_fabrikam' is not anyone's "
        "forge username in org.yml; fix it, or add the person to 'people' with `forge: "
        "marco_fabrikam`"]


ALPHABET = st.sampled_from("aZ9-_./ é")


@given(st.text(ALPHABET, max_size=12) | st.text(ALPHABET, min_size=36, max_size=44))
def test_the_message_and_the_rule_agree(name: str) -> None:
    # The regexes the parsers use and the functions that explain a refusal are written
    # apart; for any name, one refuses exactly what the other explains.
    if "/" in name:
        assert (team_problem(name) is None) is bool(TEAM.match(f"@{name}"))
    else:
        assert (user_problem(name) is None) is bool(USER.match(f"@{name}"))


def test_org_yml_names_github_cannot_have_stop_write_with_their_place(project: Path) -> None:
    org = project / "org.yml"
    text = org.read_text(encoding="utf-8")
    text = text.replace("forge: mia\n", "forge: mia.rossi\n").replace(
        "    deputies: [marco]\n", "    deputies: [marco]\n    team: \"@fieldstone/brand.team\"\n")
    text = text.replace("  department: it\n", "  department: it\n  team: \"@fieldstone/it_ops\"\n",
                        1)
    org.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    forge, team = lines.index("    forge: mia.rossi") + 1, \
        lines.index("    team: \"@fieldstone/brand.team\"") + 1
    done = intranet(project, "codeowners", "write")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        f"org.yml:{team}:11: error org-team team '@fieldstone/brand.team' is not a GitHub team: "
        f"{REFUSED_TEAMS['@octo-org/docs.team']}",
        f"org.yml:{forge}:12: error org-forge forge 'mia.rossi' of 'mia' is not a GitHub "
        f"username: {REFUSED['@john.doe']}; write their username as their GitHub profile "
        "shows it"]
    assert intranet(project, "codeowners", "check").stderr == done.stderr
    # GitLab has both names, so its file is written; the platform's team is fine anywhere.
    lab = intranet(project, "codeowners", "write", "--flavor", "gitlab")
    assert (lab.returncode, lab.stderr) == (0, "")
    written = (project / ".gitlab" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    assert "[Marketing] @fieldstone/brand.team" in written
    assert "[IT platform owners] @fieldstone/it_ops" in written
