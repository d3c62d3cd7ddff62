"""org.yml: the demo chart loads, and each mistake gets one clear message with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from intranet.cli.main import main
from intranet.config.org import load_org
from intranet.errors import IntranetError

ROOT = Path(__file__).resolve().parent.parent
SMALL = """\
company: Acme
platform:
  name: IT owners
  department: it
departments:
  - id: it
    name: IT
    description: Computers.
    heads: [ivan]
    deputies: [priya]
people:
  - handle: ivan
    name: Ivan Petrov
    title: Head of IT
    department: it
    email: ivan@acme.example
    forge: ivan
  - handle: priya
    name: Priya Raman
    title: Security Lead
    department: it
    email: priya@acme.example
    forge: priya
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "org.yml").write_text(text, encoding="utf-8")
    with pytest.raises(IntranetError) as caught:
        load_org(tmp_path / "org.yml")
    return [str(f) for f in caught.value.findings]


def test_demo_company_has_the_agreed_owners() -> None:
    org = load_org(ROOT / "org.yml")
    owners = {d.id: (d.heads, d.deputies) for d in org.departments}
    assert owners == {
        "engineering": (("grace",), ("ken",)), "marketing": (("mia",), ("marco",)),
        "hr": (("hana",), ("omar",)), "it": (("ivan",), ("priya",)),
        "sales": (("sam",), ("lena",))}
    assert org.company == "Fieldstone"
    assert org.platform_owners == ("ivan", "priya")
    assert len(org.people) >= 14
    for handle, dept in (("eve", "engineering"), ("max", "marketing"), ("noah", "sales"),
                         ("zoe", "hr")):
        person = org.person(handle)
        assert person is not None and person.department == dept
    for person in org.people:
        assert person.forge == person.handle
        assert person.email == f"{person.handle}@fieldstone.example"


def test_small_chart_loads(tmp_path: Path) -> None:
    (tmp_path / "org.yml").write_text(SMALL, encoding="utf-8")
    assert load_org(tmp_path / "org.yml").department("it") is not None


def test_unknown_department(tmp_path: Path) -> None:
    text = SMALL.replace("it\n    email: priya", "itt\n    email: priya")
    assert problems(tmp_path, text) == [
        "org.yml:21:17: error org-unknown-department department 'itt' is not in 'departments'; "
        "use one of: it"]


def test_duplicate_handle(tmp_path: Path) -> None:
    text = SMALL + SMALL[SMALL.index("  - handle: priya"):]
    assert problems(tmp_path, text) == [
        "org.yml:24:13: error org-duplicate handle 'priya' is already used at line 18; "
        "each handle must be unique"]


def test_head_who_is_not_a_person(tmp_path: Path) -> None:
    text = SMALL.replace("heads: [ivan]", "heads: [ivan, ghost]")
    assert problems(tmp_path, text) == [
        "org.yml:9:19: error org-unknown-person head 'ghost' is not in 'people'; add them "
        "there or fix the handle"]


def test_department_without_a_second_owner(tmp_path: Path) -> None:
    text = SMALL.replace("    deputies: [priya]\n", "")
    assert problems(tmp_path, text) == [
        "org.yml:6:5: error org-second-owner department 'it' has 1 owner(s); add a deputy, "
        "since nobody may approve their own post"]


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    text = (SMALL.replace("deputies: [priya]", "deputies: [ivan]")
            .replace("email: priya@acme.example", "email: not-an-address")
            .replace("    forge: ivan\n", "    forge: ivan\n    shoe_size: 44\n"))
    assert problems(tmp_path, text) == [
        "org.yml:6:5: error org-second-owner department 'it' has 1 owner(s); add a deputy, "
        "since nobody may approve their own post",
        "org.yml:18:5: error org-unknown-key unknown key 'shoe_size' in a person; allowed keys "
        "are: handle, name, title, department, email, forge, ssh_key, bio, location, manager, "
        "team, links",
        "org.yml:23:12: error org-schema 'not-an-address' is not an e-mail address"]


def test_broken_yaml_is_a_message_not_a_traceback(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "org.yml").write_text("company: [Acme\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "org"]) == 2
    assert capsys.readouterr().err == (
        "org.yml:2:1: error yaml-syntax invalid YAML: did not find expected ',' or ']'; "
        "fix the syntax\n")


def test_cli_summarises_the_demo_chart(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "org"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("org.yml: Fieldstone, 5 departments, 16 people; "
                      "platform owners: ivan, priya")
    assert "  hr: People & HR, owned by hana, omar" in out


def test_cli_choices_match_the_engine() -> None:
    # Imported here: that the CLI and the engine agree is the point of the test.
    from intranet.cli import main, output  # noqa: PLC0415
    from intranet.codeowners import org as codeowners_org  # noqa: PLC0415

    assert main.FLAVORS == codeowners_org.FLAVORS
    assert main.FORMATS == output.FORMATS


def test_any_forge_s_usernames_and_teams_load(tmp_path: Path) -> None:
    # org.yml does not say which forge the company uses: GitHub's old and managed names
    # and GitLab's dotted names and nested groups all load (`intranet codeowners` holds
    # them to its forge's rules, tests/test_codeowners_names.py).
    text = (SMALL.replace("forge: ivan", "forge: ivan-")
            .replace("forge: priya", "forge: priya_acme")
            .replace("  department: it\n", "  department: it\n  team: \"@acme/it_ops\"\n", 1)
            .replace("    deputies: [priya]\n", "    deputies: [priya]\n    team: "
                     "\"@acme/it/help.desk\"\n"))
    (tmp_path / "org.yml").write_text(text, encoding="utf-8")
    org = load_org(tmp_path / "org.yml")
    assert [(p.forge, p.forge_at) for p in org.people] == [("ivan-", (19, 12)),
                                                           ("priya_acme", (25, 12))]
    assert (org.platform_team, org.platform_team_at) == ("@acme/it_ops", (5, 9))
    assert [(d.team, d.team_at) for d in org.departments] == [("@acme/it/help.desk", (12, 11))]
    gitlab = SMALL.replace("forge: ivan", "forge: ivan.petrov")
    (tmp_path / "org.yml").write_text(gitlab, encoding="utf-8")
    assert load_org(tmp_path / "org.yml").people[0].forge == "ivan.petrov"


def test_names_no_forge_allows_are_refused_with_their_place(tmp_path: Path) -> None:
    text = (SMALL.replace("forge: ivan", "forge: Ivan Petrov")
            .replace("forge: priya", "forge: \"@\"")
            .replace("  department: it\n", "  department: it\n  team: it-owners\n", 1))
    how = ("write the person's username on GitHub or GitLab (letters, digits, '-', '_' and "
           "'.'), e.g. `forge: octocat`")
    assert problems(tmp_path, text) == [
        "org.yml:5:9: error org-schema team 'it-owners' must look like @org/team-slug "
        "(GitHub) or @group/subgroup (GitLab)",
        f"org.yml:18:12: error org-schema forge 'Ivan Petrov' has ' ', which no forge allows "
        f"in a username; {how}",
        f"org.yml:24:12: error org-schema forge '@' has no name after '@'; {how}"]
