"""Property: whatever bytes or YAML an author saves, the checker answers with findings
(path, line, rule) and never raises."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from intranet.checker import check_tree
from intranet.meta import Context
from intranet.org import load_org
from intranet.policy import load_policy

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
