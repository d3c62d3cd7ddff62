"""The content policy (policy.yml), read once into an immutable record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import re2

from intranet.config.fields import Reader, read_config
from intranet.config.yaml import read as yamlread
from intranet.config.yaml.read import Map, Scalar
from intranet.errors import IntranetError

ACTIONS = {"block": "error", "warn": "warning"}
SHA = re.compile(r"[0-9a-f]{40}")
OPTIONAL_LIMITS = ("reply_bytes", "submission_files", "line_chars", "run_chars", "nesting",
                   "openers", "unclosed_tags", "abbreviations")
# The photo types whose bytes the check knows (policy/photos.py); never SVG, which can
# carry script.
PHOTO_TYPES = ("png", "jpg", "jpeg", "webp", "gif")
PHOTO_BYTES = 262144  # without a `people:` section in policy.yml
PHOTO_DEFAULT = frozenset({"png", "jpg", "webp"})
HOST = re.compile(r"(?=.{1,253}\Z)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
                  r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


@dataclass(frozen=True)
class Watch:
    id: str
    regex: Any  # an RE2 pattern: linear time, so no policy regex can hang a check
    luhn: bool
    severity: str  # "error" blocks publication; "warning" asks for a second look
    message: str


@dataclass(frozen=True)
class Policy:
    current: str
    accepted: tuple[str, ...]
    classifications: tuple[str, ...]
    elsewhere: str
    tags: frozenset[str]
    title_chars: int
    post_bytes: int
    images: frozenset[str]
    placeholders: tuple[re.Pattern[str], ...]
    watched: tuple[Watch, ...]
    watch_any: Any  # one RE2 pattern for all watches: most texts match none
    require_audit: bool = False  # publish only posts whose arrival on main passes the audit
    # The last commit of main from before moderation started ("" : not started yet); the
    # audit judges every commit after it, and reports the ones before as history.
    moderation_since: str = ""
    reply_bytes: int = 16384  # a reply is a message, not an article: longer is a post
    submission_files: int = 1000  # a submission changing more files cannot be reviewed
    # Bounds that keep rendering fast (intranet/limits.py): a longer line, a longer run of
    # one marker, deeper nesting, or more `[`/`<` in one paragraph is refused.
    line_chars: int = 5000
    run_chars: int = 100
    nesting: int = 12
    openers: int = 120
    unclosed_tags: int = 100
    abbreviations: int = 50
    # Hosts whose images and media a post may embed: each reader's browser would fetch
    # them when the page opens. Empty: nothing is loaded from outside the intranet.
    remote_hosts: frozenset[str] = frozenset()
    # A person's photo, content/people/<handle>.<type>: how large, and of which types.
    photo_bytes: int = PHOTO_BYTES
    photo_types: frozenset[str] = PHOTO_DEFAULT


def load_policy(path: Path, display: str = "policy.yml") -> Policy:
    """Read and validate policy.yml; raises IntranetError listing every problem."""
    return parse_policy(read_config(path, display, "policy", "content policy"), display)


def parse_policy(text: str, display: str = "policy.yml") -> Policy:
    """Validate policy.yml's text (e.g. as a commit holds it)."""
    reader = Reader(display, "policy")
    root = reader.want(yamlread.load(text, display), Map, "policy.yml")
    policy = _read(reader, root) if root else None
    if reader.findings or policy is None:
        raise IntranetError(reader.findings)
    return policy


def _read(reader: Reader, root: Map) -> Policy:
    reader.keys(root, ("current", "accepted", "classification", "tags", "limits", "images",
                       "secrets", "watched"), ("publish", "moderation", "remote", "people"),
                "policy.yml")
    current = reader.text(root, "current", "policy.yml")
    accepted = tuple(s.value for s in reader.texts(root, "accepted", "policy.yml"))
    if current and current not in accepted:
        reader.add(root.get("current"), "version", f"current version {current!r} must also "
                   "be listed in 'accepted'")
    classes = _section(reader, root, "classification", ("allowed", "elsewhere"))
    limits = _section(reader, root, "limits", ("title_chars", "post_bytes"), OPTIONAL_LIMITS)
    secrets = _section(reader, root, "secrets", ("placeholders",))
    photos = _photos(reader, root)
    watched = tuple(w for w in (_watch(reader, m) for m in
                                reader.entries(root, "watched", "policy.yml")) if w)
    return Policy(
        current=current, accepted=accepted,
        classifications=tuple(s.value for s in reader.texts(classes, "allowed", "classification")),
        elsewhere=reader.text(classes, "elsewhere", "classification"),
        tags=frozenset(s.value for s in reader.texts(root, "tags", "policy.yml")),
        title_chars=_number(reader, limits, "title_chars"),
        post_bytes=_number(reader, limits, "post_bytes"),
        images=frozenset(s.value.lower() for s in reader.texts(root, "images", "policy.yml")),
        placeholders=tuple(r for r in (_regex(reader, s, s.value) for s in
                                       reader.texts(secrets, "placeholders", "secrets")) if r),
        watched=watched,
        require_audit=_publish(reader, root),
        moderation_since=_since(reader, root),
        remote_hosts=_hosts(reader, root),
        photo_bytes=photos[0], photo_types=photos[1],
        **{key: _number(reader, limits, key) for key in OPTIONAL_LIMITS if limits.get(key)},
        watch_any=re2.compile("|".join(f"(?:{w.regex.pattern})" for w in watched) or "$^"),
    )


def _publish(reader: Reader, root: Map) -> bool:
    if root.get("publish") is None:
        return False
    node = _section(reader, root, "publish", ("require_audit",))
    value = node.get("require_audit")
    if not isinstance(value, Scalar) or value.value not in ("true", "false"):
        reader.add(value or node, "schema", "require_audit must be true or false")
        return False
    if value.value == "true" and not _since(Reader(reader.path, "policy"), root):
        reader.add(value, "schema", "require_audit needs moderation.since: the audit judges "
                   "only what came after it; set it, or set require_audit: false")
    return value.value == "true"


def _photos(reader: Reader, root: Map) -> tuple[int, frozenset[str]]:
    """people: photo_bytes and photo_types, each optional."""
    size, types = PHOTO_BYTES, PHOTO_DEFAULT
    if root.get("people") is None:
        return size, types
    node = _section(reader, root, "people", (), ("photo_bytes", "photo_types"))
    if node.get("photo_bytes") is not None:
        size = _number(reader, node, "photo_bytes")
    if node.get("photo_types") is not None:
        images = {s.value.lower() for s in reader.texts(root, "images", "policy.yml")}
        listed = reader.texts(node, "photo_types", "'people'")
        for kind in listed:
            if kind.value.lower() not in PHOTO_TYPES:
                reader.add(kind, "schema", f"photo type {kind.value!r} is not one the check "
                           f"can verify; use {', '.join(PHOTO_TYPES)} (never svg: an SVG "
                           "can carry script)")
            elif kind.value.lower() not in images:
                reader.add(kind, "schema", f"photo type {kind.value!r} must also be listed "
                           "in 'images', or no file of it may live under content/")
        types = frozenset(k.value.lower() for k in listed)
    return size, types


def _hosts(reader: Reader, root: Map) -> frozenset[str]:
    if root.get("remote") is None:
        return frozenset()
    node = _section(reader, root, "remote", ("allow",))
    hosts = set()
    for host in reader.texts(node, "allow", "'remote'"):
        if not HOST.fullmatch(host.value):
            reader.add(host, "schema", f"{host.value!r} is not a host name; write it as "
                       "images.example.com, without a scheme, path or port")
        hosts.add(host.value.lower())
    return frozenset(hosts)


def _since(reader: Reader, root: Map) -> str:
    if root.get("moderation") is None:
        return ""
    node = _section(reader, root, "moderation", (), ("since",))
    since = reader.text(node, "since", "'moderation'")
    if since and not SHA.fullmatch(since):
        reader.add(node.get("since"), "schema", "since must be the full 40-character id of "
                   "a commit of main (`git rev-parse origin/main`), or \"\" before moderation "
                   "starts")
        return ""
    return since


def _section(reader: Reader, root: Map, key: str, keys: tuple[str, ...],
             optional: tuple[str, ...] = ()) -> Map:
    node = reader.want(root.get(key), Map, f"{key!r}", root.line)
    if node is None:
        return Map((), root.line, 1)
    reader.keys(node, keys, optional, f"{key!r}")
    return node


def _number(reader: Reader, node: Map, key: str) -> int:
    value = reader.text(node, key, "'limits'")
    if value.isdigit() and int(value) > 0:
        return int(value)
    reader.add(node.get(key), "schema", f"{key} must be a whole number above zero", node.line)
    return 0


def _watch(reader: Reader, node: Map) -> Watch | None:
    what = "a watched entry"
    reader.keys(node, ("id", "action", "message"), ("pattern", "words", "luhn"), what)
    words = reader.texts(node, "words", what)
    pattern = reader.text(node, "pattern", what)
    if bool(words) == bool(pattern):
        reader.add(node, "schema", "a watched entry needs either 'pattern' or 'words'")
        return None
    source = pattern or r"(?i)\b(?:" + "|".join(re.escape(w.value) for w in words) + r")\b"
    regex = _re2(reader, node.get("pattern") or node.get("words"), source)
    action = node.get("action")
    if not isinstance(action, Scalar) or action.value not in ACTIONS:
        reader.add(action or node, "schema", "action must be block or warn")
        return None
    luhn = node.get("luhn")
    return Watch(reader.text(node, "id", what), regex, isinstance(luhn, Scalar) and
                 luhn.value == "true", ACTIONS[action.value], reader.text(node, "message", what)
                 ) if regex else None


def _regex(reader: Reader, at: yamlread.Node | None, source: str) -> re.Pattern[str] | None:
    try:
        return re.compile(source)
    except re.error as exc:
        reader.add(at, "regex", f"invalid regular expression: {exc}; fix the pattern")
        return None


def _re2(reader: Reader, at: yamlread.Node | None, source: str) -> Any:
    try:
        return re2.compile(source)
    except re2.error as exc:
        reader.add(at, "regex", f"invalid regular expression for RE2 ({exc}); RE2 has no "
                   "look-around or back-references: rewrite the pattern without them")
        return None
