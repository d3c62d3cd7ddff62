"""Validate a CODEOWNERS file (GitHub's or GitLab's) offline: what codeowners-validator
and GitHub's own error list check, plus the mistakes that let content escape review."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import NamedTuple

from intranet.codeowners.coverage import Applying, coverage
from intranet.codeowners.github import parse_codeowners, parse_gitlab_codeowners
from intranet.codeowners.org import known_owners
from intranet.codeowners.shadow import shadowed
from intranet.codeowners.syntax import EMAIL, Problem, Rule, Token
from intranet.config.org import Org
from intranet.errors import Finding, error


class _View(NamedTuple):
    """One flavor's reading of the file, in the terms every check shares."""

    rules: tuple[Rule, ...]
    problems: tuple[Problem, ...]
    applying: Applying
    headers: dict[str, tuple[int, tuple[Token, ...]]]  # GitLab: section -> line, owners


def validate(text: str, display: str, flavor: str, org: Org,
             files: Sequence[str]) -> list[Finding]:
    view = _view(text, flavor)
    found = [error("", p.line, p.column, p.rule, p.message) for p in view.problems]
    found += _ambiguous(view.rules)
    duplicates = _duplicates(view.rules)
    found += duplicates.values()
    found += _unknown(view, known_owners(org))
    found += _shadowed(view.rules, duplicates.keys())
    found += coverage(view.rules, view.applying, files)
    found += _single_owner(view, flavor)
    return sorted(f._replace(path=display) for f in found)


def _view(text: str, flavor: str) -> _View:
    if flavor == "gitlab":
        lab = parse_gitlab_codeowners(text)
        headers = {s.name: (s.line, s.owners) for s in lab.sections}
        return _View(lab.rules, lab.problems, lab.rules_for, headers)
    hub = parse_codeowners(text)

    def applying(path: str) -> dict[str, Rule]:
        rule = hub.rule_for(path)
        return {"": rule} if rule else {}

    return _View(hub.rules, hub.problems, applying, {})


def _ambiguous(rules: Sequence[Rule]) -> list[Finding]:
    found = []
    for rule in rules:
        text = rule.pattern.text.removeprefix("!")
        if text.endswith("**/"):
            base = text[:-3]
            found.append(Finding("", rule.line, rule.pattern.column, "codeowners-ambiguous",
                                 "warning", f"implementations disagree on {text!r}; it is "
                                 "read as git reads it (files in the folders below, not the "
                                 f"files directly in {base or '/'}): write {base + '*/'!r} "
                                 f"for that, or {base or '*'!r} for everything"))
    return found


def _duplicates(rules: Sequence[Rule]) -> dict[Rule, Finding]:
    groups: dict[tuple[str, bool, object], list[Rule]] = defaultdict(list)
    for rule in rules:
        groups[(rule.section.casefold(), rule.exclude, rule.compiled)].append(rule)
    found = {}
    for group in groups.values():
        last = group[-1]
        for rule in group[:-1]:
            same = "" if last.pattern.text == rule.pattern.text else \
                f" (as {last.pattern.text!r}, which means the same)"
            found[rule] = error("", rule.line, rule.pattern.column, "codeowners-duplicate",
                                f"pattern {rule.pattern.text!r} comes again on line "
                                f"{last.line}{same}, which replaces this line (the last "
                                "match wins); put all its owners on that line and remove "
                                "this one")
    return found


def _shadowed(rules: Sequence[Rule], reported: Collection[Rule]) -> list[Finding]:
    sections: dict[str, list[Rule]] = defaultdict(list)  # GitLab: each section alone
    for rule in rules:
        if not rule.exclude:
            sections[rule.section].append(rule)
    return [error("", rule.line, rule.pattern.column, "codeowners-shadowed",
                  f"pattern {rule.pattern.text!r} never applies: the later line(s) "
                  f"{', '.join(map(str, lines))} take every path it matches; remove it, "
                  "or move it below them")
            for group in sections.values() for rule, lines in shadowed(group).items()
            if rule not in reported]  # a duplicate is reported as one already


def _unknown(view: _View, known: set[str]) -> list[Finding]:
    named = [(r.line, o) for r in view.rules if not r.inherited for o in r.owners]
    named += [(line, o) for line, owners in view.headers.values() for o in owners]
    return [error("", line, owner.column, "codeowners-unknown-owner", _stranger(owner.text))
            for line, owner in named if owner.text.casefold() not in known]


def _stranger(owner: str) -> str:
    if EMAIL.match(owner):
        return (f"{owner!r} is not anyone's e-mail in org.yml; fix it, or add the person "
                "to 'people'")
    if "/" not in owner:  # a user: on GitLab too, whose names GitHub's rule would miss
        return (f"owner {owner!r} is not anyone's forge username in org.yml; fix it, or "
                f"add the person to 'people' with `forge: {owner[1:]}`")
    return (f"team {owner!r} is not in org.yml; fix it, or make it a department's or the "
            "platform's `team`")


def _single_owner(view: _View, flavor: str) -> list[Finding]:
    # On GitHub every line stands alone; on GitLab a section's lines add up.
    groups: dict[str, list[Rule]] = defaultdict(list)
    for rule in view.rules:
        if rule.owners and not rule.exclude:
            groups[rule.section if flavor == "gitlab" else str(rule.line)].append(rule)
    found = []
    for key, rules in groups.items():
        owners = {o.text.casefold(): o for rule in rules for o in rule.owners}
        owner = next(iter(owners.values()))
        if len(owners) > 1 or "/" in owner.text:  # a team or GitLab group: not one person
            continue
        header = view.headers.get(key) if flavor == "gitlab" and key else None
        line, column = (header[0], 1) if header else (rules[0].line, owner.column)
        what = f"section [{key}]" if header else repr(rules[0].pattern.text)
        found.append(Finding("", line, column, "codeowners-single-owner", "warning",
                             f"only {owner.text} owns {what}: nobody may approve their own "
                             "pull request, so their own changes here could never be "
                             "approved; add a second owner (a deputy in org.yml)"))
    return found
