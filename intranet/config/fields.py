"""Typed reads from YAML nodes that collect every problem instead of stopping at the first."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from intranet.config.yaml.read import Map, Node, Scalar, Seq
from intranet.errors import Finding, IntranetError, error

N = TypeVar("N", Scalar, Seq, Map)
_KINDS = {Scalar: "a single value", Seq: "a list", Map: "a set of `key: value` lines"}


def read_config(path: Path, display: str, prefix: str, what: str) -> str:
    """A configuration file's text, or an IntranetError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        message = f"there is no {path}; the intranet needs its {what} there"
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot read the {what} ({exc}); restore it, saved as UTF-8"
    raise IntranetError([error(display, 1, 1, f"{prefix}-unreadable", message)])


class Reader:
    """Reads one file's nodes; `prefix` names the family of rule ids (org-, post-, ...)."""

    def __init__(self, path: str, prefix: str) -> None:
        self.path, self.prefix = path, prefix
        self.findings: list[Finding] = []

    def add(self, node: Node | None, rule: str, message: str, line: int = 1,
            severity: str = "error") -> None:
        line, column = (node.line, node.column) if node is not None else (line, 1)
        self.findings.append(Finding(self.path, line, column, f"{self.prefix}-{rule}",
                                     severity, message))

    def want(self, node: Node | None, kind: type[N], what: str, line: int = 1) -> N | None:
        if isinstance(node, kind):
            return node
        self.add(node, "schema", f"{what} must be {_KINDS[kind]}", line)
        return None

    def keys(self, node: Map, required: tuple[str, ...], optional: tuple[str, ...],
             what: str) -> None:
        for key, _ in node.items:
            if key.value not in required + optional:
                allowed = ", ".join(required + optional)
                self.add(key, "unknown-key", f"unknown key {key.value!r} in {what}; "
                         f"allowed keys are: {allowed}")
        for name in required:
            if node.get(name) is None:
                self.add(node, "missing-key", f"{what} has no {name!r}; add `{name}: ...`")

    def text(self, node: Map, key: str, what: str) -> str:
        value = node.get(key)
        if value is None:
            return ""
        scalar = self.want(value, Scalar, f"{key!r} of {what}")
        return scalar.value if scalar else ""

    def texts(self, node: Map, key: str, what: str) -> tuple[Scalar, ...]:
        value = node.get(key)
        seq = self.want(value, Seq, f"{key!r} of {what}") if value is not None else None
        if seq is None:
            return ()
        items = (self.want(i, Scalar, f"each entry of {key!r} in {what}") for i in seq.items)
        return tuple(i for i in items if i is not None)

    def entries(self, node: Map, key: str, what: str) -> tuple[Map, ...]:
        seq = self.want(node.get(key), Seq, f"{key!r} in {what}", node.line)
        if seq is None:
            return ()
        items = (self.want(i, Map, f"each entry of {key!r}") for i in seq.items)
        return tuple(i for i in items if i is not None)
