"""CODEOWNERS generated from org.yml, for GitHub or in GitLab's section syntax. The output
depends only on org.yml and on which governance paths exist, so it is reproducible."""

from __future__ import annotations

from collections.abc import Sequence

from intranet.codeowners.org import (
    check_org,
    department_owners,
    governance,
    platform_owners,
    section,
)
from intranet.config.org import Department, Org

TOP_PAGES = "content/*"


def generate(org: Org, flavor: str, files: Sequence[str]) -> str:
    check_org(org, flavor)
    departments = sorted(org.departments, key=lambda d: d.id)
    owned = governance(files, flavor)
    if flavor == "gitlab":
        return _gitlab(org, departments, owned)
    return _github(org, departments, owned)


def _header(org: Org, syntax: str) -> list[str]:
    return [f"# CODEOWNERS for the {org.company} intranet: whose approval a change needs.",
            *([f"# Written in {syntax} syntax."] if syntax else []),
            "# Generated from org.yml by `intranet codeowners write`: do not edit it by",
            "# hand. Change org.yml, run the command and commit both; `intranet codeowners",
            "# check` fails while they disagree. Owners are the forge usernames (or the",
            "# team) that org.yml gives for each department's heads and deputies.",
            "#"]


def _owners(owners: Sequence[str]) -> str:
    return " ".join(owners)


def _github(org: Org, departments: list[Department], owned: list[str]) -> str:
    platform = _owners(platform_owners(org))
    out = _header(org, "")
    out += ["# GitHub applies the last matching line. So the catch-all comes first and",
            "# nothing is ever unowned; each department's section follows; the files that",
            "# govern the intranet come last, where no department line can take them.",
            "",
            f"# Everything no later line claims: the platform owners ({org.platform_name}).",
            f"* {platform}",
            "",
            "# content/'s own pages (home, usage policy, how to post, tags) belong to no",
            "# department: the platform owners, who speak for the whole company.",
            f"/{TOP_PAGES} {platform}"]
    for dept in departments:
        owners = _owners(department_owners(org, dept))
        out += ["", f"# {dept.name}: {_what(dept)}."]
        out += [f"/{path} {owners}" for path in _paths(dept)]
    out += ["", "# Governance: org chart, policy, site config, engine, hooks, scripts,",
            "# tests, CI and this file itself: the platform owners."]
    out += [f"/{path} {platform}" for path in owned]
    return "\n".join(out) + "\n"


def _gitlab(org: Org, departments: list[Department], owned: list[str]) -> str:
    out = _header(org, "GitLab's")
    out += ["# GitLab adds sections up: a change needs an approval from each section with",
            "# a line matching it. So the platform owners' section takes everything but",
            "# the departments' paths (`!` exclusions need GitLab 17.10 or later), and",
            "# each department's section is its own; lines take their section's owners.",
            "",
            f"[{_name(org.platform_name, departments)}] {_owners(platform_owners(org))}",
            "*",
            f"/{TOP_PAGES}"]
    out += [f"/{path}" for path in owned]
    out += [f"!/{path}" for dept in departments for path in _paths(dept)]
    for dept in departments:
        out += ["", f"# {dept.name}: {_what(dept)}.",
                f"[{_clean(dept.name)}] {_owners(department_owners(org, dept))}"]
        out += [f"/{path}" for path in _paths(dept)]
    return "\n".join(out) + "\n"


def _paths(dept: Department) -> list[str]:
    return [section(dept), *sorted(set(dept.paths) - {section(dept)})]


def _what(dept: Department) -> str:
    extra = " and the paths org.yml assigns it" if set(dept.paths) - {section(dept)} else ""
    return f"its section, posts included{extra}"


def _clean(name: str) -> str:
    return name.replace("[", "(").replace("]", ")")


def _name(platform: str, departments: list[Department]) -> str:
    # GitLab merges sections whose names differ only in case: keep the platform apart.
    taken = {d.name.casefold() for d in departments}
    name = platform or "Platform owners"
    return _clean(name if name.casefold() not in taken else f"{name} (platform)")
