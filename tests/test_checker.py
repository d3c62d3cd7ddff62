"""The policy checker, hazard by hazard: every bad file raises its rule and nothing else,
every good file passes, and messages say where and what to do."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from intranet.config.org import load_org
from intranet.config.policy import load_policy
from intranet.errors import Finding
from intranet.policy.checker import check_tree
from intranet.policy.meta import Context

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
CTX = Context(load_policy(ROOT / "policy.yml"), load_org(ROOT / "org.yml"),
              site_config=(ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
POST = "engineering/posts/{}.md"


def check(files: dict[str, bytes], ctx: Context = CTX, *, symlink: str = "") -> list[Finding]:
    return check_tree(((src, data, src == symlink) for src, data in files.items()),
                      ctx).findings


def corpus(kind: str) -> list[Path]:
    return sorted((CORPUS / kind).glob("*.md"))


@pytest.mark.parametrize("path", corpus("bad"), ids=lambda p: p.stem)
def test_each_hazard_raises_its_rule(path: Path) -> None:
    expected = path.stem.split("__")[0]
    found = check({POST.format(path.stem): path.read_bytes()})
    assert {f.rule for f in found} == {expected}, [str(f) for f in found]
    assert all(f.path == "content/" + POST.format(path.stem) for f in found)


@pytest.mark.parametrize("path", corpus("good"), ids=lambda p: p.stem)
def test_good_posts_pass(path: Path) -> None:
    assert check({POST.format(path.stem): path.read_bytes()}) == []


def test_the_demo_content_passes() -> None:
    files = {p.relative_to(ROOT / "content").as_posix(): p.read_bytes()
             for p in (ROOT / "content").rglob("*") if p.is_file()}
    assert len(files) >= 40
    assert check(files) == []


def text(name: str) -> bytes:
    return (CORPUS / "bad" / f"{name}.md").read_bytes()


def messages(files: dict[str, bytes], symlink: str = "") -> list[str]:
    return [str(f) for f in check(files, symlink=symlink)]


def test_confidential_says_where_it_belongs() -> None:
    assert messages({POST.format("c"): text("meta-classification")}) == [
        "content/engineering/posts/c.md:6:17: error meta-classification classification "
        "'confidential' cannot be published: confidential and restricted material never "
        "belongs on the intranet; store it in the document management system, where access "
        "is controlled. Use internal or public for intranet posts"]


def test_changed_posts_must_name_the_current_policy() -> None:
    old = (CORPUS / "good" / "older-policy.md").read_bytes()
    changed = Context(CTX.policy, CTX.org, changed=True)
    assert messages({POST.format("old"): old}) == []
    assert [str(f) for f in check({POST.format("old"): old}, changed)] == [
        "content/engineering/posts/old.md:7:9: error meta-policy-current a new or changed "
        "post must acknowledge the current usage policy; read it and write "
        '`policy: "2026.1"`']


def test_every_problem_in_a_file_is_reported() -> None:
    data = (b"---\ntitle: Hi\ndate: 2026-10-01\nauthors: [eve]\ndepartment: sales\n"
            b"classification: secret\npolicy: \"2026.1\"\n---\n\n<script>x()</script>\n"
            b"![](a.png) and card 4111 1111 1111 1111\n")
    assert [(f.line, f.column, f.rule) for f in check({POST.format("many"): data})] == [
        (5, 13, "meta-department"), (6, 17, "meta-classification"), (10, 1, "markup-html"),
        (11, 1, "image-alt"), (11, 21, "watched-card-number")]


def test_unknown_tag_is_only_a_warning() -> None:
    (found,) = check({POST.format("t"): text("meta-tag-unknown")})
    assert found.severity == "warning"
    assert str(found) == (
        "content/engineering/posts/t.md:8:17: warning meta-tag-unknown tag 'gossip' is not in "
        "the taxonomy in policy.yml; pick one from the Tags page or ask IT to add it")


@pytest.mark.parametrize(("src", "data", "rule"), [
    ("engineering/posts/Launch.md", b"", "file-path"),
    ("engineering/posts/caf\xc3\xa9.md".encode("latin-1").decode("utf-8"), b"", "file-path"),
    ("engineering/.hidden.md", b"", "file-path"),
    ("engineering/notes.txt", b"hello", "file-type"),
    ("engineering/logo.svg", b"<svg/>", "file-type"),
    ("engineering/posts/binary.md", b"\x89PNG\r\n\x1a\n\x00\x00", "file-binary"),
    ("engineering/posts/latin1.md", b"---\ntitle: Caf\xe9\n---\n", "file-encoding"),
    ("people/index.md", b"---\ntitle: Us\n---\n", "file-reserved"),
])
def test_file_rules(src: str, data: bytes, rule: str) -> None:
    assert rule in {f.rule for f in check({src: data})}


def test_size_limit() -> None:
    body = b"word " * 20000
    found = check({POST.format("big"): text("meta-missing").replace(b"We", body)})
    assert [f.rule for f in found] == ["file-size"]
    assert found[0].message == ("the file is 100035 bytes, over the limit of 65536; split it "
                                "or link to a document")


def test_symbolic_links_are_refused() -> None:
    assert messages({"engineering/posts/link.md": b""}, symlink="engineering/posts/link.md") \
        == ["content/engineering/posts/link.md:1:1: error file-symlink symbolic links are not "
            "allowed under content/; replace the link with the file itself"]


def test_one_page_per_url() -> None:
    page = b"---\ntitle: Guide\ndepartment: engineering\n---\n\nHow we work.\n"
    assert messages({"engineering/guide.md": page, "engineering/guide/index.md": page}) == [
        "content/engineering/guide/index.md:1:1: error file-duplicate-url this page and "
        "content/engineering/guide.md both publish /engineering/guide/; rename or remove one"]


def test_pages_need_a_title_and_their_own_department() -> None:
    assert messages({"hr/benefits.md": b"---\ndepartment: sales\n---\n\nPerks.\n"}) == [
        "content/hr/benefits.md:2:1: error meta-missing-key a page's front-matter has no "
        "'title'; add `title: ...`",
        "content/hr/benefits.md:2:13: error meta-department this page lives in content/hr but "
        "claims department 'sales'; write `department: hr`"]


def test_multimarkdown_metadata_is_refused() -> None:
    assert messages({"hr/faq.md": b"template: evil.html\n\nQuestions.\n"}) == [
        "content/hr/faq.md:1:1: error front-matter-style MkDocs would read this first line as "
        "hidden metadata; put front-matter between `---` lines, or start with a blank line"]


def test_windows_editor_post_reads_the_same() -> None:
    windows = (CORPUS / "good" / "windows-editor.md").read_bytes()
    assert windows.startswith(b"\xef\xbb\xbf") and b"\r\n" in windows
    unix = (CORPUS / "good" / "plain.md").read_bytes()
    results = check_tree([(POST.format("w"), windows, False), (POST.format("u"), unix, False)],
                         CTX).checked
    assert results[0].post is not None and results[1].post is not None
    assert replace(results[0].post, src="") == replace(results[1].post, src="")
