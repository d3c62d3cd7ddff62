"""The YAML reader keeps values as written and refuses what could surprise or hurt."""

from __future__ import annotations

import pytest

from intranet.config.yaml import read as yamlread
from intranet.config.yaml.read import Map, Scalar, Seq
from intranet.errors import IntranetError


def messages(text: str) -> list[str]:
    with pytest.raises(IntranetError) as caught:
        yamlread.load(text, "content/x.md", first_line=2)
    return [str(f) for f in caught.value.findings]


def test_scalars_stay_as_written() -> None:
    node = yamlread.load("draft: no\nversion: 1.10\ndate: 2026-10-01\n", "f.yml")
    assert isinstance(node, Map)
    values = {k.value: v for k, v in node.items}
    assert values["draft"] == Scalar("no", 1, 8, plain=True)
    assert values["version"] == Scalar("1.10", 2, 10, plain=True)
    assert values["date"] == Scalar("2026-10-01", 3, 7, plain=True)


def test_quoted_scalar_is_not_plain() -> None:
    node = yamlread.load('policy: "2026.1"\ntags: [a, b]\n', "f.yml")
    assert isinstance(node, Map)
    assert node.get("policy") == Scalar("2026.1", 1, 9, plain=False)
    tags = node.get("tags")
    assert isinstance(tags, Seq) and [i.value for i in tags.items if isinstance(i, Scalar)] == [
        "a", "b"]


def test_positions_are_offset_to_the_file_line() -> None:
    node = yamlread.load("title: x\n", "f.md", first_line=2)
    assert isinstance(node, Map) and node.get("title") == Scalar("x", 2, 8, plain=True)


def test_aliases_are_refused_before_expansion() -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    assert messages(laughs) == [
        "content/x.md:2:4: error yaml-alias anchors and aliases (& and *) are not allowed; "
        "write the value out in full"]


def test_tags_are_refused() -> None:
    assert messages("x: !!python/object:os.system ls\n") == [
        "content/x.md:2:4: error yaml-tag YAML tags such as !!python/object:os.system are "
        "not allowed; remove the tag and write a plain value"]


def test_duplicate_keys_are_refused() -> None:
    assert messages("title: a\ntitle: b\n") == [
        "content/x.md:3:1: error yaml-duplicate-key duplicate key 'title' (first at line 2); "
        "keep one"]


def test_deep_nesting_is_refused() -> None:
    assert messages("x: " + "[" * 40 + "]" * 40) == [
        "content/x.md:2:35: error yaml-depth nested deeper than 32 levels; flatten the "
        "structure"]


def test_very_deep_nesting_is_refused_by_the_parser_without_recursion() -> None:
    assert messages("x: " + "[" * 5000 + "]" * 5000) == [
        "content/x.md:2:1003: error yaml-syntax invalid YAML: exceeded maximum nesting depth; "
        "fix the syntax"]


def test_syntax_errors_name_the_line() -> None:
    assert messages("title: [unclosed\nnext: 1\n") == [
        "content/x.md:3:5: error yaml-syntax invalid YAML: did not find expected ',' or ']'; "
        "fix the syntax"]


def test_control_characters_are_reported() -> None:
    assert messages("title: a\x00b\n") == [
        "content/x.md:2:1: error yaml-syntax invalid YAML: unacceptable character #x0000: "
        "control characters are not allowed; fix the syntax"]


def test_empty_document_is_none() -> None:
    assert yamlread.load("", "f.yml") is None
    assert yamlread.load("# only a comment\n", "f.yml") is None


def test_a_second_document_is_refused() -> None:
    assert messages("title: a\n---\nmore: b\n") == [
        "content/x.md:3:1: error yaml-syntax invalid YAML: only one YAML document is allowed "
        "here (a second `---` starts one); fix the syntax"]


def test_values_mkdocs_cannot_load_are_refused_all_at_once() -> None:
    assert messages("a: 0x_\nb: =\nc: <<\nd: [x, 0b_]\ne: 2026-02-30\n") == [
        'content/x.md:2:4: error yaml-value YAML reads 0x_ as a number it cannot make, so '
        'MkDocs would drop the whole front-matter; put it in double quotes: a: "0x_"',
        "content/x.md:3:4: error yaml-value YAML 1.1 reads a lone = as its `value` type, "
        "which PyYAML cannot load, so MkDocs would drop the whole front-matter; put it in "
        'double quotes: b: "="',
        "content/x.md:4:4: error yaml-value YAML 1.1 reads a lone << as a merge key, which "
        "cannot stand as a value, so MkDocs would drop the whole front-matter; put it in "
        'double quotes: c: "<<"',
        "content/x.md:5:8: error yaml-value YAML reads 0b_ as a number it cannot make, so "
        'MkDocs would drop the whole front-matter; put it in double quotes: "0b_"',
        "content/x.md:6:4: error yaml-date '2026-02-30' looks like a date but is not one, so "
        "MkDocs would drop the whole front-matter; fix it"]


def test_a_number_too_big_for_python_is_refused_not_a_crash() -> None:
    (message,) = messages("title: " + "9" * 5000 + "\n")
    assert message == (
        "content/x.md:2:8: error yaml-value YAML reads " + "9" * 59 + "\u2026 as a number it "
        "cannot make, so MkDocs would drop the whole front-matter; put it in double quotes: "
        'title: "' + "9" * 59 + '\u2026"')


def test_quoted_or_tagged_lookalikes_load() -> None:
    node = yamlread.load('a: "0x_"\nb: \'=\'\nc: !!str 12:30\n=: x\n', "f.yml")
    assert isinstance(node, Map)
    assert [(k.value, v) for k, v in node.items] == [
        ("a", Scalar("0x_", 1, 4, plain=False)), ("b", Scalar("=", 2, 4, plain=False)),
        # An explicit !!str keeps the text: MkDocs' loader does not type it.
        ("c", Scalar("12:30", 3, 4, plain=False)),
        # As a key, `=` is text to PyYAML's SafeConstructor (flatten_mapping).
        ("=", Scalar("x", 4, 4, plain=True))]


def test_the_non_specific_tag_is_refused_where_it_types_quoted_text() -> None:
    # `! "12"` loads as the number 12: the `!` makes YAML type even a quoted value.
    assert messages('title: ! "12"\n') == [
        "content/x.md:2:8: error yaml-tag YAML tags such as ! are not allowed; remove the tag "
        "and write a plain value"]


def test_plain_means_yaml_types_it() -> None:
    node = yamlread.load("a: 12\nb: ! 12\nc: |\n  12\n", "f.yml")
    assert isinstance(node, Map)
    assert [v for _, v in node.items] == [
        Scalar("12", 1, 4, plain=True), Scalar("12", 2, 4, plain=True),
        Scalar("12\n", 3, 4, plain=False)]
