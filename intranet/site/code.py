"""Where a Markdown text holds code, guessed without rendering it: fenced blocks,
indented blocks and inline code spans. The policy checker skips code (confirming the
guess with the renderer wherever skipping hides a finding); mentions are not looked for
in code."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def mask_code(body: str) -> str:
    """Blank out what looks like code (fenced blocks, indented blocks, inline code),
    keeping offsets: code is text, not markup. A guess, confirmed by rendering
    (scan_markup) wherever it hides a finding; the body itself when nothing is blanked."""
    if "`" not in body and "~" not in body and "\n    " not in body and "\n\t" not in body \
            and not body.startswith(("    ", "\t")):
        return body  # no code at all: the common case
    lines = body.split("\n")
    fence = ""
    indented = False  # inside an indented block: it starts after a blank line
    for i, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            lines[i] = " " * len(line)
        elif opening:
            fence = opening.group(1)
            lines[i] = " " * len(line)
        elif line.startswith(("    ", "\t")) and (indented or i == 0 or not lines[i - 1].strip()):
            indented = True
            lines[i] = " " * len(line)
        else:
            indented = indented and not line.strip()
            if "`" in line:
                lines[i] = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
    return "\n".join(lines)
