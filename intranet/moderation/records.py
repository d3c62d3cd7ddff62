"""Moderation records: approvals and rejections, kept in git as annotated tags
`intranet/<approved|rejected>/<commit>/<handle>` on the exact commit reviewed (signed with
the reviewer's SSH key when signing is on). A later push to the branch is a new commit,
so a record never covers content its reviewer did not see.

A tag is a claim anyone could make. A record counts only if its name, the object it
points at, the name written inside it and its tagger all agree, and (with signing on) the
reviewer's listed key signed it; everything else is reported, never silently used."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from intranet.config.org import Org, Person
from intranet.git import Git
from intranet.gitobjects import BadObject, TagObject
from intranet.moderation.authors import Authors
from intranet.moderation.review import Group, Rules

REFS = "refs/tags/intranet/"
KINDS = ("approved", "rejected")
NAME = re.compile(r"refs/tags/intranet/(approved|rejected)/([0-9a-f]{40})/([a-z0-9][a-z0-9-]*)\Z")
WHAT = {"approved": "approval", "rejected": "rejection"}


@dataclass(frozen=True)
class Record:
    kind: str  # approved or rejected
    tip: str
    handle: str
    ref: str
    tag: TagObject

    @property
    def what(self) -> str:
        return WHAT[self.kind]

    @property
    def reason(self) -> str:
        lines = [ln for ln in self.tag.message.splitlines() if ln.startswith("Reason: ")]
        return lines[0].removeprefix("Reason: ") if lines else ""


@dataclass(frozen=True)
class Unreadable:
    """A ref under refs/tags/intranet/ that is no record: it never counts."""

    ref: str
    problem: str


def ref_name(kind: str, tip: str, handle: str) -> str:
    return f"{REFS}{kind}/{tip}/{handle}"


def trailer(person: Person) -> str:
    return f"{person.name} <{person.email}>"


def load_records(g: Git, prefix: str = REFS) -> tuple[list[Record], list[Unreadable]]:
    return read_records(g, g.refs(prefix))


def records_on(g: Git, tip: str) -> list[Record]:
    """The records on one commit: approvals and rejections (unreadable ones left out)."""
    return [r for kind in KINDS for r in load_records(g, f"{REFS}{kind}/{tip}/")[0]]


def rejection(org: Org, record: Record) -> str:
    person = org.person(record.handle)
    who = person.name if person else record.handle
    reason = record.reason.rstrip(".") or "no reason given"
    return f"{who} rejected this version: {reason}. The author must push a new version first"


def read_records(g: Git, refs: Iterable[tuple[str, str, str]]
                 ) -> tuple[list[Record], list[Unreadable]]:
    """Records from (refname, object, object type) triples, and why the others are not."""
    named: list[tuple[str, str]] = []
    bad: list[Unreadable] = []
    for ref, sha, kind in refs:
        if NAME.match(ref) is None:
            bad.append(Unreadable(ref, "is not a record's name: records are "
                                  "intranet/<approved|rejected>/<full commit id>/<handle>"))
        elif kind != "tag":
            bad.append(Unreadable(ref, f"is a lightweight tag (a {kind}); records are annotated "
                                  "tags, made by `intranet approve` or `intranet reject`"))
        else:
            named.append((ref, sha))
    objects = g.tag_objects(sha for _, sha in named)
    records: list[Record] = []
    for ref, sha in named:
        found = _record(ref, objects[sha])
        if isinstance(found, Record):
            records.append(found)
        else:
            bad.append(found)
    return records, bad


def _record(ref: str, tag: TagObject | BadObject) -> Record | Unreadable:
    if isinstance(tag, BadObject):
        return Unreadable(ref, f"cannot be read: {tag}")
    match = NAME.match(ref)
    assert match is not None  # checked by the caller
    kind, tip, handle = match.groups()
    if tag.target_type != "commit" or tag.target != tip:
        return Unreadable(ref, f"points at {tag.target_type} {tag.target[:10]}, not at commit "
                          f"{tip[:10]} that its name gives")
    if tag.name != ref.removeprefix("refs/tags/"):
        return Unreadable(ref, "was made under another name (it says "
                          f"{tag.name[:120]!r}); a record cannot be renamed")
    return Record(kind, tip, handle, ref, tag)


@dataclass(frozen=True)
class Verdict:
    approvers: tuple[str, ...]  # handles whose approvals count
    rejections: tuple[Record, ...]  # rejections that count
    problems: tuple[tuple[str, str], ...]  # (kind, why) for the records that do not


def judge(g: Git, rules: Rules, need: list[Group], authors: Authors,
          records: Iterable[Record], *, signers: Signers) -> Verdict:
    """Which records of one submission count under `rules`, and why the others do not."""
    approvers: list[str] = []
    rejections: list[Record] = []
    problems: list[tuple[str, str]] = []
    for record in records:
        problem = problem_with(g, rules.org, record, signers)
        person = rules.org.person(record.handle)
        if problem is None and person is not None:
            if record.handle in authors.handles:
                problem = ("self", f"self-{record.what}: {person.name} is one of its authors")
            elif not any(record.handle in group.handles for group in need):
                problem = ("owner", f"{record.what} by {person.name}, who owns none of its "
                           "files")
        if problem is not None:
            problems.append(problem)
        elif record.kind == "rejected":
            rejections.append(record)
        elif record.handle not in approvers:
            approvers.append(record.handle)
    return Verdict(tuple(approvers), tuple(rejections), tuple(problems))


def problem_with(g: Git, org: Org, record: Record, signers: Signers) -> tuple[str, str] | None:
    """Why a record is not its reviewer's own, or None: (kind, message)."""
    person = org.person(record.handle)
    if person is None:
        return ("record", f"{record.what} by {record.handle!r}, who is not in org.yml")
    if record.tag.tagger.email != person.email.lower():
        return ("record", f"{record.what} in {person.name}'s name recorded by "
                f"{record.tag.tagger.email or 'nobody'}")
    if org.signing:
        if not record.tag.signed:
            return ("signature", f"{record.what} by {person.name} is not signed, and signing "
                    "is on")
        if g.verify_tag(record.tag.sha, signers.path) != person.email:
            return ("signature", f"bad signature on the {record.what} by {person.name}")
    return None


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
