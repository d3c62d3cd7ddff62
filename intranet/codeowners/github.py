"""CODEOWNERS evaluated exactly as GitHub does (the package re-exports it as its API):

    from intranet.codeowners import parse_codeowners
    rules = parse_codeowners(text)
    rules.owners_for("content/marketing/posts/launch.md")   # ['@mia', '@marco']

gitignore-like patterns except that `dir/*` matches direct children only; the last
matching line wins; matching is case-sensitive. Lines GitHub would skip (unsupported
syntax, malformed owners) match nothing here either, and are listed in `problems`.
"""

from __future__ import annotations

import re

from intranet.codeowners.gitlab import GitLabCodeowners, Section, parse_gitlab_codeowners
from intranet.codeowners.index import PatternSet
from intranet.codeowners.match import compile_pattern, unsupported
from intranet.codeowners.syntax import (
    Problem,
    Rule,
    Token,
    check_path,
    lines,
    missing_pattern,
    owner_problem,
    tokens,
)

__all__ = ["Codeowners", "GitLabCodeowners", "Problem", "Rule", "Section", "check_path",
           "parse_codeowners", "parse_gitlab_codeowners"]

GITLAB_HEADER = re.compile(r"\^?\[[^\]]*\](?:\[[^\]]*\])?(?:\s.*)?\Z")


class Codeowners:
    """The lines GitHub uses, in order, and the ones it skips."""

    def __init__(self, rules: list[Rule], problems: list[Problem]) -> None:
        self.rules = tuple(rules)
        self.problems = tuple(problems)
        self._patterns = PatternSet([r.compiled for r in self.rules])

    def rule_for(self, path: str) -> Rule | None:
        """The last rule matching `path` (the one GitHub applies), or None."""
        index = self._patterns.last_match(check_path(path))
        return None if index is None else self.rules[index]

    def owners_for(self, path: str) -> list[str] | None:
        """Owners of the last matching rule ([] if it names none); None if none matches."""
        rule = self.rule_for(path)
        return None if rule is None else rule.names


def parse_codeowners(text: str) -> Codeowners:
    """Read a CODEOWNERS file as GitHub does; never raises on bad lines."""
    rules: list[Rule] = []
    problems: list[Problem] = []
    for number, line in lines(text):
        words = tokens(line)
        if not words:
            continue
        found = _problems(line, words, number)
        if found:  # GitHub skips a line with any error in it
            problems.extend(found)
            continue
        rules.append(Rule(number, words[0], tuple(words[1:]), compile_pattern(words[0].text)))
    return Codeowners(rules, problems)


def _problems(line: str, words: list[Token], number: int) -> list[Problem]:
    pattern = words[0]
    if GITLAB_HEADER.match(line.strip()):
        return [Problem(number, pattern.column, "codeowners-unsupported", "GitLab section "
                        "headers are not GitHub syntax and GitHub skips this line; remove it, "
                        "or check the file with --flavor gitlab if it is for GitLab")]
    reason = unsupported(pattern.text)
    if reason is not None:
        return [Problem(number, pattern.column, "codeowners-unsupported", reason)]
    missing = missing_pattern(words, number)
    if missing is not None:
        return [missing]
    return [p for p in (owner_problem(o, number) for o in words[1:]) if p is not None]
