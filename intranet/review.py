"""What a submission needs before it may be published: which owners must approve it, as
judged by the CODEOWNERS, org.yml and policy.yml of the target branch, never the
versions inside the submission (a post cannot make its own author an owner)."""

from __future__ import annotations

from dataclasses import dataclass

from intranet.codeowners import Codeowners, parse_codeowners
from intranet.errors import IntranetError, error
from intranet.git import Git
from intranet.org import Org, parse_org
from intranet.policy import Policy, parse_policy

MAIN = "main"
POSTS = "post/"
CODEOWNERS = ".github/CODEOWNERS"
LINK = "120000"  # git's mode for a symbolic link


@dataclass(frozen=True)
class Rules:
    """The rules in force at one commit of the target branch."""

    commit: str
    org: Org
    policy: Policy
    codeowners: Codeowners


@dataclass(frozen=True)
class Group:
    """One approval a change needs: any one of `handles` may give it."""

    label: str
    owners: tuple[str, ...]  # as CODEOWNERS writes them: @user, @org/team, e-mail
    handles: frozenset[str]
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Submission:
    branch: str
    tip: str
    base: str  # where it left the target branch
    files: tuple[str, ...]  # added, changed or deleted
    author_emails: frozenset[str]
    time: int  # of the tip commit
    links: frozenset[str] = frozenset()  # files that are symbolic links at the tip


def rules_at(g: Git, commit: str) -> Rules:
    def text(path: str) -> str:
        data = g.read(commit, path)
        if data is None:
            raise IntranetError([error(path, 1, 1, "review-missing", f"{path} is missing on "
                                       f"the target branch at {commit[:10]}; restore it")])
        return data.decode("utf-8-sig")

    return Rules(commit, parse_org(text("org.yml")), parse_policy(text("policy.yml")),
                 parse_codeowners(text(CODEOWNERS)))


def submission(g: Git, branch: str, tip: str, target: str) -> Submission:
    base = g.merge_base(target, tip)
    commits = list(g.commits(f"{base}..{tip}"))
    modes = g.changed(base, tip)
    return Submission(branch, tip, base, tuple(modes),
                      frozenset(c.author_email.lower() for c in commits),
                      commits[0].time if commits else 0, _links(modes))


def _links(modes: dict[str, str]) -> frozenset[str]:
    return frozenset(path for path, mode in modes.items() if mode == LINK)


def groups(rules: Rules, files: tuple[str, ...]) -> list[Group]:
    """One group per distinct set of owners, in the order the files first need them."""
    found: dict[tuple[str, ...], list[str]] = {}
    for path in files:
        rule = rules.codeowners.rule_for(path)
        if rule is not None and rule.names:
            found.setdefault(tuple(rule.names), []).append(path)
    return [Group(_label(rules.org, paths), owners, handles_of(rules.org, owners),
                  tuple(paths)) for owners, paths in found.items()]


def handles_of(org: Org, owners: tuple[str, ...]) -> frozenset[str]:
    handles: set[str] = set()
    for owner in owners:
        for dept in org.departments:
            if owner == dept.team:
                handles.update(dept.owners)
        if owner == org.platform_team:
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


def authored_by(org: Org, sub: Submission) -> set[str]:
    return {p.handle for p in org.people if p.email.lower() in sub.author_emails}
