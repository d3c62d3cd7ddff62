"""The owner names GitHub accepts, exactly: every account that exists, old or managed, and
no shape it could never have, each refusal saying what is wrong.

Usernames (and organization names, which share their namespace): letters, digits and '-',
at most 39 characters. Accounts made today need single hyphens, neither first nor last
(GitHub's sign-up message: "Username may only contain alphanumeric characters or single
hyphens, and cannot begin or end with a hyphen"); older ones were made under looser rules
and still exist, so a trailing '-', a leading one and '--' are accepted (e.g. `mees-`,
`foo-`, `-ACE-`, `gil--`, `Roger--Han`: shinnn/github-username-regex#1, #4 and #7,
peetzweg/commit-history#115, NousResearch/hermes-agent#71197). A name of hyphens alone
is refused, as codeowners-validator refuses `@-`.

Enterprise Managed Users are named `handle_shortcode` (GitHub Docs, "Username
considerations for external authentication"): the identity provider's name normalized to
letters, digits and single hyphens, neither first nor last; '_'; the enterprise's short
code of 3 to 8 letters or digits; 39 characters in all. The setup user `octo_admin` has
that shape too. hmarr/codeowners#25 and codeowners-validator#207 accept them likewise.

Teams are `@org/team-slug`, one '/'. GitHub makes the slug from the team's name the way
Rails' `parameterize` does: letters, digits, '_' and '-', other characters turned into
'-', no '-' first, last or doubled; so `.` never appears (GitHub rejects `@org/a.b` in
CODEOWNERS: github/docs#32812) and `_` stays (mineiros-io/terraform-github-repository#78).
Owners are compared without regard to case, as GitHub resolves them, so case is free."""

from __future__ import annotations

import re

MAX_LOGIN = 39
_LOGIN = r"(?=[A-Za-z0-9-]{1,39}(?:/|\Z))-*[A-Za-z0-9][A-Za-z0-9-]*"
_MANAGED = r"(?=[A-Za-z0-9_-]{5,39}\Z)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*_[A-Za-z0-9]{3,8}"
_SLUG = r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*"
USER = re.compile(rf"@(?:{_LOGIN}|{_MANAGED})\Z")
TEAM = re.compile(rf"@{_LOGIN}/{_SLUG}\Z")
NORMALIZED = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\Z")
SHORT_CODE = re.compile(r"[A-Za-z0-9]{3,8}\Z")
SLUG = re.compile(rf"{_SLUG}\Z")
LOGIN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
SLUG_FIX = "copy the slug from the address of the team's page"


def owner_problem(owner: str) -> str | None:
    """What makes `@name` or `@org/team` a name no GitHub account or team has, or None."""
    name = owner.removeprefix("@")
    if "/" in name:
        problem = team_problem(name)
        return None if problem is None else f"{owner!r} is not a GitHub team: {problem}"
    problem = user_problem(name)
    return None if problem is None else f"{owner!r} is not a GitHub username: {problem}"


def user_problem(name: str) -> str | None:
    """Why no GitHub account is named `name` (without '@'), or None if one may be."""
    if "_" in name:
        problem = _managed_problem(name)
        if problem is None and len(name) > MAX_LOGIN:
            problem = (f"it has {len(name)} characters, and GitHub allows {MAX_LOGIN}, the "
                       "'_' and short code of an Enterprise Managed User included")
        return problem
    return _login_problem(name, "GitHub usernames have only letters, digits and '-' (and "
                          "one '_' before an Enterprise Managed User's short code, as in "
                          "mona-cat_octo)")


def team_problem(name: str) -> str | None:
    """Why `org/team-slug` (without '@') names no GitHub team, or None if it may."""
    org, _, slug = name.partition("/")
    if "/" in slug:
        return ("GitHub names a team with one '/', @org/team-slug (a child team has a slug "
                "of its own)")
    problem = _login_problem(org, "organization names have only letters, digits and '-'")
    if problem is not None:
        return f"its organization {org!r} is not a GitHub name: {problem}"
    if not slug:
        return "it has no team slug after the '/'"
    bad = next((ch for ch in slug if ch not in LOGIN_CHARS and ch != "_"), None)
    if bad is not None:
        return (f"its slug has {bad!r}; team slugs have only letters, digits, '_' and '-', "
                f"since GitHub turns anything else in a team's name into '-': {SLUG_FIX}")
    if not SLUG.match(slug):
        where = ("starts with '-'" if slug.startswith("-") else "ends with '-'"
                 if slug.endswith("-") else "has '--'")
        return (f"its slug {where}, which no slug GitHub makes from a team's name does: "
                f"{SLUG_FIX}")
    return None


def _login_problem(name: str, allowed: str) -> str | None:
    bad = next((ch for ch in name if ch not in LOGIN_CHARS), None)
    if not name:
        return "it is empty"
    if bad is not None:
        return f"it has {bad!r}; {allowed}"
    if not name.strip("-"):
        return "it has no letter or digit"
    if len(name) > MAX_LOGIN:
        return f"it has {len(name)} characters, and GitHub allows {MAX_LOGIN}"
    return None


def _managed_problem(name: str) -> str | None:
    # GitHub only puts '_' in an Enterprise Managed User's name, before its short code.
    handle, _, code = name.partition("_")
    if "_" in code:
        return ("it has more than one '_'; only an Enterprise Managed User's name has one, "
                "before the enterprise's short code (mona-cat_octo)")
    if not NORMALIZED.match(handle):
        return (f"an Enterprise Managed User's name has the identity provider's name "
                f"before the '_' as GitHub normalizes it (letters and digits, single '-' "
                f"between them), and {handle!r} is not")
    if not SHORT_CODE.match(code):
        return (f"an Enterprise Managed User's name ends with '_' and the enterprise's "
                f"short code (3 to 8 letters or digits), and {code!r} is not one")
    return None
