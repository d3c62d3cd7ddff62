"""Credentials in Markdown: where a post or page shows a password, token or private key.

Detection is detect-secrets 1.5.0 (Yelp), run in-process on the text's lines with its
default plugins (less the public-IP one) and default filters, plus the few rules in
intranet.policy.secrets.rules for what it misses. Around it:

* a prefilter (secret_rules.find_candidates) picks the lines any plugin could fire on:
  detect-secrets costs a millisecond or more a line, so plain prose must never reach it;
* placeholders (policy.yml's list; DEFAULT_PLACEHOLDERS to start from) drop documented fake
  values, and a few small filters (secret_rules.is_lookalike) drop well-known look-alikes;
* lines longer than 4 KiB are scanned in overlapping pieces and detect-secrets gets a time
  budget, so hostile input cannot stall the checker; what is left unread is reported as
  "Unscannable Text" rather than passed.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import time
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.core.potential_secret import PotentialSecret
from detect_secrets.core.scan import _process_line_based_plugins
from detect_secrets.filters.allowlist import is_line_allowlisted
from detect_secrets.plugins.github_token import GitHubTokenDetector
from detect_secrets.plugins.keyword import FOLLOWED_BY_EQUAL_SIGNS_REGEX
from detect_secrets.settings import Settings, get_filters, get_settings
from detect_secrets.util.code_snippet import get_code_snippet

from intranet.policy.secrets.rules import (
    RuleHit,
    find_candidates,
    is_lookalike,
    keyword_work,
    rule_hits,
)


class SecretHit(NamedTuple):
    line: int  # 1-based line in the text given
    column: int  # 1-based column where the secret starts (best effort; 1 if unknown)
    kind: str  # human-readable type, e.g. "AWS Access Key", "Private Key", "Password in URL"


# Regexes searched in each secret's value (for a private key, the text between its BEGIN and
# END lines). A value one of them matches is a documented placeholder, not a secret.
DEFAULT_PLACEHOLDERS: tuple[str, ...] = (
    r"(?i)example(?![a-z0-9])",  # AKIAIOSFODNN7EXAMPLE (AWS's docs), my-example-token
    r"^[\w-]{0,10}?[xX*0]{5,}$",  # a prefix, then filler: ghp_xxxx..., AKIAXXXX..., sk_live_***
    r"(?<![0-9])1234(?![0-9])|123456|abcdef",  # counting: xoxp-1234-1234-..., ...xyz1234567
    r"<[^<>\n]+>",  # <your-token>, <password>
    r"(?i)fake|dummy|changeme|change_me|placeholder|redacted",
    r"(?i)^(?:none|null|nil|undefined|true|false)$",  # a code literal, not a value
)

_MARKDOWN = "post.md"  # a type detect-secrets does not know: keyword values need quotes
_CONFIG = "post.cfg"  # `name = value` lines are read again, as a config file would be
_NOT_CREDENTIALS = frozenset({"IPPublicDetector"})  # addresses, and versions like 1.2.3.4
_RENAMED = {"Basic Auth Credentials": "Password in URL"}
_GENERIC = frozenset({"Secret Keyword", "Base64 High Entropy String", "Hex High Entropy String"})
# Fail closed: a line the scanner could not read is flagged, not waved through. That is a
# line detect-secrets failed on, one that would make its regexes backtrack for seconds, or
# any line still unread once _TIME_BUDGET is spent (only hostile input gets near it).
UNSCANNABLE = "Unscannable Text"
_TIME_BUDGET = 0.25  # seconds of detect-secrets per call
_KEYWORD_WORK = 25_000  # about 50 ms (see secret_rules.keyword_work)

_MAX_HITS = 1000  # a text with more secrets than this is refused on those already
_KEY_SEARCH = 64 * 1024  # how far after BEGIN ... PRIVATE KEY to look for its END
_LONG_LINE = 4096  # longer lines are scanned in pieces this long...
_OVERLAP = 512  # ...overlapping by this much, so a secret up to this long is seen whole
_STEP = _LONG_LINE - _OVERLAP


def scan_secrets(text: str, placeholders: tuple[re.Pattern[str], ...] = ()) -> list[SecretHit]:
    """Every credential-looking value in `text`, skipping those matching a placeholder pattern."""
    return _scan(text, placeholders, prefilter=True)


def scan_without_prefilter(text: str,
                           placeholders: tuple[re.Pattern[str], ...] = ()) -> list[SecretHit]:
    """scan_secrets, handing every line to detect-secrets: the reference the prefilter is
    tested against. Slow (about a millisecond a line)."""
    return _scan(text, placeholders, prefilter=False)


class _Found(NamedTuple):
    row: int  # 0-based line
    col: int  # 0-based column
    kind: str
    value: str
    before: str  # the line's text before the value (within the piece scanned)
    after: str  # and after it


def _scan(text: str, placeholders: tuple[re.Pattern[str], ...], prefilter: bool) -> list[SecretHit]:
    if "\r\n" in text:  # a lone \r stays a character, as for the checker's other rules
        text = text.replace("\r\n", "\n")
    spans = find_candidates(text) if prefilter else None
    if spans == []:
        return []  # the common case: prose, nothing more to do
    doc = _Lines(text)
    found = itertools.chain(_detect_secrets(doc, spans), _rule_findings(doc, rule_hits(text)))
    return _dedupe(itertools.islice((f for f in found if _keep(f, doc, placeholders)), _MAX_HITS))


class _Lines:
    """The text, split into lines and located by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = list(itertools.accumulate((len(line) + 1 for line in self.lines),
                                                initial=0))

    def locate(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self.starts, offset) - 1
        return row, offset - self.starts[row]


# --- detect-secrets ---------------------------------------------------------------------

@functools.cache
def _wanted() -> tuple[frozenset[str], frozenset[str]]:
    """The plugins and filters we run: detect-secrets' defaults, less _NOT_CREDENTIALS."""
    every: list[type[object]] = list(get_mapping_from_secret_type_to_class().values())
    plugins = frozenset(plugin.__name__ for plugin in every) - _NOT_CREDENTIALS
    return plugins, frozenset(Settings().filters)


def _configure() -> None:
    """detect-secrets reads its plugins and filters from process-wide settings. Set them once,
    and again only if someone replaced them: no baseline, nothing from the current directory,
    and never the verification filter, which would send what it finds to the services it
    belongs to. (The default filters that look at file names never run on lines.)"""
    settings = get_settings()
    plugins, filters = _wanted()
    if settings.plugins.keys() != plugins or settings.filters.keys() != filters:
        settings.clear()
        settings.configure_plugins([{"name": name} for name in sorted(plugins)])
        get_filters.cache_clear()


class _Segment(NamedTuple):
    row: int
    start: int  # column of text[0] in its line
    text: str


def _detect_secrets(doc: _Lines, spans: list[tuple[int, int]] | None) -> Iterator[_Found]:
    _configure()
    keys = _all_pieces(doc) if spans is None else _touched_pieces(doc, spans)
    deadline = time.monotonic() + _TIME_BUDGET
    for key in keys:
        segment = _segment(doc, key)
        if time.monotonic() > deadline:
            yield _unscannable(segment)
            return
        if keyword_work(segment.text) > _KEYWORD_WORK:
            yield _unscannable(segment)
            continue
        before = _pragma_before(doc, segment)
        yield from _scan_segment(segment, before, _MARKDOWN)
        if FOLLOWED_BY_EQUAL_SIGNS_REGEX.search(segment.text):  # `password = value`, unquoted
            yield from _scan_segment(segment, before, _CONFIG)


def _pieces(line: str) -> int:
    return 1 if len(line) <= _LONG_LINE else -(-(len(line) - _OVERLAP) // _STEP)


def _segment(doc: _Lines, key: tuple[int, int]) -> _Segment:
    row, piece = key
    return _Segment(row, piece * _STEP, doc.lines[row][piece * _STEP:piece * _STEP + _LONG_LINE])


def _all_pieces(doc: _Lines) -> list[tuple[int, int]]:
    return [(row, piece) for row, line in enumerate(doc.lines) for piece in range(_pieces(line))]


def _touched_pieces(doc: _Lines, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    keys: set[tuple[int, int]] = set()
    for start, end in spans:
        first, first_col = doc.locate(start)
        last, last_col = doc.locate(max(start, end - 1))
        for row in range(first, last + 1):
            count = _pieces(doc.lines[row])  # piece k holds columns k*_STEP to k*_STEP+4095
            low = max(0, -(-(first_col - _LONG_LINE + 1) // _STEP)) if row == first else 0
            high = min(count - 1, last_col // _STEP) if row == last else count - 1
            keys.update((row, piece) for piece in range(low, high + 1))
    return sorted(keys)


def _pragma_before(doc: _Lines, segment: _Segment) -> list[_Segment]:
    """The line before, if it may say `pragma: allowlist nextline secret`: detect-secrets
    looks for that in the line it is given before the one it scans."""
    if segment.start or not segment.row:
        return []
    line = doc.lines[segment.row - 1]
    if "pragma" not in line or len(line) > _LONG_LINE:
        return []
    return [_Segment(segment.row - 1, 0, line)]


def _scan_segment(segment: _Segment, before: list[_Segment], filename: str) -> Iterator[_Found]:
    run = [*before, segment]
    # detect-secrets hashes each value as UTF-8, which a lone surrogate would break
    numbered = [(number, s.text.encode("utf-8", "replace").decode("utf-8"))
                for number, s in enumerate(run, 1)]
    try:
        secrets = list(_process_line_based_plugins(numbered, filename))
    except Exception:  # a plugin choked, e.g. on JSON nested too deep inside a JWT
        yield _unscannable(segment)
        return
    for secret in secrets:
        yield from _found(run[secret.line_number - 1], secret)


def _unscannable(segment: _Segment) -> _Found:
    return _Found(segment.row, segment.start, UNSCANNABLE, "", "", "")


def _found(segment: _Segment, secret: PotentialSecret) -> Iterator[_Found]:
    kind = _RENAMED.get(secret.type, secret.type)
    values = [secret.secret_value or ""]
    if kind == "GitHub Token":  # its pattern captures only the prefix (ghp); take the token
        values = [m.group() for m in GitHubTokenDetector.denylist[0].finditer(segment.text)
                  ] or values
    for value in values:
        at = max(segment.text.find(value), 0)
        end = at + len(value)
        if kind == "Private Key" and segment.text.endswith("-----", 0, at):
            at -= 5  # point at the marker's first dash
        yield _Found(segment.row, segment.start + at, kind, segment.text[at:end],
                     segment.text[:at], segment.text[end:])


def _rule_findings(doc: _Lines, rules: Iterable[RuleHit]) -> Iterator[_Found]:
    allowlisted: dict[int, bool] = {}
    for rule in rules:
        row, col = doc.locate(rule.start)
        line = doc.lines[row]
        if row not in allowlisted:  # detect-secrets honours `pragma: allowlist secret`; so do we
            allowlisted[row] = is_line_allowlisted(filename=_MARKDOWN, line=line,
                                                   context=get_code_snippet(doc.lines, row + 1))
        if not allowlisted[row]:
            end = col + len(rule.value)
            yield _Found(row, col, rule.kind, rule.value, line[max(0, col - 256):col],
                         line[end:end + 256])


# --- what is not a secret ---------------------------------------------------------------

def _keep(found: _Found, doc: _Lines, placeholders: tuple[re.Pattern[str], ...]) -> bool:
    if found.kind == UNSCANNABLE:
        return True
    value = found.value
    if found.kind == "Private Key":
        body = _private_key_body(found, doc)
        if body == "":
            return False  # BEGIN and END with nothing between: a shape, not a key
        value = body or value
    if any(pattern.search(value) for pattern in placeholders):
        return False
    return not is_lookalike(found.kind, value, found.before, found.after)


def _private_key_body(found: _Found, doc: _Lines) -> str | None:
    """The text between the BEGIN line and the END line, or None if there is no END."""
    start = doc.starts[found.row] + found.col + len(found.value)
    if doc.text.startswith("-----", start):
        start += 5
    end = doc.text.find("-----END", start, start + _KEY_SEARCH)
    return None if end < 0 else doc.text[start:end].strip()


def _dedupe(found: Iterable[_Found]) -> list[SecretHit]:
    """One hit per secret: a generic hit (keyword, entropy) gives way to a specific one
    (AWS, Slack, ...) for the same value."""
    kept = list(found)
    specific: dict[int, set[str]] = {}
    for f in kept:
        if f.kind not in _GENERIC:
            specific.setdefault(f.row, set()).add(f.value)
    return sorted({
        SecretHit(f.row + 1, f.col + 1, f.kind) for f in kept
        if f.kind not in _GENERIC or not any(
            value in f.value or f.value in value for value in specific.get(f.row, ()))})
