"""Untrusted text made safe to print: a moderator's terminal shows what an author wrote
(names, paths, commit messages, diffs), and an escape sequence or a bidirectional
override in it could recolour, hide or reorder what the moderator reads."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL and C1 controls, bidirectional controls, zero-width
# characters, and the surrogates that stand for bytes that are not UTF-8.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069"
                    "\ufeff\udc80-\udcff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """`text` with every character that could change how the rest is shown escaped."""
    return UNSAFE.sub(_escape, text)


def safe_line(text: str) -> str:
    """One line of output: newlines and tabs escaped too."""
    return safe(text).replace("\n", "\\n").replace("\t", "\\t")
