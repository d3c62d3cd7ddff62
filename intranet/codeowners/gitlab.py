"""CODEOWNERS as GitLab reads it: `[Section]` headers with default owners, optional
`^[Section]`s and `[Section][n]` approval counts; within a section the last match wins
and `!pattern` exempts a path for good; across sections approvals add up."""

from __future__ import annotations

import re
from typing import NamedTuple

from intranet.codeowners.index import PatternSet
from intranet.codeowners.match import compile_pattern, unsupported
from intranet.codeowners.syntax import (
    Problem,
    Rule,
    Token,
    check_path,
    lines,
    owner_problem,
    tokens,
)

HEADER = re.compile(r"(?P<optional>\^)?\[(?P<name>[^\]]*)\](?:\[(?P<count>[^\]]*)\])?"
                    r"(?P<rest>\s.*)?\Z")


class Section(NamedTuple):
    name: str  # as first written: GitLab merges names that differ only in case
    line: int
    optional: bool  # `^[...]`: approval is asked for, not required
    approvals_required: int
    owners: tuple[Token, ...]  # the header's default owners


class _Group(NamedTuple):
    rules: tuple[Rule, ...]
    includes: PatternSet
    excludes: PatternSet


class GitLabCodeowners:
    def __init__(self, rules: list[Rule], sections: list[Section],
                 problems: list[Problem]) -> None:
        self.rules, self.sections, self.problems = tuple(rules), tuple(sections), tuple(problems)
        self._groups: dict[str, _Group] = {}
        for name in dict.fromkeys(r.section for r in self.rules):
            mine = tuple(r for r in self.rules if r.section == name and not r.exclude)
            excluded = [r.compiled for r in self.rules if r.section == name and r.exclude]
            self._groups[name] = _Group(mine, PatternSet([r.compiled for r in mine]),
                                        PatternSet(excluded))

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name.casefold() == name.casefold()), None)

    def rules_for(self, path: str) -> dict[str, Rule]:
        """Per section, the rule that applies to `path` (none where `!` exempts it)."""
        check_path(path)
        found: dict[str, Rule] = {}
        for name, group in self._groups.items():
            if group.excludes.last_match(path) is not None:
                continue
            index = group.includes.last_match(path)
            if index is not None:
                found[name] = group.rules[index]
        return found

    def sections_for(self, path: str) -> dict[str, list[str]]:
        """The sections whose approval `path` needs, each with its owners."""
        return {name: rule.names for name, rule in self.rules_for(path).items() if rule.owners}


def parse_gitlab_codeowners(text: str) -> GitLabCodeowners:
    rules: list[Rule] = []
    sections: list[Section] = []
    problems: list[Problem] = []
    current = Section("", 0, False, 1, ())
    for number, line in lines(text):
        words = tokens(line)
        header = HEADER.match(line.strip())
        if header:
            current = _header(header, number, line, problems)
            sections = _merge(sections, current)
        elif words:
            rule = _entry(words, number, current, problems)
            if rule is not None:
                rules.append(rule._replace(section=_first_name(sections, current.name)))
    return GitLabCodeowners(rules, sections, problems)


def _header(match: re.Match[str], number: int, line: str, problems: list[Problem]) -> Section:
    count = match["count"] or ""
    # GitLab reads a missing, zero or malformed count as 1.
    approvals = int(count) if count.isdigit() and int(count) > 0 else 1
    indent = len(line) - len(line.lstrip())
    words = [Token(w.text, w.column + indent + match.start("rest"))
             for w in tokens(match["rest"] or "")]
    owners = _owners(words, number, problems)
    if not match["name"].strip():
        problems.append(Problem(number, indent + 1, "codeowners-syntax", "a section needs a "
                                "name, e.g. `[Documentation]`"))
    return Section(match["name"].strip(), number, bool(match["optional"]), approvals, owners)


def _merge(sections: list[Section], new: Section) -> list[Section]:
    for i, old in enumerate(sections):
        if old.name.casefold() == new.name.casefold():
            # Required anywhere means required; the larger approval count wins.
            merged = old._replace(optional=old.optional and new.optional,
                                  approvals_required=max(old.approvals_required,
                                                         new.approvals_required))
            return [*sections[:i], merged, *sections[i + 1:]]
    return [*sections, new]


def _first_name(sections: list[Section], name: str) -> str:
    return next((s.name for s in sections if s.name.casefold() == name.casefold()), name)


def _entry(words: list[Token], number: int, section: Section,
           problems: list[Problem]) -> Rule | None:
    pattern = words[0]
    exclude = pattern.text.startswith("!")
    reason = unsupported(pattern.text.removeprefix("!"))
    if reason is not None:
        problems.append(Problem(number, pattern.column, "codeowners-unsupported", reason))
        return None
    owners = _owners(words[1:], number, problems)
    inherited = not words[1:]  # an entry naming no owners takes its section's defaults
    compiled = compile_pattern(pattern.text.removeprefix("!"))
    return Rule(number, pattern, section.owners if inherited else owners, compiled,
                section.name, exclude, inherited)


def _owners(words: list[Token], number: int, problems: list[Problem]) -> tuple[Token, ...]:
    kept: list[Token] = []
    for word in words:
        problem = owner_problem(word, number, gitlab=True)
        if problem is None:
            kept.append(word)
        else:  # GitLab ignores a malformed owner and keeps the rest of the line
            problems.append(problem)
    return tuple(kept)
