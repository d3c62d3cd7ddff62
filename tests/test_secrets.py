"""The credentials scanner (intranet.policy.secrets.scan) against public samples, the
site's own pages, and hostile input. Samples: tests/data/secrets_samples.json (see
tests/data/README.md)."""

from __future__ import annotations

import base64
import json
import random
import re
import time
from pathlib import Path
from typing import Any

import pytest
from detect_secrets.plugins.keyword import DENYLIST
from detect_secrets.settings import get_settings

from intranet.policy.secrets import guard as secret_anchors
from intranet.policy.secrets import rules as secret_rules
from intranet.policy.secrets.scan import (
    DEFAULT_PLACEHOLDERS,
    SecretHit,
    scan_secrets,
    scan_without_prefilter,
)

ROOT = Path(__file__).parent.parent
SAMPLES: dict[str, Any] = json.loads(
    (ROOT / "tests" / "data" / "secrets_samples.json").read_text(encoding="utf-8"))
POSITIVES: list[dict[str, Any]] = SAMPLES["positives"]
NEGATIVES: list[dict[str, Any]] = SAMPLES["negatives"]
PLACEHOLDERS = tuple(re.compile(pattern) for pattern in DEFAULT_PLACEHOLDERS)
PAGES = sorted((ROOT / "content").rglob("*.md"))

# The negatives still flagged, on purpose: a quoted 41-character high-entropy string, which
# differs from AWS's documented secret key (a positive sample) only in length; and a private
# key block whose body is a word rather than key material, as a positive sample's is too.
FLAGGED_NEGATIVES = {"aws_secret_wrong_length", "private_key_placeholder_body"}


def scan(text: str) -> list[SecretHit]:
    return scan_secrets(text, PLACEHOLDERS)


@pytest.mark.parametrize("sample", POSITIVES,
                         ids=[f"{i}-{s['kind']}" for i, s in enumerate(POSITIVES)])
def test_every_positive_sample_is_flagged(sample: dict[str, Any]) -> None:
    hits = scan(sample["text"])
    assert hits, sample["text"]
    assert all(hit.kind != "Unscannable Text" for hit in hits)


def test_negative_samples_flagged_are_the_known_few() -> None:
    flagged = {sample["kind"] for sample in NEGATIVES if scan(sample["text"])}
    assert flagged == FLAGGED_NEGATIVES
    assert len(flagged) <= 3


@pytest.mark.parametrize(("line", "after", "kind"), [
    ("Use the key `AKIA2E0A8F3B244C9986` with the deploy script.", "", "AWS Access Key"),
    ("Try: curl -u deploy:Tr0ub4dor-and-3 https://ci.example.org/", "", "Password in curl Command"),
    ("  -----BEGIN RSA PRIVATE KEY-----", "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi3sOX0\n"
     "-----END RSA PRIVATE KEY-----\n", "Private Key"),
])
def test_line_and_column_of_a_secret_on_line_3(line: str, after: str, kind: str) -> None:
    start = {"AWS Access Key": line.find("AKIA"), "Password in curl Command": line.find("Tr0"),
             "Private Key": line.find("-")}[kind]
    assert scan(f"# Notes\n\n{line}\n{after}") == [SecretHit(3, start + 1, kind)]


def test_line_numbers_with_windows_line_ends() -> None:
    text = "title\r\n\r\nThe database is at postgres://admin:Tr0ub4dor-and-3@db.example.org/prod\r\n"
    assert scan(text) == [SecretHit(3, text.split("\r\n")[2].index("Tr0ub") + 1,
                                    "Password in URL")]


def test_a_secret_deep_in_a_long_line_is_found_where_it_is() -> None:
    for column in (100, 3590, 4000, 20_000):
        line = "x " * (column // 2) + "AKIA2E0A8F3B244C9986 " + "y " * 10_000
        assert scan(line) == [SecretHit(1, line.index("AKIA") + 1, "AWS Access Key")]


def test_a_placeholder_pattern_suppresses_a_hit() -> None:
    text = "key: AKIA2E0A8F3B244C9986"
    assert scan_secrets(text) == [SecretHit(1, 6, "AWS Access Key")]
    assert scan_secrets(text, (re.compile("2E0A8F3B"),)) == []


@pytest.mark.parametrize("text", [
    "aws_access_key: AKIAIOSFODNN7EXAMPLE",
    'token = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
    'api_key = "<your-api-key>"',
    "password = None",
])
def test_default_placeholders_cover_documentation_values(text: str) -> None:
    assert scan(text) == []


def test_an_allowlist_pragma_is_honoured() -> None:
    text = "key AKIA2E0A8F3B244C9986"
    assert scan(f"{text} <!-- pragma: allowlist secret -->") == []
    assert scan(f"# pragma: allowlist nextline secret\n{text}") == []
    assert scan("curl -u ci:Tr0ub4dor-and-3 x  # pragma: allowlist secret") == []


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_the_sites_pages_have_no_secrets(page: Path) -> None:
    assert scan(page.read_text(encoding="utf-8")) == []


def _variants(text: str) -> list[str]:
    """A sample as a post might hold it: alone, in prose, in a code block, shouted."""
    return [text, f"Intro line.\n\nSee {text} for details.\n",
            f"```\n{text}\n```\n", text.upper(), text.replace("\n", "\r\n")]


@pytest.mark.parametrize("text", [
    *(variant for sample in POSITIVES + NEGATIVES for variant in _variants(sample["text"])),
    *(page.read_text(encoding="utf-8") for page in PAGES),
    "pa\u017f\u017fword = 'hunter2'",  # re.IGNORECASE matches long s, Kelvin K, dotted I
    "api_\u212aey = 'Zq8vL1xRt'",
    "\u0130 secret = \"zz9\"",
    "password\u00a0=\u00a0'sdfsdf'",  # a no-break space is \\s too
    "x = 'Tr0ub4dor' == db_password",
    "cloudant_password = abcdefghijklmnopqrstuvwxyzab",
    "# pragma: allowlist nextline secret\npassword = 'Tr0ub4dor'",
])
def test_the_prefilter_never_hides_a_hit(text: str) -> None:
    assert scan(text) == scan_without_prefilter(text, PLACEHOLDERS)


def test_the_prefilter_never_hides_a_hit_in_random_mixtures() -> None:
    """Lines glued together from the samples and the pieces plugins look for."""
    rng = random.Random(7)
    pieces = [*(s["text"] for s in POSITIVES + NEGATIVES), "password", "Secret", "api_key",
              "token", "pwd", "key", "=", ": ", "==", ";", '"', "'", "`", " ", "\n", "://",
              "@", "-u ", "curl ", "AKIA", "xoxb-12-", "eyJ", "ghp_", "\u017f", "\u00a0",
              "Zq8vL1xRtY2wUe3iOp4aSd5fGh6jKl7zXc8vBn9mQw0e", "9c2f1e0b7a6d5c4b3a2918"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        assert scan(text) == scan_without_prefilter(text, PLACEHOLDERS), text


def test_every_detect_secrets_keyword_contains_a_stem() -> None:
    for entry in DENYLIST:
        assert any(stem in entry for stem in secret_anchors.STEMS), entry


def test_every_prefilter_anchor_starts_with_a_plain_character() -> None:
    # the regex engine then skips ordinary text quickly; one [class] first makes prose 5x slower
    for anchor in (*secret_anchors.PLUGIN_ANCHORS, *secret_anchors.keyword_anchors("key"),
                   *secret_anchors.RULE_ANCHORS):
        assert anchor[0] not in "[(.^$" and not re.match(r"\\[a-zA-Z]", anchor), anchor


# Characters Python's regex classes and RE2's treat differently: letters, digits and
# spaces beyond ASCII, the case folds of re.IGNORECASE, and the ASCII controls Python
# counts as white space.
_UNLIKE_ASCII = ["\u00e9", "\u00b2", "\u0663", "\u00a0", "\u2028", "\u0085", "\u2014",
                 "\u2019", "\v", "\x1c", "\x1f", "\u017f", "\u212a", "\u0130", "\u0131"]


def test_the_guard_lets_through_every_text_the_prefilter_would_scan() -> None:
    rng = random.Random(11)
    pieces = [*(s["text"] for s in POSITIVES + NEGATIVES), *_UNLIKE_ASCII, "password", "pa",
              "ss", "==", "!=", "=", "'", '"', "://", "@", "-", "u", "_", "gh", "p", "gl", "pat",
              "ey", "J", "AKIA", "A" * 16, "0" * 9, "x" * 23, "w" * 250, " ", "\n", "curl "]
    checked = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        if secret_rules.anchor_spans(text):
            checked += 1
            assert secret_anchors.might_hold_secret(text), text
    assert checked > 1000  # the mixtures do reach the prefilter


@pytest.mark.parametrize("text", [
    '"' + "\u00e9" * 23 + '"',  # Python's \\w takes é; RE2's would not
    "'" + "\u0663" * 23 + "'",  # and Arabic-Indic digits
    "==\u00a0" + "\u00e9" * 256,
    "==\x1c" + "a" * 256,
    "!=\u2028" + "b" * 256,
    "AP\u0663" + "a" * 8,
    "://us\u00e9r:p\u00e4ss@host",
    "/\u017fervices/T",
    "M" + "\u00e9" * 24 + "." + "x" * 6 + ".",
])
def test_the_guard_reads_unicode_as_python_does(text: str) -> None:
    assert secret_rules.anchor_spans(text)
    assert secret_anchors.might_hold_secret(text)


def test_the_guard_passes_plain_prose_without_loading_the_scanner() -> None:
    prose = ("Our team met the new office manager this week. The plan for the next quarter "
             "is simple: fewer meetings, clearer goals and a shared schedule.\n") * 40
    assert not secret_anchors.might_hold_secret(prose)
    assert secret_rules.find_candidates(prose) == []


@pytest.mark.parametrize("line", [
    "a" * 2**20,
    "password" * 2**17,
    'password = "x"; ' * 2**16,
    "AKIA2E0A8F3B244C9986 " * 50_000,
    '"aB3dE5gH7jK9mN1pQ3sT5vX7z" ' * 37_000,
    "contraseña" * 100_000,
    "//" * 2**19,
    "curl -u ci:Tr0ub4dor " * 50_000,
    "x -u ci:Tr0ub4dor " * 58_000,
    'api_token = "dafa7817-e246-48f3-91a7-e87653d587b8" ' * 20_000,
    "-----BEGIN RSA PRIVATE KEY----- " * 32_000,
], ids=["letters", "keywords", "assignments", "aws-keys", "quoted", "spanish", "slashes",
        "curl", "not-curl", "uuid-tokens", "key-markers"])
def test_a_megabyte_line_is_scanned_within_a_second(line: str) -> None:
    start = time.perf_counter()
    scan(line)
    assert time.perf_counter() - start < 1.0


def test_binary_junk_does_not_raise() -> None:
    rng = random.Random(2026)
    for size in (0, 1, 100, 10_000, 2**20):
        text = "".join(chr(rng.choice((rng.randrange(0, 128), rng.randrange(0, 0x11000))))
                       for _ in range(size))
        assert isinstance(scan(text), list)
    assert scan("password = '\ud800\udfff x'\x00") is not None  # lone surrogates, a NUL


def test_what_detect_secrets_cannot_read_is_flagged_not_passed() -> None:
    def part(data: str) -> str:
        return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")

    # JSON nested 1200 deep inside a JWT makes detect-secrets' JWT check raise
    token = part('{"a":' + "[" * 1200 + "]" * 1200 + "}") + "." + part('{"b":1}') + ".sig"
    assert [hit.kind for hit in scan(token)] == ["Unscannable Text"]


def test_detect_secrets_settings_are_ours_wherever_and_whatever(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".secrets.baseline").write_text('{"plugins_used": [], "filters_used": []}')
    monkeypatch.chdir(tmp_path)
    settings = get_settings()
    settings.clear()  # someone else's configuration, with verification (network) switched on
    settings.filters["detect_secrets.filters.common.is_ignored_due_to_verification_policies"] = {
        "min_level": 2}
    assert scan("key AKIA2E0A8F3B244C9986") == [SecretHit(1, 5, "AWS Access Key")]
    assert "detect_secrets.filters.common.is_ignored_due_to_verification_policies" not in (
        get_settings().filters)
    assert "IPPublicDetector" not in get_settings().plugins
