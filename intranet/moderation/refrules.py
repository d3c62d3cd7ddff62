"""Which refs the shared repository accepts. git resolves a short name by looking in
refs/, refs/tags/, refs/heads/ and refs/remotes/ in that order, so a tag called `main`,
a branch called `origin/main` (a clone fetches it as refs/remotes/origin/origin/main,
but a tag of that name is found before the real one) or a case variant such as `Main`
would let a tool, or a person, read the wrong history as main."""

from __future__ import annotations

import re

from intranet.moderation.records import REFS
from intranet.moderation.review import MAIN, MAIN_REF

ZERO = "0" * 40
SPACES = ("refs/heads/", "refs/tags/")
IMITATED = {"main", "master", "head", "fetch_head", "orig_head", "origin", "@"}
PREFIXES = ("origin/", "refs/", "heads/", "tags/", "remotes/")
POST_BRANCH = "refs/heads/post/"
# What `intranet new` and `intranet reply` name branches with. A submission's name is
# printed in queues, mails and commands people copy: nothing in it may mean anything to
# a shell or a terminal.
SAFE_NAME = re.compile(r"post/[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*\Z")


def ref_problem(ref: str, old: str, new: str) -> tuple[str, str] | None:
    """(rule, why) when the shared repository must refuse this ref update."""
    if ref == MAIN_REF:
        if new == ZERO:
            return ("hook-main", f"{MAIN} may not be deleted")
        return None
    if not ref.startswith(SPACES):
        return ("hook-ref", f"{ref}: only branches (refs/heads/) and tags (refs/tags/) may be "
                "pushed here")
    name = ref.split("/", 2)[2]
    problem = _name_problem(ref, name, new)
    if problem:
        return ("hook-ref-name", problem)
    if ref.startswith(REFS) and old != ZERO:
        what = "deleted" if new == ZERO else "moved"
        return ("hook-record", f"{ref}: moderation records are append-only and may not be "
                f"{what}; a new decision is a new record on a new commit")
    return None


def _name_problem(ref: str, name: str, new: str) -> str:
    lower = name.lower()
    if lower in IMITATED or lower.startswith(PREFIXES) or lower.endswith("/head"):
        return (f"{ref}: the name imitates {MAIN} or a remote's branch, so it could be read "
                "in its place; name branches post/<department>/<name>")
    if ref.startswith(POST_BRANCH) and new != ZERO and not SAFE_NAME.match(name):
        return (f"{ref}: a submission's branch is named with lower-case a-z, 0-9, '.', '_' "
                "and '-' between slashes, as `intranet new` names it; push it under such a "
                "name")
    return ""
