"""CODEOWNERS: parse, match, validate and write (GitHub and GitLab). Its public API,
which other tools build on, is this package:

    from intranet.codeowners import parse_codeowners, parse_gitlab_codeowners

Imports config and the ground only."""

from intranet.codeowners.github import (
    Codeowners,
    GitLabCodeowners,
    Problem,
    Rule,
    Section,
    check_path,
    parse_codeowners,
    parse_gitlab_codeowners,
)

__all__ = ["Codeowners", "GitLabCodeowners", "Problem", "Rule", "Section", "check_path",
           "parse_codeowners", "parse_gitlab_codeowners"]
