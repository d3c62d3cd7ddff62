"""Approvals and rejections, recorded in git as annotated tags on the exact commit that
was reviewed (signed with the reviewer's SSH key when signing is on). A later push to
the branch is a new tip, so an old approval never covers new content."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from intranet.git import Git, Tag
from intranet.org import Org, Person
from intranet.review import Rules, Submission, authored_by

PREFIX = "intranet/"
KINDS = ("approved", "rejected")


@dataclass(frozen=True)
class Decision:
    kind: str  # approved or rejected
    tip: str
    handle: str
    tag: Tag

    @property
    def reason(self) -> str:
        lines = [ln for ln in self.tag.message.splitlines() if ln.startswith("Reason: ")]
        return lines[0].removeprefix("Reason: ") if lines else ""


def tag_name(kind: str, tip: str, handle: str) -> str:
    return f"{PREFIX}{kind}/{tip}/{handle}"


def decisions(tags: Iterable[Tag]) -> list[Decision]:
    found = []
    for tag in tags:
        parts = tag.name.split("/")
        if len(parts) == 4 and parts[1] in KINDS and parts[2] == tag.target:
            found.append(Decision(parts[1], parts[2], parts[3], tag))
    return found


def trailer(person: Person) -> str:
    return f"{person.name} <{person.email}>"


@dataclass(frozen=True)
class Verdict:
    approvers: tuple[str, ...]  # handles whose approval counts
    problems: tuple[str, ...]  # why the others do not


def judge(g: Git, rules: Rules, sub: Submission, found: Iterable[Decision]) -> Verdict:
    """Which approvals of the submission's tip count under `rules`, and why others do not."""
    authors = authored_by(rules.org, sub)
    approvers: list[str] = []
    problems: list[str] = []
    with Signers(rules.org) as signers:
        for decision in found:
            if decision.kind != "approved" or decision.tip != sub.tip:
                continue
            problem = _problem(g, rules.org, decision, authors, signers)
            if problem:
                problems.append(problem)
            elif decision.handle not in approvers:
                approvers.append(decision.handle)
    return Verdict(tuple(approvers), tuple(problems))


def _problem(g: Git, org: Org, decision: Decision, authors: set[str],
             signers: Signers) -> str:
    person = org.person(decision.handle)
    if person is None:
        return f"approval by {decision.handle!r}, who is not in org.yml"
    if decision.tag.tagger_email != person.email.lower():
        return (f"approval in {person.name}'s name recorded by "
                f"{decision.tag.tagger_email or 'nobody'}")
    if decision.handle in authors:
        return f"self-approval: {person.name} wrote a commit of the post"
    if org.signing:
        if not decision.tag.signed:
            return f"approval by {person.name} is not signed, and signing is on"
        if g.verify_tag(decision.tag.sha, signers.path) != person.email:
            return f"bad signature on the approval by {person.name}"
    return ""


class Signers:
    """git's allowed-signers file for the org's keys, for as long as it is needed."""

    def __init__(self, org: Org) -> None:
        self.lines = [f'{p.email} namespaces="git" {p.ssh_key}\n' for p in org.people
                      if p.ssh_key]
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        self.path = Path()

    def __enter__(self) -> Signers:
        if self.lines:
            self._dir = tempfile.TemporaryDirectory(prefix="intranet-signers-")
            self.path = Path(self._dir.name) / "allowed_signers"
            self.path.write_text("".join(self.lines), encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._dir is not None:
            self._dir.cleanup()
