"""Rules that can never apply because later rules take every path they match: judged
from the patterns, not from today's files (a catch-all exists for files to come).

Exact inclusion of one glob in others is costly to decide, so each pattern gives a few
witness paths at its extremes: its stars empty and long, `**` as no folder and as two,
with no descendants and with deep ones, at the root and deep down (if floating). Stars
become characters no literal pattern contains, so only wildcards can match them."""

from __future__ import annotations

from collections.abc import Sequence

from intranet.codeowners.index import PatternSet
from intranet.codeowners.match import ANY_DEPTH, compile_pattern, glob_chars
from intranet.codeowners.syntax import Rule

STAR, ONE = "\x00", "\x01"  # stand-ins for what `*` and `?` match


def shadowed(rules: Sequence[Rule]) -> dict[Rule, list[int]]:
    """Each rule taken over entirely, with the lines that take its witnesses."""
    found: dict[Rule, list[int]] = {}
    index = PatternSet([r.compiled for r in rules])
    for position, rule in enumerate(rules):
        takers = [index.last_match(w) for w in witnesses(rule.pattern.text)]
        if takers and all(t is not None and t > position for t in takers):
            found[rule] = sorted({rules[t].line for t in takers if t is not None})
    return found


def witnesses(pattern: str) -> list[str]:
    floating = compile_pattern(pattern).floating
    dir_only = pattern.endswith("/") and len(pattern) > 1
    segments = pattern.removesuffix("/").removeprefix("/").split("/")
    while segments and segments[0] == ANY_DEPTH:
        segments.pop(0)
    if not segments:
        return []  # `**`: a catch-all is shadowed by nothing but another catch-all
    # What follows the last segment: a folder's contents (dir), nothing (last: `dir/*`
    # and `dir/**` end there), or optionally anything (any).
    tail = "dir" if dir_only else "last" if segments[-1] in ("*", ANY_DEPTH) else "any"
    return [_witness(segments, floating, tail, long_stars, deep)
            for long_stars, deep in ((False, False), (True, True), (True, False),
                                     (False, True))]


def _witness(segments: list[str], floating: bool, tail: str, long_stars: bool,
             deep: bool) -> str:
    filler = [STAR, STAR * 3] if deep else []  # folders no literal pattern can name
    parts = list(filler) if floating else []
    for index, segment in enumerate(segments):
        if segment != ANY_DEPTH:
            parts.append(_fill(segment, long_stars))
        elif index == len(segments) - 1:
            parts += filler or [STAR]  # a trailing /** needs something inside
        else:
            parts += filler
    if tail == "dir":
        parts += filler or [STAR]
    elif tail == "any":
        parts += filler
    return "/".join(parts)


def _fill(segment: str, long_stars: bool) -> str:
    out = [(ONE if ch == "?" else STAR * 2 if long_stars else "") if wild else ch
           for ch, wild in glob_chars(segment)]
    return "".join(out) or ONE  # a lone `*` still needs one character
