"""Every CODEOWNERS vector collected from five peer implementations and the GitHub and
GitLab docs (tests/data/codeowners.json): settled ones must pass; for the unsettled ones
we assert the behaviour the README documents, and that the validator flags the pattern."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from codeowners import CodeOwners
from hypothesis import given
from hypothesis import strategies as st

from intranet.codeowners import parse_codeowners, parse_gitlab_codeowners
from intranet.codeowners.check import validate
from intranet.codeowners.match import compile_pattern, regex
from intranet.config.org import load_org

ROOT = Path(__file__).resolve().parent.parent
DATA = json.loads((ROOT / "tests" / "data" / "codeowners.json").read_text(encoding="utf-8"))
VECTORS: list[dict[str, Any]] = DATA["vectors"]
SETTLED = [v for v in VECTORS if v["settled"]]
UNSETTLED = [v for v in VECTORS if not v["settled"]]


def test_every_vector_is_run() -> None:
    assert (len(VECTORS), len(SETTLED), len(UNSETTLED)) == (577, 540, 37)
    assert {v["kind"] for v in VECTORS} == {"pattern", "owners", "gitlab-sections",
                                            "gitlab-section-header"}


def matches(pattern: str, path: str) -> bool:
    return parse_codeowners(f"{pattern} @owner\n").owners_for(path) == ["@owner"]


@pytest.mark.parametrize("vector", SETTLED, ids=[v["id"] for v in SETTLED])
def test_settled_vector(vector: dict[str, Any]) -> None:
    kind, text = vector["kind"], vector.get("codeowners", "")
    if kind == "pattern":
        assert matches(vector["pattern"], vector["path"]) is vector["matches"]
        # The pattern alone, outside the merged index, must agree too.
        alone = regex(compile_pattern(vector["pattern"])).match(vector["path"])
        assert (alone is not None) is vector["matches"]
    elif kind == "owners":
        assert parse_codeowners(text).owners_for(vector["path"]) == vector["owners"]
    elif kind == "gitlab-sections":
        assert parse_gitlab_codeowners(text).sections_for(vector["path"]) == vector["sections"]
    else:
        section = parse_gitlab_codeowners(text).section(vector["section"])
        assert section is not None
        assert {"optional": section.optional,
                "approvals_required": section.approvals_required} == vector["expected"]


def flagged(pattern: str, path: str) -> list[tuple[int, str, str]]:
    org = load_org(ROOT / "org.yml")
    found = validate(f"{pattern} @ivan @priya\n", "CODEOWNERS", "github", org, [path])
    # Whether the one-file tree is covered is beside the point here.
    tree = ("codeowners-no-match", "codeowners-unowned")
    return [(f.line, f.severity, f.rule) for f in found if f.rule not in tree]


def reason(vector: dict[str, Any]) -> str:
    notes = " ".join(vector["notes"])
    for key in ("unescaped-brackets", "negation", "CONFLICT", "directory-path",
                "path-with-leading-slash"):
        if key in notes:
            return key
    return "unknown"


@pytest.mark.parametrize("vector", UNSETTLED, ids=[v["id"] for v in UNSETTLED])
def test_unsettled_vector_follows_the_documented_choice(vector: dict[str, Any]) -> None:
    pattern, path, why = vector["pattern"], vector["path"], reason(vector)
    if why in ("unescaped-brackets", "negation"):
        # GitHub skips the line: it matches nothing, and check says so.
        assert parse_codeowners(f"{pattern} @owner\n").owners_for(path) is None
        assert (1, "error", "codeowners-unsupported") in flagged(pattern, path)
    elif why == "CONFLICT":
        # Read as git reads `foo/**/`: folders below foo, so not foo's own files.
        assert matches(pattern, path) is False
        assert flagged(pattern, path) == [(1, "warning", "codeowners-ambiguous")]
    elif why == "directory-path":
        # A trailing '/' names a folder, as the peers read it.
        assert matches(pattern, path) is vector["matches"]
    else:
        assert why == "path-with-leading-slash"
        with pytest.raises(ValueError, match="is not a repository-relative path"):
            parse_codeowners(f"{pattern} @owner\n").owners_for(path)


SEGMENTS = ("foo", "bar", "*", "**", "f*", "*.md", "?ar", "b\\*r")
PATH_SEGMENTS = ("foo", "bar", "x.md", "far", "b*r")
PATTERNS = sorted({lead + "/".join(core) + trail for n in (1, 2)
                   for core in itertools.product(SEGMENTS, repeat=n)
                   for lead in ("", "/") for trail in ("", "/")})
PATHS = ["/".join(p) for n in (1, 2, 3) for p in itertools.product(PATH_SEGMENTS, repeat=n)]


def test_the_codeowners_package_agrees_on_every_grid_pattern() -> None:
    # sbdchd/codeowners (PyPI) as an independent oracle, on patterns GitHub supports.
    for pattern in PATTERNS:
        ours, theirs = parse_codeowners(f"{pattern} @o\n"), CodeOwners(f"{pattern} @o\n")
        for path in PATHS:
            assert (ours.owners_for(path) == ["@o"]) is bool(theirs.of(path)), (pattern, path)


@given(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=30),
       st.sampled_from(PATHS))
def test_merged_index_picks_the_last_matching_rule(patterns: list[str], path: str) -> None:
    text = "".join(f"{p} @o{i}\n" for i, p in enumerate(patterns))
    expected = next((f"@o{i}" for i, p in reversed(list(enumerate(patterns)))
                     if regex(compile_pattern(p)).match(path)), None)
    assert parse_codeowners(text).owners_for(path) == (None if expected is None
                                                        else [expected])
