"""Read YAML as written: strings, lists and mappings only, each with its position.

yaml.safe_load is not good enough for files people edit by hand: it resolves YAML 1.1
types (`no` becomes False, `1.10` becomes 1.1), expands aliases (a billion-laughs file
eats memory) and keeps the last of two duplicate keys silently. We build nodes from the
parser's events ourselves, so anchors, aliases and tags are refused before anything is
expanded, and every value keeps the line and column an error message needs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import yaml

from intranet.errors import IntranetError, error

MAX_DEPTH = 32
# YAML 1.1's implicit timestamp, as MkDocs' SafeLoader resolves it (see yaml/resolver.py).
_TIMESTAMP = re.compile(r"""^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}
    (?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$""", re.X)
_Parser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


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
    events = yaml.parse(text, Loader=_Parser)
    try:
        return _Builder(events, path, first_line - 1).document()
    except yaml.YAMLError as exc:
        # The reader's errors (control characters) carry no mark; the rest do.
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise IntranetError(
            [error(path, line, col, "yaml-syntax", f"invalid YAML: {problem}; fix the syntax")]
        ) from None


class _Builder:
    def __init__(self, events: Iterator[yaml.Event], path: str, offset: int) -> None:
        self.events, self.path, self.offset = events, path, offset

    def where(self, event: yaml.Event) -> tuple[int, int]:
        mark = event.start_mark
        return (mark.line + 1 + self.offset, mark.column + 1) if mark else (self.offset + 1, 1)

    def fail(self, event: yaml.Event, rule: str, message: str) -> IntranetError:
        return IntranetError([error(self.path, *self.where(event), rule, message)])

    def document(self) -> Node | None:
        node: Node | None = None
        documents = 0
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.fail(event, "yaml-syntax", "only one YAML document is allowed")
            elif isinstance(event, yaml.NodeEvent):
                node = self.node(event, 1)
        return node

    def node(self, event: yaml.Event, depth: int) -> Node:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise self.fail(event, "yaml-alias", "anchors and aliases (& and *) are not "
                            "allowed; write the value out in full")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise self.fail(event, "yaml-tag", f"YAML tags such as {shown} are not "
                            "allowed; remove the tag and write a plain value")
        if depth > MAX_DEPTH:
            raise self.fail(event, "yaml-depth", f"nested deeper than {MAX_DEPTH} levels; "
                            "flatten the structure")
        line, col = self.where(event)
        if isinstance(event, yaml.ScalarEvent):
            if not event.style and _unreadable_timestamp(event.value):
                raise self.fail(event, "yaml-date", f"{event.value!r} looks like a date but is "
                                "not one, so MkDocs would drop the whole front-matter; fix it")
            return Scalar(event.value, line, col, not event.style)
        if isinstance(event, yaml.SequenceStartEvent):
            return Seq(tuple(self.children(depth)), line, col)
        return Map(self.pairs(depth), line, col)

    def children(self, depth: int) -> Iterator[Node]:
        for event in self.events:
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                return
            yield self.node(event, depth + 1)

    def pairs(self, depth: int) -> tuple[tuple[Scalar, Node], ...]:
        flat = list(self.children(depth))
        pairs: list[tuple[Scalar, Node]] = []
        seen: dict[str, Scalar] = {}
        for key, value in zip(flat[::2], flat[1::2], strict=True):
            if not isinstance(key, Scalar):
                raise IntranetError([error(self.path, key.line, key.column, "yaml-syntax",
                                           "a key must be plain text")])
            if key.value in seen:
                first = seen[key.value]
                raise IntranetError([error(
                    self.path, key.line, key.column, "yaml-duplicate-key",
                    f"duplicate key {key.value!r} (first at line {first.line}); keep one")])
            seen[key.value] = key
            pairs.append((key, value))
        return tuple(pairs)


def _unreadable_timestamp(value: str) -> bool:
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
