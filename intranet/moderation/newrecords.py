"""Records pushed to the shared repository, checked before they are accepted: each must
be well-formed (see records.py), made by its named reviewer (signed by their listed key
when signing is on; pushed by them when the server names the pusher), by an owner of
what it judges who is not one of its authors, and about a commit main does not hold."""

from __future__ import annotations

import os
from dataclasses import dataclass

from intranet.config.org import Org, Person
from intranet.errors import Finding, error
from intranet.git import Git
from intranet.moderation.records import Record, Signers, problem_with, read_records
from intranet.moderation.review import Rules, groups
from intranet.moderation.submission import load


@dataclass(frozen=True)
class Pusher:
    """Who the git server says is pushing, when it authenticates pushers."""

    variable: str  # the environment variable the server sets, e.g. GL_USER
    value: str

    @classmethod
    def from_environment(cls) -> Pusher | None:
        variable = os.environ.get("INTRANET_PUSHER_ENV", "")
        return cls(variable, os.environ.get(variable, "").strip()) if variable else None

    def person(self, org: Org) -> Person | None:
        wanted = self.value.lower()
        return next((p for p in org.people if wanted and wanted in (
            p.handle.lower(), p.forge.lower(), p.email.lower())), None)


def check_records(g: Git, rules: Rules, pushed: list[tuple[str, str]],
                  pusher: Pusher | None) -> tuple[list[Record], list[Finding]]:
    """The pushed records (ref, tag object) that may be accepted, and why the rest may
    not; every record is judged against main as it is before the push."""
    kinds = g.sizes(sha for _, sha in pushed)
    records, bad = read_records(g, [(ref, sha, (kinds.get(sha) or ("missing", 0))[0])
                                    for ref, sha in pushed])
    refused = [_refuse(u.ref, f"{u.ref.removeprefix('refs/tags/')} {u.problem}") for u in bad]
    good = []
    with Signers(rules.org) as signers:
        for record in records:
            why = _why_not(g, rules, record, pusher, signers)
            if why:
                refused.append(_refuse(record.ref, why))
            else:
                good.append(record)
    return good, refused


def _refuse(ref: str, why: str) -> Finding:
    return error(ref.removeprefix("refs/tags/"), 0, 0, "hook-record", why)


def _why_not(g: Git, rules: Rules, record: Record, pusher: Pusher | None,
             signers: Signers) -> str:
    problem = problem_with(g, rules.org, record, signers)
    if problem is not None:
        return problem[1]
    person = rules.org.person(record.handle)
    assert person is not None  # problem_with checked it
    return _not_pushed_by(rules.org, person, record, pusher) or _not_judging(
        g, rules, person, record)


def _not_pushed_by(org: Org, person: Person, record: Record, pusher: Pusher | None) -> str:
    if pusher is None:
        return ""
    pushing = pusher.person(org)
    if pushing is None:
        return (f"the server names the pusher {pusher.value or 'nobody'!r} (${pusher.variable}),"
                " who is nobody in org.yml; a record must be pushed by its reviewer")
    if pushing.handle != person.handle:
        return (f"{record.what} in {person.name}'s name pushed by {pushing.name}; a record "
                "must be pushed by its reviewer")
    return ""


def _not_judging(g: Git, rules: Rules, person: Person, record: Record) -> str:
    """Why the reviewer may not decide on the record's commit, or ""."""
    sub = None if g.is_ancestor(record.tip, rules.commit) else load(
        g, rules, {"submission": record.tip})["submission"]
    if sub is None:
        return f"{record.tip[:10]} is already on main; there is nothing left to decide"
    if record.handle in sub.authors.handles:
        return f"self-{record.what}: {person.name} is one of the authors of {record.tip[:10]}"
    if not any(record.handle in grp.handles for grp in groups(rules, sub.files)):
        return (f"{record.what} by {person.name}, who owns none of the files "
                f"{record.tip[:10]} changes")
    return ""
