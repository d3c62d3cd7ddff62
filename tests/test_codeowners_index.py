"""The indexes that make `intranet codeowners check` fast on a big repository answer
exactly what trying every pattern on every file answers: which line each file gets (the
pattern tree) and whether a line matches any file at all (codeowners-no-match)."""

from __future__ import annotations

import itertools

from hypothesis import example, given
from hypothesis import strategies as st

from intranet.codeowners import parse_codeowners
from intranet.codeowners.files import Files
from intranet.codeowners.match import compile_pattern, regex
from intranet.codeowners.org import governance

SEGMENTS = ("foo", "bar", "foobar", "*", "**", "f*", "*.md", "?ar", "b\\*r", "x.md")
PATTERNS = sorted({lead + "/".join(core) + trail for n in (1, 2, 3)
                   for core in itertools.product(SEGMENTS, repeat=n)
                   for lead in ("", "/") for trail in ("", "/")})
# Real files, and what tests and odd repositories hand over too: a folder's trailing '/',
# a name with a line break (which the patterns' regexes do not cross).
NAMES = ("foo", "bar", "foobar", "x.md", "b*r", "fo", "a\nb")
PATHS = ["/".join(p) + end for n in (1, 2, 3, 4) for p in itertools.product(NAMES, repeat=n)
         for end in ("", "/") if n < 4 or not end]


@given(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=40),
       st.lists(st.sampled_from(PATHS), max_size=30))
@example(["*", "*.md", "x.md", "foo/"], ["a\nb", "foo/a\nb.md"])  # only the whole path tells
def test_any_match_is_a_scan_of_every_file(patterns: list[str], files: list[str]) -> None:
    indexed = Files(files)
    for pattern in patterns:
        compiled = compile_pattern(pattern)
        scanned = any(regex(compiled).match(path) for path in files)
        assert indexed.any_match(compiled) is scanned, (pattern, files)


@given(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=60),
       st.sampled_from([p for p in PATHS if "\n" not in p]))
def test_the_pattern_tree_picks_the_last_matching_line(patterns: list[str], path: str) -> None:
    text = "".join(f"{p} @o{i}\n" for i, p in enumerate(patterns))
    expected = next((f"@o{i}" for i, p in reversed(list(enumerate(patterns)))
                     if regex(compile_pattern(p)).match(path)), None)
    assert parse_codeowners(text).owners_for(path) == (None if expected is None
                                                        else [expected])


def test_governance_paths_are_found_in_any_order_of_files() -> None:
    files = ["zeta/x", "scripts/test", "org.yml", "hooks/h.py", "orgs.yml", "scriptsx/y"]
    assert governance(files, "github") == [".github/", "hooks/", "org.yml", "scripts/"]
    assert governance(["mkdocs.yml.bak", "tests"], "gitlab") == [".gitlab/"]

