"""Property: whatever bytes or YAML an author saves, the checker answers with findings
(path, line, rule) and never raises."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from intranet.config.org import load_org
from intranet.config.policy import load_policy
from intranet.config.yaml.read import Scalar, Seq
from intranet.policy import source
from intranet.policy.checker import check_tree
from intranet.policy.meta import Context

ROOT = Path(__file__).resolve().parent.parent
CTX = Context(load_policy(ROOT / "policy.yml"), load_org(ROOT / "org.yml"))
SRC = "engineering/posts/fuzz.md"

scalars = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none(),
                    st.floats(allow_nan=False), st.dates())
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                         max_leaves=12)


def assert_findings_only(data: bytes) -> None:
    report = check_tree([(SRC, data, False)], CTX)
    for finding in report.findings:
        assert finding.path == "content/" + SRC
        assert finding.line >= 1 and finding.column >= 1
        assert finding.rule and finding.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes(data: bytes) -> None:
    assert_findings_only(data)
    assert_findings_only(b"---\n" + data + b"\n---\n\nBody.\n")


@settings(max_examples=300, deadline=None)
@given(documents, st.text(max_size=200))
def test_arbitrary_yaml_front_matter(document: object, body: str) -> None:
    front = yaml.safe_dump(document, allow_unicode=True)
    assert_findings_only(f"---\n{front}---\n\n{body}".encode())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>'\"%@`#,? \n\tab1")), max_size=120))
def test_yaml_punctuation_soup(text: str) -> None:
    assert_findings_only(f"---\n{text}\n---\n\nBody.\n".encode())


# Values YAML 1.1 may type: the characters its resolvers look for, and whole words.
_TYPED = st.one_of(
    st.text(alphabet=st.sampled_from(list("0123456789.:_-+eExXbBoO~=<yYnN ")), min_size=1,
            max_size=10),
    st.sampled_from(["yes", "No", "ON", "off", "null", "~", "12:30", "0x_", ".inf", "1.0e+3",
                     "2026-01-01", "2026-02-30", "=", "<<", "0777", "1e3"]))
_TEXT_KEYS = ("title", "summary", "classification", "policy", "department")


@settings(max_examples=400, deadline=None)
@given(st.sampled_from((*_TEXT_KEYS, "tags", "authors")), _TYPED,
       st.sampled_from(["{}", '"{}"', "! {}", "[{}]", "[news, {}]"]))
def test_what_the_check_passes_mkdocs_loads_as_text(key: str, value: str, form: str) -> None:
    """mkdocs.utils.meta.get_data, the function MkDocs reads front-matter with, must load
    every front-matter the check passes with the same keys and the same text."""
    fields = {"title": "Update", "date": "2026-10-01", "authors": "[eve]",
              "department": "engineering", "classification": "internal",
              "policy": '"2026.1"', key: form.format(value.replace('"', ""))}
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n\nBody.\n"
    report = check_tree([(SRC, text.encode(), False)], CTX)
    if report.errors:
        return
    _, loaded = get_data(text)
    meta = source.split(text, SRC).meta
    assert meta is not None
    as_read: dict[str, object] = {k.value: _as_read(v) for k, v in meta.items}
    as_read["date"] = dt.date(2026, 10, 1)  # a date to both
    assert loaded == as_read, text


def _as_read(node: object) -> object:
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Seq):
        return [_as_read(item) for item in node.items]
    return node
