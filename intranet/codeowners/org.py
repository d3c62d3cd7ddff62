"""What org.yml says about ownership, in CODEOWNERS terms: owners as forge names or
teams, the governance paths, and the extra paths departments may claim."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from intranet.codeowners.names import team_problem, user_problem
from intranet.config.org import Department, Org
from intranet.errors import Finding, IntranetError, error

TARGETS = {"github": ".github/CODEOWNERS", "gitlab": ".gitlab/CODEOWNERS"}
FLAVORS = tuple(TARGETS)
# The files that decide what gets published and how: a change to any of them needs the
# platform owners, whichever department asks.
GOVERNANCE = (".ci/", ".gitattributes", ".github/", ".gitignore", ".gitlab/",
              ".gitlab-ci.yml", ".pre-commit-hooks.yaml", "hooks/", "intranet/", "mkdocs.yml",
              "org.yml", "policy.yml", "pyproject.toml", "scripts/", "tests/")
PLAIN_PATH = re.compile(r"[A-Za-z0-9._+@-]+(?:/[A-Za-z0-9._+@-]+)*/?\Z")


def section(dept: Department) -> str:
    return f"content/{dept.id}/"


def department_owners(org: Org, dept: Department) -> tuple[str, ...]:
    if dept.team:
        return (dept.team,)
    return tuple(_forge(org, handle) for handle in dept.owners)


def platform_owners(org: Org) -> tuple[str, ...]:
    if org.platform_team:
        return (org.platform_team,)
    return tuple(_forge(org, handle) for handle in org.platform_owners)


def _forge(org: Org, handle: str) -> str:
    person = org.person(handle)
    return "@" + (person.forge if person else handle).removeprefix("@")


def known_owners(org: Org) -> set[str]:
    """Every owner org.yml vouches for, case-folded as the forges compare them."""
    names = {"@" + p.forge.removeprefix("@") for p in org.people}
    names |= {p.email for p in org.people} | {d.team for d in org.departments if d.team}
    names |= {org.platform_team} if org.platform_team else set()
    return {n.casefold() for n in names}


def governance(files: Sequence[str], flavor: str) -> list[str]:
    """The governance paths present in the tree, always with this flavor's own folder
    (whose CODEOWNERS is being written), so the output only changes when files do."""
    own = TARGETS[flavor].rsplit("/", 1)[0] + "/"
    ordered = sorted(files)  # git lists them sorted already; then this costs nothing
    return [g for g in GOVERNANCE if g == own or _present(ordered, g)]


def _present(ordered: list[str], owned: str) -> bool:
    # Paths starting with `owned` sort together, the first of them first of all at or
    # after `owned`: one look-up instead of a scan of 250,000 files per governance path.
    index = bisect.bisect_left(ordered, owned)
    return index < len(ordered) and _within(ordered[index], owned)


def _within(path: str, owned: str) -> bool:
    return path.startswith(owned) if owned.endswith("/") else path == owned


def check_org(org: Org, flavor: str) -> None:
    """What org.yml must hold for this flavor's file to mean what it says; raises with
    every problem at once."""
    findings = _path_findings(org) + (sorted(_name_findings(org)) if flavor == "github" else [])
    if findings:
        raise IntranetError(findings)


def _path_findings(org: Org) -> list[Finding]:
    # Department `paths` must be plain repository paths outside the governance files,
    # or the generated file would hand machinery to a department (or fail to parse).
    findings = []
    for dept in org.departments:
        for path in dept.paths:
            problem = _path_problem(path)
            if problem:
                findings.append(error(org.path, dept.line, 1, "org-path", f"department "
                                      f"{dept.id!r} path {path!r} {problem}"))
    return findings


def _name_findings(org: Org) -> list[Finding]:
    # org.yml allows any forge's names; a name GitHub could not have would make GitHub
    # skip every line naming it, so nothing it owns would need that owner's approval.
    # (GitLab's rules are org.yml's own, so its file needs no more than loading did.)
    found = []
    for person in org.people:
        forge = person.forge.removeprefix("@")
        problem = user_problem(forge)
        if problem is not None:
            found.append(error(org.path, *person.forge_at, "org-forge", f"forge {forge!r} "
                               f"of {person.handle!r} is not a GitHub username: {problem}; "
                               "write their username as their GitHub profile shows it"))
    teams = [(d.team, d.team_at) for d in org.departments] + \
        [(org.platform_team, org.platform_team_at)]
    for team, at in teams:
        problem = team_problem(team.removeprefix("@")) if team else None
        if problem is not None:
            found.append(error(org.path, *at, "org-team", f"team {team!r} is not a GitHub "
                               f"team: {problem}"))
    return found


def _path_problem(path: str) -> str | None:
    if not PLAIN_PATH.match(path) or any(s in (".", "..") for s in path.split("/")):
        return ("is not a plain repository path; write it like 'docs/marketing/' (no "
                "leading '/', no '..', no wildcards)")
    bare = path.rstrip("/")
    for owned in GOVERNANCE:
        if _within(bare, owned) or _within(path, owned) or owned.startswith(bare + "/"):
            return f"overlaps {owned!r}, which the platform owners govern; remove it"
    return None
