"""Split a Markdown file into front-matter and body exactly as MkDocs does, keeping the
line numbers that messages need."""

from __future__ import annotations

import re
from typing import NamedTuple

from intranet.config.yaml import flat as yamlflat
from intranet.config.yaml import read as yamlread
from intranet.config.yaml.read import Map
from intranet.errors import IntranetError, error

# The pattern mkdocs.utils.meta uses: we must see the same front-matter MkDocs sees.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
OPENING = re.compile(r"^-{3}[ \t]*(\n|$)")
# Without `---` front-matter MkDocs reads leading `key: value` lines as metadata
# (MultiMarkdown style) and hides them: such a file would publish keys nobody checked.
MULTIMARKDOWN = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:\s*")


class Source(NamedTuple):
    path: str
    meta: Map | None  # None when the file has no front-matter
    body: str
    body_line: int  # the file line where `body` starts


def decode(data: bytes, path: str) -> str:
    """Bytes to text as MkDocs reads them: UTF-8, an optional BOM, any line ends."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IntranetError([error(path, line, 1, "file-encoding",
                                   "the file is not UTF-8 text; save it as UTF-8")]) from None
    if "\r" not in text:  # one memchr, where replace("\r\n") searches for two characters
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, path: str) -> Source:
    match = FRONT_MATTER.match(text)
    if match is None:
        if OPENING.match(text):
            raise IntranetError([error(path, 1, 1, "front-matter-unclosed", "the front-matter "
                                       "is not closed; add a line `---` after it")])
        if MULTIMARKDOWN.match(text):
            raise IntranetError([error(path, 1, 1, "front-matter-style", "MkDocs would read "
                                       "this first line as hidden metadata; put front-matter "
                                       "between `---` lines, or start with a blank line")])
        return Source(path, None, text, 1)
    # The everyday shape is read directly; anything else goes through libyaml.
    node = yamlflat.read(match.group(1), 2) or yamlread.load(match.group(1), path, first_line=2)
    if node is None:
        node = Map((), 2, 1)
    if not isinstance(node, Map):
        raise IntranetError([error(path, 2, 1, "front-matter-shape",
                                   "front-matter must be `key: value` lines")])
    rest = text[match.end():]
    body = rest.lstrip("\n")
    line = text[: match.end()].count("\n") + 1 + (len(rest) - len(body))
    return Source(path, node, body, line)
