"""Characters that change what a reader sees, or what the renderer keeps, without being
seen: control characters (Python-Markdown drops its own placeholders STX and ETX, a
browser shows none of them), bidirectional overrides (which reorder a line on screen),
and zero-width characters or soft hyphens inside a word. Each could split a blocked word
or a card number so that the policy check misses what the reader then reads whole, so
each is refused where it stands."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

# Refused anywhere: C0 controls but tab and newline, DEL, C1 controls, bidirectional
# embeddings, overrides and isolates, and the marks that steer them.
ANYWHERE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                      "\u2066-\u2069]")
# Refused inside a word: zero-width space, word joiner, a byte-order mark, soft hyphen,
# Mongolian vowel separator; and between ASCII letters or digits, the joiners (elsewhere
# ZWJ and ZWNJ spell Persian, Indic scripts and emoji sequences, and are kept).
IN_WORD = re.compile("(?<=\\w)[\u00ad\u180e\u200b\u2060\ufeff](?=\\w)"
                     "|(?<=[A-Za-z0-9])[\u200c\u200d](?=[A-Za-z0-9])")
GUARD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                   "\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


class Hit(NamedTuple):
    offset: int
    rule: str
    message: str


# ASCII text can hold only the C0 controls and DEL of all these: bytes.translate deletes
# them several times faster than a regex can look for them.
_ASCII_CONTROLS = bytes(range(0x00, 0x09)) + bytes(range(0x0B, 0x20)) + b"\x7f"


def scan_invisible(text: str) -> Iterator[Hit]:
    if text.isascii():
        if len(text.encode("ascii").translate(None, _ASCII_CONTROLS)) == len(text):
            return
    elif GUARD.search(text) is None:
        return
    for pattern, where in ((ANYWHERE, ""), (IN_WORD, " inside a word")):
        for match in pattern.finditer(text):
            yield Hit(match.start(), "text-invisible", f"{_name(match.group())}{where} is "
                      "invisible to readers and can hide what follows from the policy "
                      "check; delete it")


def _name(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    return f"{code} {name}" if name else f"{code} (a control character)"
