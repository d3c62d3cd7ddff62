"""Read YAML as written: strings, lists and mappings only, each with its position.

yaml.safe_load is not good enough for files people edit by hand: it resolves YAML 1.1
types (`no` becomes False, `1.10` becomes 1.1), expands aliases (a billion-laughs file
eats memory) and keeps the last of two duplicate keys silently. libyaml composes the
nodes without resolving or constructing anything; we walk them once, refusing aliases,
tags and duplicate keys before anything is expanded, and every value keeps the line and
column an error message needs. Each scalar also says whether MkDocs' loader would type
it (`plain`), and a value that loader would type and then fail to make (`0x_`, `=`,
`2026-02-30`: MkDocs would drop the whole front-matter) is refused here, with its fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml

from intranet.config.yaml import types as yamltypes
from intranet.errors import Finding, IntranetError, error

MAX_DEPTH = 32
# Marks a scalar the parser hands to implicit typing: plain, or tagged with the
# non-specific `!` (which types even a quoted value: `! "12"` loads as 12).
_IMPLICIT = "tag:intranet,2026:implicit"
_PLAIN_TAGS = {yamltypes.STR, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", _IMPLICIT}


class _Loader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):  # type: ignore[misc]
    """BaseLoader resolves nothing, so every value stays the string that was written. The
    parser asks `resolve` exactly when MkDocs' loader would type a scalar implicitly
    (libyaml's plain_implicit flag), so that is where we learn which ones it types."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _IMPLICIT
        return str(super().resolve(kind, value, implicit))


_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A `key: value` line, `- key: value` or `- value` list item, with any comment after it.
_KEY_VALUE = re.compile(r"[ ]*(?P<item>-[ ]+)?(?:(?P<key>[\w.-]+):[ ]+)?(?P<value>.*?)"
                        r"(?P<comment>[ \t]+#.*)?[ \t]*\Z")


@dataclass(frozen=True)
class Scalar:
    value: str
    line: int
    column: int
    # YAML 1.1 types it when MkDocs loads it: written without quotes (or with the `!` tag),
    # so `no` is False where "no" is text.
    plain: bool


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
    return None if node is None else _Walker(path, first_line - 1).document(node)


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


def _styled(node: yaml.Node) -> bool:
    """Written quoted or as a block (`|`, `>`), not plain."""
    return isinstance(node, yaml.ScalarNode) and bool(node.style)


class _Walker:
    """libyaml composes the nodes (in C); we walk them once. An alias is the same node
    object met twice, so it is refused at the second meeting, before anything expands.
    Values MkDocs' loader cannot make are collected, so one run names all of them."""

    def __init__(self, path: str, offset: int) -> None:
        self.path, self.offset = path, offset
        self.seen: set[int] = set()
        self.unloadable: list[Finding] = []

    def fail(self, node: yaml.Node, rule: str, message: str) -> IntranetError:
        mark = node.start_mark
        return self.error(mark.line + 1 + self.offset, mark.column + 1, rule, message)

    def error(self, line: int, column: int, rule: str, message: str) -> IntranetError:
        return IntranetError([*self.unloadable, error(self.path, line, column, rule, message)])

    def document(self, node: yaml.Node) -> Node:
        read = self.node(node, 1, None)
        if self.unloadable:
            raise IntranetError(self.unloadable)
        return read

    def node(self, node: yaml.Node, depth: int, key: str | None, as_key: bool = False
             ) -> Node:
        """`key` is the key whose value `node` is (None for list items and keys), for the
        fix a message offers; `as_key` when `node` is itself a key."""
        if id(node) in self.seen:
            raise self.fail(node, "yaml-alias", "anchors and aliases (& and *) are not "
                            "allowed; write the value out in full")
        self.seen.add(id(node))
        # A quoted or block value typed implicitly carries the non-specific tag `!`.
        if node.tag not in _PLAIN_TAGS or (node.tag == _IMPLICIT and _styled(node)):
            shown = "!" if node.tag == _IMPLICIT else str(node.tag).replace(
                "tag:yaml.org,2002:", "!!")
            raise self.fail(node, "yaml-tag", f"YAML tags such as {shown} are not "
                            "allowed; remove the tag and write a plain value")
        if depth > MAX_DEPTH:
            raise self.fail(node, "yaml-depth", f"nested deeper than {MAX_DEPTH} levels; "
                            "flatten the structure")
        line, col = node.start_mark.line + 1 + self.offset, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            typed = node.tag == _IMPLICIT
            # As keys, `=` and `<<` are read apart (SafeConstructor.flatten_mapping): `=`
            # is text, `<<` merges a mapping in, which the key rules refuse by name.
            if typed and not (as_key and node.value in ("=", "<<")):
                self.loadable(node.value, line, col, key)
            return Scalar(node.value, line, col, typed)
        if isinstance(node, yaml.SequenceNode):
            return Seq(tuple(self.node(n, depth + 1, None) for n in node.value), line, col)
        return Map(self.pairs(node, depth), line, col)

    def loadable(self, value: str, line: int, column: int, key: str | None) -> None:
        problem = yamltypes.unloadable(value)
        if problem is not None:
            rule, message = yamltypes.unloadable_message(value, problem, key)
            self.unloadable.append(error(self.path, line, column, rule, message))

    def pairs(self, node: yaml.Node, depth: int) -> tuple[tuple[Scalar, Node], ...]:
        pairs: list[tuple[Scalar, Node]] = []
        seen: dict[str, Scalar] = {}
        for key_node, value_node in node.value:
            key = self.node(key_node, depth + 1, None, as_key=True)
            if not isinstance(key, Scalar):
                raise self.error(key.line, key.column, "yaml-syntax",
                                 "a key must be plain text")
            if key.value in seen:
                first = seen[key.value]
                raise self.error(key.line, key.column, "yaml-duplicate-key",
                                 f"duplicate key {key.value!r} (first at line {first.line}); "
                                 "keep one")
            seen[key.value] = key
            pairs.append((key, self.node(value_node, depth + 1, key.value)))
        return tuple(pairs)
