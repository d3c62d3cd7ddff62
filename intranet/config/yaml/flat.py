"""Front-matter in its everyday shape, read without libyaml.

Nearly every post's front-matter is `key: value` lines whose values are a few words, a
quoted string or a list. Composing those through libyaml costs more than all the other
rules on a post together, so this reader takes exactly that shape, returns the nodes
yamlread.load would, and declines (None) anything else, which then goes to libyaml. It
declines rather than guesses: comments after values, escapes, tabs, multi-line values,
duplicate keys and values YAML types but cannot make (`2026-13-45`, `0x_`) all go the
long way.
tests/test_yamlflat.py holds the two readers to agreement on generated input.
"""

from __future__ import annotations

import re

from intranet.config.yaml.read import Map, Node, Scalar, Seq
from intranet.config.yaml.types import unloadable

# What this reader leaves to libyaml: characters libyaml does not read as printable, those
# it treats as line breaks (U+0085, U+2028, U+2029), the byte-order mark and the tab.
# (Listed rather than negated: the negated class takes milliseconds to compile at start-up.)
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*?))? *\Z")
_ITEM_LINE = re.compile(r"( *)- +(.*?) *\Z")
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+-]*\Z")


def read(text: str, first_line: int) -> Map | None:
    """The front-matter `text` (starting at file line `first_line`) as a Map, or None when
    it is not in the everyday shape."""
    if _UNUSUAL.search(text):
        return None
    lines = [(number, line) for number, line in enumerate(text.split("\n"), first_line)
             if line.strip(" ") and line[0] != "#"]
    pairs: list[tuple[Scalar, Node]] = []
    at = 0
    while at < len(lines):
        number, line = lines[at]
        key = _KEY_LINE.match(line)
        if key is None:
            return None
        at += 1
        value: Node | None
        if key.group(2):
            value = _value(key.group(2), number, key.start(2) + 1)
        else:
            value, at = _block_list(lines, at)
        if value is None:
            return None
        pairs.append((Scalar(key.group(1), number, 1, True), value))
    if not pairs or len({key.value for key, _ in pairs}) < len(pairs):
        return None
    return Map(tuple(pairs), pairs[0][0].line, 1)


def _block_list(lines: list[tuple[int, str]], at: int) -> tuple[Seq | None, int]:
    """The `- item` lines from `at` on, all at one indent, and where they end. None when
    there are none: a key without a value is YAML's null, for libyaml to judge."""
    items: list[Scalar] = []
    first = _ITEM_LINE.match(lines[at][1]) if at < len(lines) else None
    while first and at < len(lines):
        item = _ITEM_LINE.match(lines[at][1])
        if item is None or item.group(1) != first.group(1):
            break
        value = _value(item.group(2), lines[at][0], item.start(2) + 1)
        scalar = value if isinstance(value, Scalar) else None
        if scalar is None:
            return None, at
        items.append(scalar)
        at += 1
    if first is None:
        return None, at
    return Seq(tuple(items), items[0].line, len(first.group(1)) + 1), at


def _value(text: str, line: int, column: int) -> Node | None:
    if not text:  # `- ` with nothing after it: YAML's null
        return None
    if text[0] == "[":
        return _flow(text, line, column)
    if text[0] in "\"'":
        return _quoted(text, line, column)
    plain = text[0].isalnum() or not text[0].isascii()  # no YAML indicator starts it
    # Neither ": " nor " #" inside: nothing ends it early or starts a comment.
    if plain and ": " not in text and " #" not in text and text[-1] != ":":
        return _plain(text, line, column)
    return None


def _flow(text: str, line: int, column: int) -> Seq | None:
    """`[a, "b", 'c']`: words or quoted strings. A comma inside quotes leaves a piece with
    one quote, which is declined."""
    if text[-1] != "]":
        return None
    items: list[Scalar] = []
    inner = text[1:-1]
    offset = column + 1
    for piece in inner.split(",") if inner.strip(" ") else ():
        item = piece.strip(" ")
        at = offset + len(piece) - len(piece.lstrip(" "))
        scalar = (_quoted(item, line, at) if item[:1] in ("'", '"')
                  else _plain(item, line, at) if _FLOW_PLAIN.match(item) else None)
        if scalar is None:
            return None
        items.append(scalar)
        offset += len(piece) + 1
    return Seq(tuple(items), line, column)


def _quoted(text: str, line: int, column: int) -> Scalar | None:
    quote = text[0]
    # No escapes: a backslash in double quotes, or '' in single ones, is libyaml's to read.
    if len(text) < 2 or text[-1] != quote or text.count(quote) != 2 or (
            quote == '"' and "\\" in text):
        return None
    return Scalar(text[1:-1], line, column, False)


def _plain(text: str, line: int, column: int) -> Scalar | None:
    # Only a digit can start a value here that YAML types and then cannot make (`0x_`,
    # `2026-13-45`); libyaml's reader names the problem.
    if "0" <= text[0] <= "9" and unloadable(text):
        return None
    return Scalar(text, line, column, True)
