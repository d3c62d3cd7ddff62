"""@mentions: `@handle` in a post or reply, outside code, names a person of org.yml and
becomes a link to their profile; their profile lists where they were mentioned. Only a
mention standing on its own counts: not an e-mail address (eve@example.com), not part
of a URL or of an HTML attribute, not inside a link's text."""

from __future__ import annotations

import re
from collections.abc import Callable

from intranet.site.code import mask_code

# After the start of a line, white space or an opening punctuation mark; a handle as
# org.yml spells them; not followed by more of an address (grace@x, @grace.example).
MENTION = re.compile(r"(?:^|(?<=[\s(,;:!?*_~]))@([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)"
                     r"(?![\w@-]|\.[A-Za-z0-9])", re.MULTILINE)


def find(body: str) -> list[tuple[int, str]]:
    """(offset, handle) of every mention in the body, code and link texts left out."""
    if "@" not in body:
        return []
    text = mask_code(body)
    return [(m.start(), m.group(1)) for m in MENTION.finditer(text)
            if not _in_link_text(text, m.start())]


def link(body: str, handles: frozenset[str], href: Callable[[str], str]) -> str:
    """The body with each mention of a known handle made a Markdown link to `href(handle)`."""
    found = [(at, handle) for at, handle in find(body) if handle in handles]
    for at, handle in reversed(found):
        end = at + 1 + len(handle)
        body = f"{body[:at]}[@{handle}]({href(handle)}){body[end:]}"
    return body


def _in_link_text(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at]
    return before.rfind("[") > before.rfind("]")
