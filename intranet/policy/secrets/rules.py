"""The regular expressions behind intranet.policy.secrets.scan: the prefilter that keeps
plain prose away from detect-secrets, and our own rules for what detect-secrets 1.5.0 misses.

The prefilter must never hide a line that a detect-secrets plugin would flag, so every
anchor (intranet.policy.secrets.guard) is derived from a plugin's own pattern
(detect_secrets/plugins/*.py) and matches whenever that pattern does; it may match more.
Its anchors begin with a literal character that is rare in prose, which lets the regex
engine skip quickly over ordinary text; most texts never get that far, since the RE2 guard
(might_hold_secret) finds nothing in them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

from detect_secrets.plugins.basic_auth import RESERVED_CHARACTERS, SUB_DELIMITER_CHARACTERS
from detect_secrets.plugins.keyword import DENYLIST

from intranet.policy.secrets.guard import (
    FOLDS,
    PLUGIN_ANCHORS,
    RULE_ANCHORS,
    STEMS,
    keyword_anchors,
    might_hold_secret,
)

_KEYWORD = "(?:" + "|".join(DENYLIST) + ")"

_ANCHOR = re.compile("|".join(PLUGIN_ANCHORS + keyword_anchors(_KEYWORD) + RULE_ANCHORS))

# What must follow a keyword: `password = ...`, `password: ...`, `password "...";`
_KEYWORD_TAIL = (r"(?:\w{0,256}+(?:['\"\]]{0,2}[^\S\n]*+[:=!]|[^\s'\"`]{0,50}+"
                 r"(?:['\"`]|[^\S\n]++['\"`]))|\w{256})")
# Cloudant, IBM Cloud IAM, IBM COS HMAC and SoftLayer: keyword, assignment, 24+ characters
_ASSIGNMENT = re.compile(r"(?:key|pwd?|pass(?:word)?|token)['\"]?\]?[ =:>]++['\"]?[\w-]{24}")
_SLACK = re.compile(r"xox[abposr]-\d+-")


def _spellings() -> list[str]:
    """detect-secrets' keywords written out; they use nothing but letters, _ and _?."""
    return [word for entry in DENYLIST for word in {entry.replace("_?", "_"),
                                                    entry.replace("_?", "")}]


def _keyword_at(stem: str) -> re.Pattern[str]:
    """A keyword (with what follows it) around an occurrence of `stem`, matched from there."""
    words = [(word[:word.index(stem)], word[word.index(stem):])
             for word in _spellings() if stem in word]
    alternatives = [f"(?<={re.escape(head)}){re.escape(rest)}" if head else re.escape(rest)
                    for head, rest in words]
    return re.compile("(?:" + "|".join(alternatives or ["(?!)"]) + ")" + _KEYWORD_TAIL)


_AFTER_STEM = {stem: (_keyword_at(stem), _ASSIGNMENT, _SLACK) for stem in STEMS}
# Past this many places, input is hostile (a megabyte of "password"): the rest of the text
# is all candidate, and intranet.policy.secrets.scan' work budget takes over.
_MAX_CHECKS = 10_000


def find_candidates(text: str) -> list[tuple[int, int]]:
    """The prefilter: (start, end) offsets of every place where a detect-secrets plugin or one
    of our rules might find a secret. Lines that no span touches cannot hold one."""
    return anchor_spans(text) if might_hold_secret(text) else []


def anchor_spans(text: str) -> list[tuple[int, int]]:
    """find_candidates without the RE2 guard in front: the reference the guard is tested
    against."""
    spans: list[tuple[int, int]] = []
    for match in _ANCHOR.finditer(text):
        if len(spans) == _MAX_CHECKS:
            spans.append((match.start(), len(text)))
            break
        spans.append(match.span())
    limit = spans[-1][0] if len(spans) > _MAX_CHECKS else len(text)
    return spans + _Stems(text, limit).spans()


def _fold(text: str) -> str:
    return (text if text.isascii() else _unfold(text)).lower()


def _unfold(text: str) -> str:
    if any(chr(code) in text for code in FOLDS):
        return text.translate(FOLDS)
    return text


class _Stems:
    """Keywords, found case-insensitively by their stems, then checked in context."""

    def __init__(self, text: str, limit: int) -> None:
        self.text = text
        self.limit = limit  # from here on, the text is a candidate already
        # Stems are ASCII, so other characters may become "?": offsets stay, lower() is fast.
        ascii_text = text if text.isascii() else (
            _unfold(text).encode("ascii", "replace").decode("ascii"))
        self.lowered = ascii_text.lower()
        self.line = (0, -1, "")  # start, end and folded text of the line last looked at
        self.checks = 0

    def spans(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for stem in STEMS:
            at = self.lowered.find(stem, 0, self.limit)
            while at >= 0:
                if self.checks >= _MAX_CHECKS:
                    spans.append((at, len(self.text)))
                    self.limit = at
                    break
                span = self._check(stem, at)
                spans.extend([span] if span else [])
                at = self.lowered.find(stem, max(span[1] if span else 0, at + 1), self.limit)
        return spans

    def _check(self, stem: str, at: int) -> tuple[int, int] | None:
        """A keyword around this stem, used the way some plugin needs."""
        self.checks += 1
        start, _, folded = self._line_at(at)
        for pattern in _AFTER_STEM[stem]:
            match = pattern.match(folded, at - start)
            if match:
                return start + match.start(), start + match.end()
        return None

    def _line_at(self, at: int) -> tuple[int, int, str]:
        start, end, _ = self.line
        if not start <= at <= end:
            start = self.text.rfind("\n", 0, at) + 1
            end = self.text.find("\n", at)
            end = len(self.text) if end < 0 else end
            line = self.text[start:end]
            self.line = start, end, (line if line.isascii() else _unfold(line)).lower()
        return self.line


_KEYWORD_LOWER = re.compile(_KEYWORD)
_WORD_RUN = re.compile(r"\w*")


def keyword_work(line: str) -> int:
    """How hard detect-secrets' keyword regexes work on a line: they backtrack through the
    word after each keyword (up to 50 steps a character), so a long word packed with keywords
    (contraseñacontraseña...) takes seconds. About 2 microseconds a unit."""
    folded = _fold(line)
    work = 0
    for match in _KEYWORD_LOWER.finditer(folded):
        run = _WORD_RUN.match(folded, match.end())
        work += run.end() - match.end() if run else 0
    return work


class RuleHit(NamedTuple):
    start: int  # offset of the value in the text
    kind: str
    value: str


_URL_NO_USER = re.compile(
    r"://:([^\s" + re.escape(RESERVED_CHARACTERS + SUB_DELIMITER_CHARACTERS) + "]+)@")
_CURL_USER = re.compile(
    r"-(?<!\S-)(?:u[^\S\n]*+|-user(?:[^\S\n]++|=))((?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'])+)")
_CURL = re.compile(r"curl\b(?<!\wcurl)")
_TEMPLATE = re.compile(r"^(?:\$|%\w+%$|<.*>$|\{.*\}$)")
_GOOGLE_KEY = re.compile(r"AIza(?<![\w-]AIza)[\w-]{35}(?![\w-])")
_STRIPE_TEST = re.compile(r"_test_(?<=[rs]k_test_)[0-9a-zA-Z]{24}")
_UUID_TAIL = re.compile(r"-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
_UUID_HEAD = re.compile(r"\b[0-9a-fA-F]{8}")
_LOOK_BACK = 1000
_SECRET_NAME_BEFORE = re.compile(
    r"(?i)(?:token|secret|passw(?:or)?d|pwd|api[-_]?key|auth[-_]?key|credentials?)"
    r"['\"]?\s*(?:[:=,(]|=>)\s*['\"]?$")


def rule_hits(text: str) -> Iterator[RuleHit]:
    """Credentials detect-secrets 1.5.0 does not report."""
    for match in _URL_NO_USER.finditer(text):
        yield RuleHit(match.start(1), "Password in URL", match.group(1))
    for match in _GOOGLE_KEY.finditer(text):
        yield RuleHit(match.start(), "Google API Key", match.group())
    for match in _STRIPE_TEST.finditer(text):
        yield RuleHit(match.start() - 2, "Stripe Access Key", text[match.start() - 2:match.end()])
    yield from _curl_passwords(text)
    yield from _uuid_tokens(text)


def _curl_passwords(text: str) -> Iterator[RuleHit]:
    """`curl -u user:password` and `--user "user:password"`, on a curl command line."""
    for match in _CURL_USER.finditer(text):
        word = match.group(1)
        user, colon, password = word.replace('"', "").replace("'", "").partition(":")
        # user == password is a well-known demo pair (test:test), not a secret
        if (not colon or not password or password == user or _TEMPLATE.match(word)
                or _TEMPLATE.match(password) or not _in_curl_command(text, match.start())):
            continue
        yield RuleHit(match.start(1) + max(word.find(password), 0), "Password in curl Command",
                      password)


def _in_curl_command(text: str, at: int) -> bool:
    """curl earlier on the line, or on the lines this one continues with a trailing \\."""
    start = _line_start(text, at)
    for _ in range(20):
        if _CURL.search(text, start, at):
            return True
        if start < 2 or text[start - 2] != "\\":
            return False
        at = start - 1
        start = _line_start(text, at)
    return False


def _line_start(text: str, at: int) -> int:
    """Where the line holding `at` starts, looking back no further than _LOOK_BACK (which
    keeps a megabyte-long line of hits from costing a megabyte each)."""
    return text.rfind("\n", max(0, at - _LOOK_BACK), at) + 1 or max(0, at - _LOOK_BACK)


def _uuid_tokens(text: str) -> Iterator[RuleHit]:
    """A UUID given to a secret-named setting (api_token, client_secret, ...): detect-secrets
    drops every UUID as an identifier, but services do hand out UUIDs as API tokens."""
    for match in _UUID_TAIL.finditer(text):
        start = match.start() - 8
        if (start >= _line_start(text, match.start()) and _UUID_HEAD.match(text, start)
                and _SECRET_NAME_BEFORE.search(text, max(_line_start(text, start), start - 64),
                                               start)):
            yield RuleHit(start, "Secret Keyword", text[start:match.end()])


_AWS_KEY_ID = re.compile(r"(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}")
_WORD_CHAR = re.compile(r"\w")
_FREE_FORM = frozenset({"Secret Keyword", "Base64 High Entropy String", "Hex High Entropy String",
                        "Google API Key"})
_ENTROPY = frozenset({"Base64 High Entropy String", "Hex High Entropy String"})
_NAME = re.compile(r"([\w.-]+)['\"\]]*\s*(?:[:=]=?|=>|,)\s*['\"]?$")
_PUBLIC_NAME = re.compile(r"pub(?:lic)?[-_]?key|rev|commit|sha|hash|checksum|digest|md5|since")
_SECRET_NAME = re.compile(r"secret|priv|token|pass|pwd|auth|cred")


def is_lookalike(kind: str, value: str, before: str, after: str) -> bool:
    """Values that have a secret's shape but, by where they stand, are something else.

    `before` and `after` are the rest of the value's line."""
    if kind == "AWS Access Key" and _AWS_KEY_ID.fullmatch(value):
        # a key id is a word of its own; inside TODAYINASIAASACKOFRICE it is just capitals
        return bool(_WORD_CHAR.fullmatch(before[-1:]) or _WORD_CHAR.fullmatch(after[:1]))
    if kind in _FREE_FORM and _mostly_one_character(value):
        return True  # AIzaaaaaaaa...: filler. (Not for fixed formats: AKIAZZZZ... is a key.)
    return kind in _ENTROPY and _named_public(before)


def _mostly_one_character(value: str) -> bool:
    return len(value) >= 6 and Counter(value).most_common(1)[0][1] * 2 > len(value)


def _named_public(before: str) -> bool:
    """A random-looking value given to a name that says it is public or a digest (public_key,
    SRCREV, commit_sha, checksum, the commit moderation started `since`) and does not also
    say secret."""
    match = _NAME.search(before[-200:])
    name = match.group(1).lower() if match else ""
    return bool(_PUBLIC_NAME.search(name)) and not _SECRET_NAME.search(name)
