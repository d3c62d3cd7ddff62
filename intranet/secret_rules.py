"""The regular expressions behind intranet.secrets: the prefilter that keeps plain prose away
from detect-secrets, and our own rules for what detect-secrets 1.5.0 misses.

The prefilter must never hide a line that a detect-secrets plugin would flag, so every
anchor below is derived from a plugin's own pattern (detect_secrets/plugins/*.py) and matches
whenever that pattern does; it may match more. Its anchors begin with a literal character
that is rare in prose, which lets the regex engine skip quickly over ordinary text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from detect_secrets.plugins.basic_auth import RESERVED_CHARACTERS, SUB_DELIMITER_CHARACTERS
from detect_secrets.plugins.keyword import DENYLIST

_KEYWORD = "(?:" + "|".join(DENYLIST) + ")"

# Anchors searched in the text as written. Plugins not listed here (Keyword, Cloudant,
# IBM, SoftLayer assignments, Slack xox- tokens) are found by _STEMS below.
_ANCHORS = (
    r"AKC[a-zA-Z0-9]{10}",  # Artifactory API token
    r"AP[\dA-F][a-zA-Z0-9]{8}",  # Artifactory password
    r"A(?:3T[A-Z0-9]|BIA|CCA|KIA|SIA)[0-9A-Z]{16}",  # AWS key id
    # A quoted run: high-entropy strings (entropy above 4.5 needs 23+ characters, above 3.0
    # needs 9+ hex digits) and the AWS secret key (40 characters between quotes).
    r"\"(?:[0-9a-fA-F]{9,}+|[\w+/\\=-]{23,}+)[\"']",
    r"'(?:[0-9a-fA-F]{9,}+|[\w+/\\=-]{23,}+)[\"']",
    r"AccountKey=",  # Azure storage
    r"://[^\s/?#\[\]@]*+@",  # user:password@ in a URL (Basic Auth, Cloudant)
    r"\.[\w-]{6}\.[\w-]{27}",  # Discord bot token
    r"_(?<=gh[pousr]_)[A-Za-z0-9_]{36}",  # GitHub
    r"-(?<=gl(?:pat|cbt|imt|ptt|oas)-)",  # GitLab
    r"-(?<=gl(?:dt|ft|rt)-)",
    r"-(?<=glsoat-)",
    r"-(?<=glagent-)",
    r"GR1348941",
    r"J(?<=eyJ)",  # JSON Web Token
    r"-us[0-9]",  # Mailchimp
    r"_authToken=",  # npm
    r"T3BlbkFJ",  # OpenAI
    r"PRIVATE KEY",  # every BEGIN ... PRIVATE KEY marker
    r"PuTTY-User-Key-File-2",
    r"-AgE",  # PyPI
    r"SG\.",  # SendGrid
    r"\.(?i:slack\.com/services/)",  # Slack webhook
    r"/(?i:soap/v3)",  # SoftLayer API URL
    r"-(?<=sq0csp-)",  # Square
    r"_(?<=k_live_)",  # Stripe
    r":[\w-]{35}",  # Telegram bot token
    r"AC[a-z0-9]{32}",  # Twilio
    r"SK[a-z0-9]{32}",
    # Keyword, compared the other way round: "value" == password. Long words are let
    # through rather than scanned to the end, which keeps the search linear.
    r"=[!=][^\S\n]*+(?:\w{0,256}?(?i:" + _KEYWORD + r")|\w{256})",
    r"![!=][^\S\n]*+(?:\w{0,256}?(?i:" + _KEYWORD + r")|\w{256})",
)
_ANCHOR = re.compile("|".join(_ANCHORS))

# Case-insensitive words, looked for in a lower-cased copy of the text: every detect-secrets
# keyword contains one of these, as does every keyword ending of the assignment plugins
# (key, pw, pwd, pass, password, token), and Slack's xox- tokens start with one.
_STEMS = ("key", "pass", "pw", "secret", "contrase", "token", "xox")
_STEM_LEAD = r"[^\n]{0,16}?"  # a keyword starts at most 16 characters before its stem
_AFTER_STEM = tuple(re.compile(_STEM_LEAD + pattern) for pattern in (
    # Keyword: `password = ...`, `password: ...`, `password "...";` (with \w* suffixes)
    _KEYWORD + r"(?:\w{0,256}+(?:['\"\]]{0,2}[^\S\n]*+[:=!]|[^\s'\"`]{0,50}+"
    r"(?:['\"`]|[^\S\n]++['\"`]))|\w{256})",
    # Cloudant, IBM Cloud IAM, IBM COS HMAC and SoftLayer: keyword, assignment, 24+ chars
    r"(?:key|pwd?|pass(?:word)?|token)['\"]?\]?[ =:>]++['\"]?[\w-]{24}",
    r"xox[abposr]-\d+-",  # Slack token
))
# Python's re.IGNORECASE matches these four with ASCII letters; str.lower() does not.
_FOLDS = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
_TOO_MANY_STEMS = 4096  # past this many failed checks, the rest of the text is a candidate


def candidate_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of every place where a detect-secrets plugin might find a secret.

    Lines that no span touches cannot produce a detect-secrets hit."""
    for match in _ANCHOR.finditer(text):
        yield match.span()
    yield from _stem_spans(_fold(text))


def _fold(text: str) -> str:
    if not text.isascii() and any(chr(code) in text for code in _FOLDS):
        text = text.translate(_FOLDS)
    return text.lower()


def _stem_spans(folded: str) -> Iterator[tuple[int, int]]:
    failed = 0
    for stem in _STEMS:
        at = folded.find(stem)
        while at >= 0:
            span = _after_stem(folded, at)
            if span:
                yield span
            elif failed >= _TOO_MANY_STEMS:
                yield at, len(folded)
                return
            else:
                failed += 1
            at = folded.find(stem, max(span[1] if span else 0, at + 1))


def _after_stem(folded: str, at: int) -> tuple[int, int] | None:
    start = max(at - 16, folded.rfind("\n", 0, at) + 1)
    for pattern in _AFTER_STEM:
        match = pattern.match(folded, start)
        if match:
            return match.span()
    return None


class RuleHit(NamedTuple):
    start: int  # offset of the value in the text
    kind: str
    value: str


_URL_NO_USER = re.compile(
    "://:([^%s\\s]+)@" % re.escape(RESERVED_CHARACTERS + SUB_DELIMITER_CHARACTERS))
_CURL_USER = re.compile(
    r"-(?<!\S-)(?:u[^\S\n]*+|-user(?:[^\S\n]++|=))((?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'])+)")
_CURL = re.compile(r"\bcurl\b")
_TEMPLATE = re.compile(r"^(?:\$|%\w+%$|<.*>$|\{.*\}$)")
_GOOGLE_KEY = re.compile(r"AIza(?<![\w-]AIza)[\w-]{35}(?![\w-])")
_STRIPE_TEST = re.compile(r"_test_(?<=[rs]k_test_)[0-9a-zA-Z]{24}")
_UUID_TAIL = re.compile(r"-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
_UUID_HEAD = re.compile(r"\b[0-9a-fA-F]{8}$")
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
    start = text.rfind("\n", 0, at) + 1
    for _ in range(20):
        if _CURL.search(text, start, at):
            return True
        if start < 2 or text[start - 2] != "\\":
            return False
        at = start - 1
        start = text.rfind("\n", 0, at) + 1
    return False


def _uuid_tokens(text: str) -> Iterator[RuleHit]:
    """A UUID given to a secret-named setting (api_token, client_secret, ...): detect-secrets
    drops every UUID as an identifier, but services do hand out UUIDs as API tokens."""
    for match in _UUID_TAIL.finditer(text):
        start = match.start() - 8
        line_start = text.rfind("\n", 0, start) + 1
        if (start >= line_start and _UUID_HEAD.search(text, line_start, match.start())
                and _SECRET_NAME_BEFORE.search(text[max(line_start, start - 200):start])):
            yield RuleHit(start, "Secret Keyword", text[start:match.end()])
