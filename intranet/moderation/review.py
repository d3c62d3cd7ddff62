"""Whose approval a change needs: judged by the CODEOWNERS, org.yml and policy.yml of the
target branch, never the versions a submission brings (a post cannot make its own author
an owner)."""

from __future__ import annotations

from dataclasses import dataclass

from intranet.codeowners.github import Codeowners, parse_codeowners
from intranet.config.org import Org, parse_org
from intranet.config.policy import Policy, parse_policy
from intranet.errors import IntranetError, error
from intranet.git import Git

MAIN = "main"
MAIN_REF = f"refs/heads/{MAIN}"
POSTS = "post/"
CODEOWNERS = ".github/CODEOWNERS"
RULE_FILES = (CODEOWNERS, "org.yml", "policy.yml")
SITE_CONFIG = "mkdocs.yml"


@dataclass(frozen=True)
class Rules:
    """The rules in force at one commit of the target branch."""

    commit: str
    org: Org
    policy: Policy
    codeowners: Codeowners
    site_config: str = ""  # mkdocs.yml: the Markdown posts are checked as rendered by


@dataclass(frozen=True)
class Group:
    """One approval a change needs: any one of `handles` may give it."""

    label: str
    owners: tuple[str, ...]  # as CODEOWNERS writes them: @user, @org/team, e-mail
    handles: frozenset[str]
    paths: tuple[str, ...]


def rules_at(g: Git, commit: str) -> Rules:
    """The rules a commit of main (or a tree) holds; an IntranetError naming each
    unreadable file."""
    found = g.objects(f"{commit}:{path}" for path in (*RULE_FILES, SITE_CONFIG))
    texts: dict[str, str] = {}
    for path in RULE_FILES:
        obj = found.get(f"{commit}:{path}")
        if obj is None or obj[0] != "blob":
            raise IntranetError([error(path, 1, 1, "review-missing", f"{path} is missing on "
                                       f"main at {commit[:10]}; restore it")])
        texts[path] = obj[1].decode("utf-8-sig", "replace")
    site = found.get(f"{commit}:{SITE_CONFIG}")
    return Rules(commit, parse_org(texts["org.yml"]), parse_policy(texts["policy.yml"]),
                 parse_codeowners(texts[CODEOWNERS]),
                 site[1].decode("utf-8", "replace") if site and site[0] == "blob" else "")


def groups(rules: Rules, files: tuple[str, ...] | list[str]) -> list[Group]:
    """One group per distinct set of owners, in the order the files first need them. A
    file no CODEOWNERS line gives to anyone in org.yml needs the platform owners: nothing
    is ever published without someone's approval."""
    found: dict[tuple[str, ...], list[str]] = {}
    resolved: dict[tuple[str, ...], frozenset[str]] = {}
    platform = (rules.org.platform_team or "platform owners",)
    for path in files:
        try:
            rule = rules.codeowners.rule_for(path)
        except ValueError:  # a path CODEOWNERS cannot place (`..`): submission refuses it
            rule = None
        owners = tuple(rule.names) if rule is not None and rule.names else platform
        if owners not in resolved:
            resolved[owners] = handles_of(rules.org, owners)
        if not resolved[owners]:
            owners = platform
            resolved[owners] = frozenset(rules.org.platform_owners)
        found.setdefault(owners, []).append(path)
    return [Group(_label(rules.org, paths), owners, resolved[owners], tuple(paths))
            for owners, paths in found.items()]


def handles_of(org: Org, owners: tuple[str, ...]) -> frozenset[str]:
    handles: set[str] = set()
    for owner in owners:
        for dept in org.departments:
            if owner == dept.team:
                handles.update(dept.owners)
        if owner in (org.platform_team, "platform owners"):
            handles.update(org.platform_owners)
        handles.update(p.handle for p in org.people
                       if owner in (f"@{p.forge}", p.email) and p.forge)
    return frozenset(handles)


def _label(org: Org, paths: list[str]) -> str:
    depts = {p.split("/")[1] for p in paths if p.startswith("content/") and p.count("/") > 1}
    names = [d.name for d in org.departments if d.id in depts]
    if len(names) == 1 and len(depts) == 1:
        return names[0]
    return org.platform_name or "platform owners"


def names(org: Org, handles: frozenset[str] | set[str]) -> str:
    return ", ".join(sorted(p.name for p in org.people if p.handle in handles))


def waiting(need: list[Group], approvers: tuple[str, ...] | set[str]) -> list[Group]:
    """The groups no approver belongs to yet."""
    return [group for group in need if not group.handles & set(approvers)]
