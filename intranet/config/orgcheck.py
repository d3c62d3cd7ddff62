"""Rules across the whole org chart: references must resolve and every section needs two
owners, because nobody may approve their own post."""

from __future__ import annotations

from collections.abc import Iterable

from intranet.config.fields import Reader
from intranet.config.profile import managers
from intranet.config.yaml.read import Map, Node, Scalar, Seq


def cross_check(reader: Reader, dept_ids: set[str], handles: set[str], root: Map) -> None:
    """References between sections: `dept_ids` and `handles` are what org.yml defines."""
    _duplicates(reader, "people", "handle", root)
    _duplicates(reader, "departments", "id", root)
    for node in _entries(root, "people"):
        dept = node.get("department")
        if isinstance(dept, Scalar) and dept.value and dept.value not in dept_ids:
            reader.add(dept, "unknown-department", f"department {dept.value!r} is not in "
                       f"'departments'; use one of: {', '.join(sorted(dept_ids))}")
    for node in _entries(root, "departments"):
        _owners(reader, node, handles)
    managers(reader, list(_entries(root, "people")), handles)
    platform = root.get("platform")
    dept = platform.get("department") if isinstance(platform, Map) else None
    if isinstance(dept, Scalar) and dept.value not in dept_ids:
        reader.add(dept, "unknown-department", f"platform department {dept.value!r} is not "
                   f"in 'departments'; use one of: {', '.join(sorted(dept_ids))}")


def _owners(reader: Reader, node: Map, handles: set[str]) -> None:
    owners: list[str] = []
    for key, role in (("heads", "head"), ("deputies", "deputy")):
        for item in _scalars(node.get(key)):
            if item.value not in handles:
                reader.add(item, "unknown-person", f"{role} {item.value!r} is not in "
                           "'people'; add them there or fix the handle")
            elif item.value not in owners:
                owners.append(item.value)
    if len(owners) < 2:
        dept_id = node.get("id")
        name = dept_id.value if isinstance(dept_id, Scalar) else "this department"
        reader.add(node, "second-owner", f"department {name!r} has {len(owners)} owner(s); "
                   "add a deputy, since nobody may approve their own post")


def _duplicates(reader: Reader, section: str, key: str, root: Map) -> None:
    seen: dict[str, int] = {}
    for node in _entries(root, section):
        value = node.get(key)
        if not isinstance(value, Scalar):
            continue
        if value.value in seen:
            reader.add(value, "duplicate", f"{key} {value.value!r} is already used at line "
                       f"{seen[value.value]}; each {key} must be unique")
        else:
            seen[value.value] = value.line


def _entries(root: Map, section: str) -> Iterable[Map]:
    seq = root.get(section)
    return [m for m in seq.items if isinstance(m, Map)] if isinstance(seq, Seq) else []


def _scalars(node: Node | None) -> Iterable[Scalar]:
    return [i for i in node.items if isinstance(i, Scalar)] if isinstance(node, Seq) else []
