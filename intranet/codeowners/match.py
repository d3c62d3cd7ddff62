"""CODEOWNERS patterns as GitHub reads them, each compiled once to a regular expression
(codeowners_index merges many of them for speed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

ANY_DEPTH = "**"


class Compiled(NamedTuple):
    body: str  # a regex matched at the start of the path, or of any segment if floating
    floating: bool  # no slash but a trailing one (or a leading **/): matches at any depth
    # A floating pattern of one segment (`*.js`, `logs/`) is a regex for one path segment,
    # and the segments it may match: "any", "dir" (not the last) or "last".
    segment: str = ""
    scope: str = ""
    # The pattern's segments without wildcards, as the text they match: `lead` are those
    # before the first wildcard, `literals` all of them. A path the pattern matches has
    # each of them as a segment (and `lead` as its first ones, where it starts), which is
    # what lets an index try a pattern only on the paths that could match it.
    lead: tuple[str, ...] = ()
    literals: tuple[str, ...] = ()


def unsupported(pattern: str) -> str | None:
    """Why GitHub would skip a line with this pattern, or None if it reads it."""
    if pattern == "/":
        return ("the lone '/' matches nothing on GitHub; write '*' for every file or name "
                "a folder, e.g. '/docs/'")
    if pattern.startswith("!"):
        return ("GitHub does not support '!' negation and skips this line; give the path "
                "a line of its own, with its owners or with none")
    if pattern.startswith("\\#"):
        return ("GitHub does not support escaping a leading '#' and skips this line; "
                "match the name with a wildcard instead, e.g. '?name' for '#name'")
    if _unescaped(pattern, "[]"):
        return ("GitHub does not support [ ] ranges and skips this line; escape brackets "
                "as '\\[' and '\\]' to match them, or write one line per name")
    if pattern.endswith("\\") and not pattern.endswith("\\\\"):
        return "the pattern ends with a lone '\\'; remove it or escape it as '\\\\'"
    return None


def _unescaped(pattern: str, chars: str) -> bool:
    escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in chars:
            return True
    return False


def compile_pattern(pattern: str) -> Compiled:
    """gitignore rules, except that a final `*` segment matches direct children only."""
    dir_only = pattern.endswith("/") and len(pattern) > 1
    core = pattern[:-1] if dir_only else pattern
    floating = "/" not in core
    segments = core.removeprefix("/").split("/")
    while segments and segments[0] == ANY_DEPTH:  # a leading **/ means "at any depth"
        segments.pop(0)
        floating = True
    if not segments:  # `**`, `/**`: everything; `**/`: everything inside a folder
        return Compiled("[^/]+/.*" if dir_only else ".+", True)
    texts = [_literal(s) for s in segments]
    literals = tuple(t for t in texts if t is not None)
    leading = literals[:next((i for i, t in enumerate(texts) if t is None), len(texts))]
    parts: list[str] = []
    pending_any = False
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ANY_DEPTH and not last:
            pending_any = True
            continue
        lead = "/" if parts else ""
        if segment == ANY_DEPTH:  # a trailing /** : everything inside, not the folder
            parts.append(lead + ".*")
            break
        parts.append(lead + ("(?:[^/]+/)*" if pending_any else "") + _glob(segment))
        pending_any = False
    tail = segments[-1]
    if dir_only:
        # foo/**/ names the folders inside foo, like git's `foo/**/`: files at least
        # one folder down (sources disagree here; git is the reference GitHub follows).
        suffix, scope = "/.*", "dir"
    elif tail in ("*", ANY_DEPTH):
        # GitHub: `docs/*` matches docs' direct children, not deeper files.
        suffix, scope = "", "last"
    else:
        suffix, scope = "(?:/.*)?", "any"  # the file, or the folder and all inside it
    body = "".join(parts) + suffix
    if floating and len(segments) == 1 and tail != ANY_DEPTH:
        return Compiled(body, floating, _glob(tail), scope, leading, literals)
    return Compiled(body, floating, "", "", leading, literals)


def glob_chars(segment: str) -> Iterator[tuple[str, bool]]:
    """A pattern segment's characters, escapes undone, each with whether it is a
    wildcard (`*` or `?`), as `_glob` reads them."""
    escaped = False
    for ch in segment:
        if escaped or ch not in "\\*?":
            yield ch, False
            escaped = False
        elif ch == "\\":
            escaped = True
        else:
            yield ch, True


def _literal(segment: str) -> str | None:
    """The text a segment without wildcards matches, or None if it has a wildcard."""
    chars = list(glob_chars(segment))
    return None if any(wild for _, wild in chars) else "".join(ch for ch, _ in chars)


def _glob(segment: str) -> str:
    out: list[str] = []
    escaped = False
    for ch in segment:
        if escaped:
            out.append(re.escape(ch))
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def regex(compiled: Compiled) -> re.Pattern[str]:
    """One pattern on its own, for a whole path."""
    lead = "(?:.*/)?" if compiled.floating else ""
    return re.compile(f"{lead}(?:{compiled.body})\\Z")
