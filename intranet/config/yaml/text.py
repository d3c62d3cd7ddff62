"""Front-matter we read as text must be text to MkDocs too.

The checker keeps every value as written, and the pages it builds (the h1, feeds,
listings) show it so; MkDocs' loader types plain values YAML 1.1 style, and its reading
is what the <title>, the tags index and the theme show. `title: 12:30` would be 12:30 on
the page and 750 in the browser tab. Refusing such values, with the quotes that make
them text, is simpler and clearer than carrying two readings.
"""

from __future__ import annotations

from intranet.config.fields import Reader
from intranet.config.yaml import types as yamltypes
from intranet.config.yaml.read import Node, Scalar
from intranet.errors import error


def as_text(reader: Reader, node: Node | None, key: str | None) -> bool:
    """True when MkDocs reads `node` as the text we read; otherwise adds a `yaml-type`
    finding and returns False. `key` names the field for the fix (None for list items).
    An empty value is left to each field's own rule, which says what belongs there."""
    if not isinstance(node, Scalar) or not node.plain or not node.value:
        return True
    if yamltypes.resolve(node.value) == yamltypes.STR:
        return True
    reader.findings.append(error(
        reader.path, node.line, node.column, "yaml-type",
        f"YAML reads {yamltypes.shorten(node.value)} as {yamltypes.describe(node.value)}; "
        f"put it in double quotes: {yamltypes.quoted(node.value, key)}"))
    return False
