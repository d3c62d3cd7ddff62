"""Where a credential could be, without loading detect-secrets: the anchors of the
prefilter in intranet.policy.secrets.rules, and a guard built from them that answers "could this
text hold a secret at all?" in one linear pass.

The guard runs RE2 (a DFA: one pass, whatever the number of alternatives), which is why a
page of prose costs microseconds here and detect-secrets is not even imported for it. It
must match wherever the prefilter could (it may match more): tests/test_secrets.py holds
it to that.
"""

from __future__ import annotations

import functools
import re

import re2

# Anchors searched in the text as written. Plugins not listed here (Keyword, Cloudant,
# IBM, SoftLayer assignments, Slack xox- tokens) are found by STEMS below.
PLUGIN_ANCHORS = (
    r"AKC[a-zA-Z0-9]{10}",  # Artifactory API token
    r"AP[\dA-F][a-zA-Z0-9]{8}",  # Artifactory password
    r"A(?:3T[A-Z0-9]|BIA|CCA|KIA|SIA)[0-9A-Z]{16}",  # AWS key id
    # A quoted run: high-entropy strings (entropy above 4.5 needs 23+ characters, above 3.0
    # needs 9+ hex digits) and the AWS secret key (40 characters between quotes).
    r"\"(?:[0-9a-fA-F]{9,}+|[\w+/\\=-]{23,}+)[\"']",
    r"'(?:[0-9a-fA-F]{9,}+|[\w+/\\=-]{23,}+)[\"']",
    r"AccountKey=",  # Azure storage
    r"://[^\s/?#\[\]@]*+@",  # user:password@ in a URL (Basic Auth, Cloudant)
    # Discord bot token; every anchor starts with a plain character, so no [MNO]
    r"M[\w-]{23,25}\.[\w-]{6}\.",
    r"N[\w-]{23,25}\.[\w-]{6}\.",
    r"O[\w-]{23,25}\.[\w-]{6}\.",
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
    r"/(?i:services/t)",  # Slack webhook
    r"/(?i:soap/v3)",  # SoftLayer API URL
    r"-(?<=sq0csp-)",  # Square
    r"_(?<=k_live_)",  # Stripe
    r":[\w-]{35}",  # Telegram bot token
    r"AC[a-z0-9]{32}",  # Twilio
    r"SK[a-z0-9]{32}",
)


def keyword_anchors(keyword: str) -> tuple[str, ...]:
    """Keyword, compared the other way round: "value" == password. Long words are let
    through rather than scanned to the end, which keeps the search linear."""
    return tuple(first + r"[!=][^\S\n]*+(?:\w{0,256}?(?i:" + keyword + r")|\w{256})"
                 for first in "=!")


# The same for our own rules (rule_hits), which run only if some anchor matched.
RULE_ANCHORS = (
    r"://:",  # _URL_NO_USER
    r"AIza",  # _GOOGLE_KEY
    r"_(?<=k_test_)",  # _STRIPE_TEST
    r"-(?<!\S-)(?:u|-user)",  # _CURL_USER
    r"-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",  # _UUID_TAIL
)

# Case-insensitive words, looked for in a lower-cased ASCII copy of the text: every
# detect-secrets keyword contains one of them, as does every keyword ending of the assignment
# plugins (key, pw, pwd, pass, password, token), and Slack's xox- tokens start with one.
STEMS = ("key", "pass", "pw", "secret", "contrase", "token", "xox")
# Python's re.IGNORECASE matches these four with ASCII letters; str.lower() does not.
FOLDS = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
# Characters RE2 classes treat differently from Python's: non-ASCII ones, and the ASCII
# controls that Python's \s takes and RE2's does not.
_NOT_LIKE_ASCII = re.compile(r"[^\x00-\x0a\x0c-\x1b\x20-\x7f]")
_ODD_SPACES = "\v\x1c\x1d\x1e\x1f"


def might_hold_secret(text: str) -> bool:
    """False only when no prefilter anchor and no keyword stem occurs in `text`."""
    return _GUARD.search(_ascii_view(text)) is not None


def _ascii_view(text: str) -> str:
    """`text` with every character RE2 would class differently from Python replaced by an
    ASCII one that falls in every class the original does (and maybe more): a word
    character by a letter or digit, a space by a space. Same length, same offsets."""
    if text.isascii() and not any(c in text for c in _ODD_SPACES):
        return text
    return _NOT_LIKE_ASCII.sub(lambda m: _stand_in(m.group()), text)


@functools.cache
def _stand_in(char: str) -> str:
    if ord(char) in FOLDS:
        return FOLDS[ord(char)]
    if char.isdecimal():
        return "0"
    if char.isalnum():
        return "a"
    return " " if char.isspace() else "~"


def _for_re2(anchor: str) -> str:
    """An anchor in RE2's syntax, matching wherever Python's does: RE2 never backtracks, so
    possessive quantifiers go; it has no look-behind, so `_(?<=gh[pousr]_)` becomes
    `gh[pousr]_` and a negative look-behind is dropped (which only widens the match)."""
    anchor = re.sub(r"([+*}])\+", r"\1", anchor)
    group = r"(?:[^()]|\([^()]*\))*"
    anchor = re.sub(r"\(\?<!" + group + r"\)", "", anchor)
    return re.sub(r".\(\?<=(" + group + r")\)", r"\1", anchor)


# Every keyword contains a stem, so STEMS stand for the keywords in the keyword anchors.
_STEM_WORDS = "|".join(STEMS)
_GUARD_OPTIONS = re2.Options()
_GUARD_OPTIONS.max_mem = 64 << 20  # room for the DFA of the \w{256} runs: no slow fallback
_GUARD = re2.compile("|".join(
    [_for_re2(a) for a in (*PLUGIN_ANCHORS, *keyword_anchors(_STEM_WORDS), *RULE_ANCHORS)]
    + [f"(?i:{_STEM_WORDS})"]), options=_GUARD_OPTIONS)
