"""Steps every moderation command shares: find the target branch, know who is acting,
and run the policy check on exactly what was submitted."""

from __future__ import annotations

from intranet.checker import PREFIX, Report, check_tree
from intranet.errors import IntranetError, error
from intranet.git import REMOTE, Git
from intranet.meta import Context
from intranet.org import Org, Person
from intranet.review import MAIN, Rules, Submission


def fail(rule: str, message: str, where: str = "intranet") -> IntranetError:
    return IntranetError([error(where, 0, 0, rule, message)])


def target(g: Git) -> str:
    """The remote's main as last fetched; a clone without a remote uses its own main."""
    tip = g.rev(f"{REMOTE}/{MAIN}") or g.rev(MAIN)
    if tip is None:
        raise fail("git-ref", f"there is no {MAIN} branch here; clone the intranet first")
    return tip


def acting_as(g: Git, org: Org, handle: str) -> Person:
    """The person named by --as, who must also be the one running git: a name in a
    command line is only a claim, and an approval must be made by its approver."""
    person = org.person(handle)
    if person is None:
        raise fail("review-person", f"{handle!r} is not a handle in org.yml")
    email = g.config("user.email").lower()
    if email != person.email.lower():
        raise fail("review-identity", f"git here is set up for {email or 'nobody'}, not "
                   f"{person.name} <{person.email}>; approve from your own clone")
    return person


def content_of(sub: Submission) -> list[tuple[str, str]]:
    """The (commit, path) pairs of the submitted content, for Git.read_many."""
    return [(sub.tip, path) for path in sub.files if path.startswith(PREFIX)]


def policy_check(g: Git, rules: Rules, sub: Submission,
                 blobs: dict[tuple[str, str], bytes | None] | None = None) -> Report:
    """The policy check of the submission's content, by the target branch's policy: a
    submission cannot loosen the rules it is judged by."""
    ctx = Context(rules.policy, rules.org, changed=True)
    if blobs is None:
        blobs = g.read_many(content_of(sub))
    files = [(path.removeprefix(PREFIX), b"" if path in sub.links else data, path in sub.links)
             for (_, path) in content_of(sub) if (data := blobs.get((sub.tip, path))) is not None]
    return check_tree(files, ctx)
