"""The everyday-shape reader (intranet.config.yaml.flat) must give exactly what libyaml gives, or
decline: a post read one way by the CLI and another by a slower path would be a bug nobody
could see."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intranet.config.yaml import flat as yamlflat
from intranet.config.yaml import read as yamlread
from intranet.config.yaml.read import Map, Scalar, Seq
from intranet.errors import IntranetError
from intranet.policy import source

ROOT = Path(__file__).parent.parent
POSTS = sorted((ROOT / "content").rglob("posts/*.md"))

# Pieces of front-matter, everyday and otherwise: what libyaml reads differently from a
# naive reader (comments, escapes, indicators, line breaks, tabs, dates that are not dates).
KEYS = ["title", "date", "tags", "authors", "a-b", "_x", "no", "Title"]
ODD_KEYS = ["x y", "2026-01-01", "? x", "<<", "k:", "-k", "&a k", "title ", "\u00e9"]
CHARS = [*"aZ09 .-_/+,:#\"'[]{}!&*|>%@`\\\t?=~", "\u00e9", "\u00a0", "\u2028", "\u0085",
         "\ufeff", "\U0001f600", "\x7f", "\u00e4"]
WORDS = ["internal", "2026-10-01", "no", "1.10", "a b", "a  b", "[a, b]", "[]", "[ ]",
         '["a", "b"]', "['a','b']", '"x"', "'x'", "We're moving!", "Q3 results (final)",
         "caf\u00e9", "\u00a0lead", '"a, b: c # d"', "a/b+c", "x\U0001f600", "12:30", "yes",
         "null", "07", "1.0e+3", "0x1F", "1e3", '"0x_"']
ODD_WORDS = ["2026-13-45", "2026-1-1 10:00:00", "~", "null", "x: y", "a #b", "a#b", "C#",
             "- x", "[a,b,]", "[a, [b]]", "[a b]", '"a\\"b"', "'it''s'", '"a" b', '"a" # c',
             "|", ">", "&x a", "*x", "!!str a", "{a: b}", "[2026-13-45]", "-", "a:", "", " ",
             # What YAML 1.1 types and then cannot make: MkDocs would drop the front-matter.
             "0x_", "0b_", "-0x_", "=", "<<", "[a, 0b_]", "2026-01-01 24:00:00", "! 12",
             '! "12"', "9" * 5000]


def _word(rng: random.Random, odd: float) -> str:
    if rng.random() > odd:
        return rng.choice(WORDS)
    if rng.random() < 0.5:
        return rng.choice(ODD_WORDS)
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(1, 8)))


def _line(rng: random.Random, odd: float, indent: str) -> str:
    key = rng.choice(ODD_KEYS if rng.random() < odd else KEYS)
    kind = rng.random()
    if kind < 0.45:
        return f"{key}: {_word(rng, odd)}" + (" " * rng.randint(0, 2) if rng.random() < odd else "")
    if kind < 0.55:
        return f"{key}:"
    if kind < 0.8:
        lead = rng.choice((indent, '', '   ')) if rng.random() < odd else indent
        return f"{lead}- {_word(rng, odd)}"
    if kind < 0.9:
        return rng.choice(["", "   ", "# note: a comment", "  # indented", "...", "---"])
    return f"{' ' * rng.randint(0, 3)}{_word(rng, odd)}"


def _document(rng: random.Random) -> str:
    odd = rng.choice((0.0, 0.02, 0.1, 0.5))
    indent = rng.choice(("", "  ", "    "))
    return "".join(_line(rng, odd, indent) + "\n" for _ in range(rng.randint(1, 8)))


def _libyaml(text: str) -> object:
    try:
        return yamlread.load(text, "content/x.md", first_line=2)
    except IntranetError as exc:
        return exc.findings


def test_both_readers_agree_on_generated_front_matter() -> None:
    rng = random.Random(2026)
    taken = 0
    for _ in range(20_000):
        text = _document(rng)
        fast = yamlflat.read(text, 2)
        if fast is not None:
            taken += 1
            assert fast == _libyaml(text), text
    assert taken > 1_000  # the generator does reach the fast reader


_TEXT = st.text(alphabet=st.sampled_from([*CHARS, "a", "b", ":", " ", "-", "2"]), max_size=12)
_LINES = st.lists(st.one_of(
    st.builds("{}:{}".format, st.sampled_from(KEYS + ODD_KEYS), _TEXT),
    st.builds("{}- {}".format, st.sampled_from(["", "  ", "    ", " "]), _TEXT),
    st.builds("{}-{}".format, st.sampled_from(["", "  "]), _TEXT),
    _TEXT,
), min_size=1, max_size=6)


@settings(max_examples=1000, deadline=None)
@given(_LINES)
def test_both_readers_agree_on_arbitrary_lines(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    fast = yamlflat.read(text, 2)
    if fast is not None:
        assert fast == _libyaml(text)


@pytest.mark.parametrize("post", POSTS, ids=[p.name for p in POSTS])
def test_the_demo_posts_take_the_fast_path(post: Path) -> None:
    text = source.decode(post.read_bytes(), str(post))
    match = source.FRONT_MATTER.match(text)
    assert match is not None
    fast = yamlflat.read(match.group(1), 2)
    assert fast is not None and fast == _libyaml(match.group(1))


def test_the_fast_reader_keeps_positions_and_quoting() -> None:
    text = 'title: "Hello, world"\ndate: 2026-10-01\ntags:\n  - news\n  - it\nx: [a, "b"]\n'
    assert yamlflat.read(text, 2) == Map((
        (Scalar("title", 2, 1, True), Scalar("Hello, world", 2, 8, False)),
        (Scalar("date", 3, 1, True), Scalar("2026-10-01", 3, 7, True)),
        (Scalar("tags", 4, 1, True), Seq((Scalar("news", 5, 5, True), Scalar("it", 6, 5, True)),
                                         5, 3)),
        (Scalar("x", 7, 1, True), Seq((Scalar("a", 7, 5, True), Scalar("b", 7, 8, False)),
                                      7, 4)),
    ), 2, 1)


@pytest.mark.parametrize("text", [
    "title: a\ntitle: b\n",  # a duplicate key: libyaml's reader reports it
    "date: 2026-13-45\n",  # looks like a date but is not one
    "title: a # comment\n",
    'title: "a\\tb"\n',  # an escape
    "title:\n",  # YAML's null
    "title: first\n  second\n",  # a value over two lines
    "title: a\u2028b\n",  # a line break to YAML
    "tags:\n  - \n",  # an empty entry
    "tags:\n  -\n",
    "tags:\n  - a\n  -   \n",
    "title: 0x_\n",  # YAML types these and cannot make them: libyaml's reader says so
    "tags: [a, 0b_]\n",
    "tags:\n  - 0x__\n",
    "title: " + "9" * 5000 + "\n",
])
def test_the_fast_reader_declines_what_it_does_not_read(text: str) -> None:
    assert yamlflat.read(text, 2) is None
