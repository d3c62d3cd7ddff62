"""The org chart (org.yml): who belongs where and who owns which section."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from intranet.config.fields import Reader, read_config
from intranet.config.orgcheck import cross_check
from intranet.config.profile import KEYS as PROFILE_KEYS
from intranet.config.profile import Link, read_profile
from intranet.config.yaml import read as yamlread
from intranet.config.yaml.read import Map, Node, Scalar
from intranet.errors import IntranetError

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
# org.yml does not say which forge the company uses, so here names only need the
# characters some forge allows (GitHub's, and GitLab's '.' and nested groups); `intranet
# codeowners`, which writes for one forge, holds them to its exact rules
# (codeowners_names) and points back here.
FORGE = re.compile(r"@?[A-Za-z0-9_.-]+\Z")
TEAM = re.compile(r"@[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+\Z")
SSH_KEY = re.compile(r"(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com)"
                     r" [A-Za-z0-9+/=]+( .*)?\Z")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")


At = tuple[int, int]  # (line, column) of a value in org.yml


@dataclass(frozen=True)
class Person:
    handle: str
    name: str
    title: str
    department: str
    email: str
    forge: str
    line: int
    ssh_key: str = ""  # public key that signs this person's approvals, if signing is on
    forge_at: At = (0, 0)  # where `forge` is written, for findings about it
    # What their profile shows besides (profile.py): all optional.
    bio: str = ""
    location: str = ""
    manager: str = ""  # a handle
    team: str = ""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    description: str
    heads: tuple[str, ...]
    deputies: tuple[str, ...]
    line: int
    paths: tuple[str, ...] = ()  # more repository paths the department owns
    team: str = ""  # a forge team (@org/team) that stands for its owners, if any
    team_at: At = (0, 0)

    @property
    def owners(self) -> tuple[str, ...]:
        return self.heads + tuple(d for d in self.deputies if d not in self.heads)


@dataclass(frozen=True)
class Org:
    path: str
    company: str
    platform_name: str
    platform_department: str
    platform_team: str
    departments: tuple[Department, ...]
    people: tuple[Person, ...]
    platform_team_at: At = (0, 0)

    def person(self, handle: str) -> Person | None:
        return next((p for p in self.people if p.handle == handle), None)

    def department(self, dept_id: str) -> Department | None:
        return next((d for d in self.departments if d.id == dept_id), None)

    def by_email(self, email: str) -> Person | None:
        return next((p for p in self.people if p.email.lower() == email.lower()), None)

    @property
    def signing(self) -> bool:
        """Approvals must be signed once anyone's signing key is on record."""
        return any(p.ssh_key for p in self.people)

    def members(self, dept_id: str) -> tuple[Person, ...]:
        return tuple(p for p in self.people if p.department == dept_id)

    @property
    def platform_owners(self) -> tuple[str, ...]:
        dept = self.department(self.platform_department)
        return dept.owners if dept else ()


def load_org(path: Path, display: str = "org.yml") -> Org:
    """Read and validate org.yml; raises IntranetError listing every problem found."""
    return parse_org(read_config(path, display, "org", "org chart"), display)


def parse_org(text: str, display: str = "org.yml") -> Org:
    """Validate org.yml's text (e.g. as a commit holds it)."""
    reader = Reader(display, "org")
    root = reader.want(yamlread.load(text, display), Map, "org.yml")
    if root is None:
        raise IntranetError(reader.findings)
    org = _read(reader, root)
    cross_check(reader, {d.id for d in org.departments}, {p.handle for p in org.people}, root)
    if reader.findings:
        raise IntranetError(sorted(reader.findings))
    return org


def _read(reader: Reader, root: Map) -> Org:
    reader.keys(root, ("company", "platform", "departments", "people"), (), "org.yml")
    platform = reader.want(root.get("platform"), Map, "'platform'", root.line)
    team: tuple[str, At] = ("", (0, 0))
    if platform is not None:
        reader.keys(platform, ("name", "department"), ("team",), "'platform'")
        team = _team(reader, platform)
    return Org(
        path=reader.path,
        company=reader.text(root, "company", "org.yml"),
        platform_name=reader.text(platform, "name", "'platform'") if platform else "",
        platform_department=reader.text(platform, "department", "'platform'") if platform else "",
        platform_team=team[0],
        departments=tuple(_department(reader, m) for m in reader.entries(root, "departments",
                                                                          "org.yml")),
        people=tuple(_person(reader, m) for m in reader.entries(root, "people", "org.yml")),
        platform_team_at=team[1],
    )


def _department(reader: Reader, node: Map) -> Department:
    what = "a department"
    reader.keys(node, ("id", "name", "description", "heads"), ("deputies", "paths", "team"),
                what)
    dept_id = reader.text(node, "id", what)
    _slug(reader, node, "id", dept_id, "department id")
    team, team_at = _team(reader, node)
    return Department(
        dept_id, reader.text(node, "name", what), reader.text(node, "description", what),
        _handles(reader.texts(node, "heads", what)),
        _handles(reader.texts(node, "deputies", what)), node.line,
        _handles(reader.texts(node, "paths", what)), team, team_at,
    )


def _team(reader: Reader, node: Map) -> tuple[str, At]:
    team = reader.text(node, "team", "the entry")
    if team and not TEAM.match(team):
        reader.add(node.get("team"), "schema", f"team {team!r} must look like @org/team-slug "
                   "(GitHub) or @group/subgroup (GitLab)")
    return team, _at(node.get("team"))


def _at(node: Node | None) -> At:
    return (node.line, node.column) if node is not None else (0, 0)


def _person(reader: Reader, node: Map) -> Person:
    what = "a person"
    reader.keys(node, ("handle", "name", "title", "department", "email", "forge"),
                ("ssh_key", *PROFILE_KEYS), what)
    handle = reader.text(node, "handle", what)
    _slug(reader, node, "handle", handle, "handle")
    email = reader.text(node, "email", what)
    if email and not EMAIL.match(email):
        reader.add(node.get("email"), "schema", f"{email!r} is not an e-mail address")
    forge = reader.text(node, "forge", what)
    if forge and not FORGE.match(forge):
        bad = next((ch for ch in forge.removeprefix("@") if not FORGE.match(ch)), "")
        what_is_wrong = f"has {bad!r}, which no forge allows in a username" if bad else \
            "has no name after '@'"
        reader.add(node.get("forge"), "schema", f"forge {forge!r} {what_is_wrong}; write "
                   "the person's username on GitHub or GitLab (letters, digits, '-', '_' "
                   "and '.'), e.g. `forge: octocat`")
    profile = read_profile(reader, node)
    return Person(handle, reader.text(node, "name", what), reader.text(node, "title", what),
                  reader.text(node, "department", what), email, forge, node.line,
                  _ssh_key(reader, node), _at(node.get("forge")), bio=profile.bio,
                  location=profile.location, manager=profile.manager, team=profile.team,
                  links=profile.links)


def _ssh_key(reader: Reader, node: Map) -> str:
    key = reader.text(node, "ssh_key", "a person")
    if key and not SSH_KEY.match(key):
        reader.add(node.get("ssh_key"), "schema", "ssh_key must be a public key line such as "
                   "`ssh-ed25519 AAAA... name@example`; paste the .pub file's contents")
    return key


def _slug(reader: Reader, node: Map, key: str, value: str, what: str) -> None:
    if value and not SLUG.match(value):
        reader.add(node.get(key), "schema", f"{what} {value!r} must be lower-case letters, "
                   "digits and dashes (it becomes a folder name and a URL)")


def _handles(items: tuple[Scalar, ...]) -> tuple[str, ...]:
    return tuple(i.value for i in items)
