"""Read YAML as written: strings, lists and mappings only, each with its position.

yaml.safe_load is not good enough for files people edit by hand: it resolves YAML 1.1
types (`no` becomes False, `1.10` becomes 1.1), expands aliases (a billion-laughs file
eats memory) and keeps the last of two duplicate keys silently. libyaml composes the
nodes without resolving or constructing anything; we walk them once, refusing aliases,
tags and duplicate keys before anything is expanded, and every value keeps the line and
column an error message needs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

import yaml

from intranet.errors import IntranetError, error

MAX_DEPTH = 32
# YAML 1.1's implicit timestamp, as MkDocs' SafeLoader resolves it (see yaml/resolver.py).
_TIMESTAMP = re.compile(r"""^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}
    (?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$""", re.X)
# BaseLoader resolves nothing: every plain value stays the string that was written.
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A `key: value` line, `- key: value` or `- value` list item, with any comment after it.
_KEY_VALUE = re.compile(r"[ ]*(?P<item>-[ ]+)?(?:(?P<key>[\w.-]+):[ ]+)?(?P<value>.*?)"
                        r"(?P<comment>[ \t]+#.*)?[ \t]*\Z")


@dataclass(frozen=True)
class Scalar:
    value: str
    line: int
    column: int
    plain: bool  # written without quotes: "no" and no differ to a reader


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]
    line: int
    column: int


@dataclass(frozen=True)
class Map:
    items: tuple[tuple[Scalar, Node], ...]
    line: int
    column: int

    def get(self, key: str) -> Node | None:
        return self._index.get(key)

    @cached_property
    def _index(self) -> dict[str, Node]:
        return {k.value: v for k, v in self.items}


Node = Scalar | Seq | Map


def load(text: str, path: str, first_line: int = 1) -> Node | None:
    """Parse one YAML document; None when it is empty. `first_line` is the file line
    where `text` starts, so positions point into the real file."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        # The reader's errors (control characters) carry no mark; the rest do.
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        written = _line(text, mark.line) if mark else ""
        message = _explain(problem, written, mark.column if mark else 0)
        raise IntranetError([error(path, line, col, "yaml-syntax", f"invalid YAML: {message}")]
                            ) from None
    return None if node is None else _Walker(path, first_line - 1).node(node, 1)


def _line(text: str, number: int) -> str:
    """Line `number` (from 0) as libyaml counts lines: it also breaks at NEL, LS and PS."""
    lines = _BREAKS.split(text)
    return lines[number] if number < len(lines) else ""


def _explain(problem: str, line: str, column: int) -> str:
    """libyaml's complaint in the words of the usual mistake behind it, with the fix.
    libyaml names neither the character nor the value it stumbled on, so we look."""
    found = line[column:column + 1]
    if found == "\t" or "tab character" in problem:
        return ("a tab is used for indentation here, and YAML needs spaces; replace the tab "
                "with spaces")
    if problem.startswith("mapping values are not allowed"):
        return _colon(line, column)
    if "cannot start any token" in problem and found:
        fix = _quoted(line, column, after_start=False)
        return (f"a value cannot start with {found!r}; put the value in double quotes: {fix}"
                if fix else f"found character {found!r} that cannot start any token; fix "
                "the syntax")
    if problem == "but found another document":
        return ("only one YAML document is allowed here (a second `---` starts one); fix the "
                "syntax")
    return f"{problem}; fix the syntax"


def _colon(line: str, column: int) -> str:
    fix = _quoted(line, column, after_start=True)
    if fix:
        return (f"the value contains ': ', which YAML reads as the start of a key; put the "
                f"value in double quotes: {fix}")
    return ("YAML reads this ': ' as the start of a key, and none can start here: if the "
            "value contains ': ', put it in double quotes (title: \"Update: the plan\"); "
            "otherwise fix this line's indentation")


def _quoted(line: str, column: int, after_start: bool) -> str:
    """`key: "value"` for a `key: value` line whose value holds the problem at `column`
    (inside it, or at its start); "" when the line has another shape."""
    match = _KEY_VALUE.match(line)
    if match is None or not (match["item"] or match["key"]) or match["value"][:1] in "'\"":
        return ""
    start = match.start("value")
    if not (start < column < match.end("value") if after_start else column == start):
        return ""
    value = match["value"].replace("\\", "\\\\").replace('"', '\\"')
    key = f"{match['key']}: " if match["key"] else ""
    return f'{match["item"] or ""}{key}"{value}"{match["comment"] or ""}'


class _Walker:
    """libyaml composes the nodes (in C); we walk them once. An alias is the same node
    object met twice, so it is refused at the second meeting, before anything expands."""

    def __init__(self, path: str, offset: int) -> None:
        self.path, self.offset = path, offset
        self.seen: set[int] = set()

    def fail(self, node: yaml.Node, rule: str, message: str) -> IntranetError:
        mark = node.start_mark
        return IntranetError([error(self.path, mark.line + 1 + self.offset, mark.column + 1,
                                    rule, message)])

    def node(self, node: yaml.Node, depth: int) -> Node:
        if id(node) in self.seen:
            raise self.fail(node, "yaml-alias", "anchors and aliases (& and *) are not "
                            "allowed; write the value out in full")
        self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            shown = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise self.fail(node, "yaml-tag", f"YAML tags such as {shown} are not "
                            "allowed; remove the tag and write a plain value")
        if depth > MAX_DEPTH:
            raise self.fail(node, "yaml-depth", f"nested deeper than {MAX_DEPTH} levels; "
                            "flatten the structure")
        line, col = node.start_mark.line + 1 + self.offset, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            if not node.style and unreadable_timestamp(node.value):
                raise self.fail(node, "yaml-date", f"{node.value!r} looks like a date but is "
                                "not one, so MkDocs would drop the whole front-matter; fix it")
            return Scalar(node.value, line, col, not node.style)
        if isinstance(node, yaml.SequenceNode):
            return Seq(tuple(self.node(n, depth + 1) for n in node.value), line, col)
        return Map(self.pairs(node, depth), line, col)

    def pairs(self, node: yaml.Node, depth: int) -> tuple[tuple[Scalar, Node], ...]:
        pairs: list[tuple[Scalar, Node]] = []
        seen: dict[str, Scalar] = {}
        for key_node, value_node in node.value:
            key = self.node(key_node, depth + 1)
            if not isinstance(key, Scalar):
                raise IntranetError([error(self.path, key.line, key.column, "yaml-syntax",
                                           "a key must be plain text")])
            if key.value in seen:
                first = seen[key.value]
                raise IntranetError([error(
                    self.path, key.line, key.column, "yaml-duplicate-key",
                    f"duplicate key {key.value!r} (first at line {first.line}); keep one")])
            seen[key.value] = key
            pairs.append((key, self.node(value_node, depth + 1)))
        return tuple(pairs)


def unreadable_timestamp(value: str) -> bool:
    if not _TIMESTAMP.match(value):
        return False
    if len(value) == 10:  # the common case, YYYY-MM-DD, without building a loader
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return True
        return False
    node = yaml.ScalarNode("tag:yaml.org,2002:timestamp", value)
    try:
        yaml.SafeLoader("").construct_yaml_timestamp(node)
    except ValueError:
        return True
    return False
