"""Git's commit and tag objects, read from their raw bytes.

Moderation reads history that any employee may have written byte by byte (`git
hash-object --literally` makes objects git itself would never make), so nothing here
trusts a separator: objects arrive length-prefixed from `git cat-file --batch`, and a
malformed one is a `BadObject`, which callers turn into a finding."""

from __future__ import annotations

import re
from dataclasses import dataclass

SHA = re.compile(r"[0-9a-f]{40}\Z")
IDENT = re.compile(rb"(?P<name>[^<>\n]*?) ?<(?P<email>[^<>\n]*)> (?P<time>-?\d{1,20}) "
                   rb"(?P<tz>[-+]\d{4})\Z")
SIGNATURE = b"-----BEGIN SSH SIGNATURE-----"
PGP = b"-----BEGIN PGP SIGNATURE-----"


class BadObject(Exception):
    """A git object moderation cannot read; its message says what is wrong."""


@dataclass(frozen=True)
class Ident:
    name: str
    email: str  # lower-cased: e-mail addresses are compared without case
    time: int


@dataclass(frozen=True)
class Commit:
    sha: str
    tree: str
    parents: tuple[str, ...]
    author: Ident
    committer: Ident
    message: str
    signed: bool

    @property
    def title(self) -> str:
        return self.message.strip().split("\n", 1)[0] if self.message.strip() else self.sha[:10]


@dataclass(frozen=True)
class TagObject:
    sha: str
    target: str  # the object it points at
    target_type: str  # commit, tree, blob or tag
    name: str  # the name written inside the tag, which its ref must repeat
    tagger: Ident
    message: str  # without the signature
    signed: bool


def _text(data: bytes) -> str:
    # Undecodable bytes stay visible as surrogates, so display can escape them.
    return data.decode("utf-8", "surrogateescape")


def _headers(sha: str, data: bytes) -> tuple[dict[bytes, list[bytes]], bytes]:
    """Each header's values in order (continuation lines folded in), and the message."""
    head, _, message = data.partition(b"\n\n")
    headers: dict[bytes, list[bytes]] = {}
    last: list[bytes] | None = None
    for line in head.split(b"\n"):
        if line.startswith(b" ") and last is not None:  # a continuation (a signature's)
            last[-1] += b"\n" + line[1:]
        elif line:
            key, _, value = line.partition(b" ")
            last = headers.setdefault(key, [])
            last.append(value)
    return headers, message


def _ident(sha: str, what: str, value: bytes | None) -> Ident:
    match = IDENT.match(value or b"")
    if match is None:
        raise BadObject(f"{sha[:10]} has a malformed {what} line")
    return Ident(_text(match["name"]), _text(match["email"]).lower(), int(match["time"]))


def _one(sha: str, headers: dict[bytes, list[bytes]], key: bytes) -> bytes | None:
    values = headers.get(key, ())
    if len(values) > 1:
        raise BadObject(f"{sha[:10]} has {len(values)} {key.decode()} lines")
    return values[0] if values else None


def parse_commit(sha: str, data: bytes) -> Commit:
    headers, message = _headers(sha, data)
    tree = _text(_one(sha, headers, b"tree") or b"")
    parents = tuple(_text(v) for v in headers.get(b"parent", ()))
    if not SHA.match(tree) or not all(SHA.match(p) for p in parents):
        raise BadObject(f"{sha[:10]} has a malformed tree or parent line")
    return Commit(sha, tree, parents, _ident(sha, "author", _one(sha, headers, b"author")),
                  _ident(sha, "committer", _one(sha, headers, b"committer")),
                  _text(message), _one(sha, headers, b"gpgsig") is not None)


def parse_tag(sha: str, data: bytes) -> TagObject:
    headers, body = _headers(sha, data)
    target = _text(_one(sha, headers, b"object") or b"")
    kind = _text(_one(sha, headers, b"type") or b"")
    if not SHA.match(target) or kind not in ("commit", "tree", "blob", "tag"):
        raise BadObject(f"{sha[:10]} has a malformed object or type line")
    signed = SIGNATURE in body or PGP in body
    message = body.split(SIGNATURE, 1)[0].split(PGP, 1)[0]
    return TagObject(sha, target, kind, _text(_one(sha, headers, b"tag") or b""),
                     _ident(sha, "tagger", _one(sha, headers, b"tagger")),
                     _text(message).strip(), signed)
