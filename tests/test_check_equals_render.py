"""What the checker passes, the renderer publishes as the checker saw it.

Code-like constructs are where the two could disagree: the checker skips code, so
anything it takes for code that the site's Markdown renders as markup would pass the
check and then be cut by the sanitizer (the author's text silently gone) or, without
the sanitizer, run. Generated bodies mix fences (open, closed, indented, inside `???` and
`===` blocks), inline and escaped backticks, raw HTML and hostile tags; whenever the
check passes a body, rendering it with the site's extensions and sanitizing it must
remove nothing. And nothing outside content/ is read through a symbolic link."""

from __future__ import annotations

import html.parser
import random
from collections import Counter
from pathlib import Path

from conftest import ENGINE, ROOT, intranet, run

from intranet.config.org import load_org
from intranet.config.policy import load_policy
from intranet.policy.checker import check_file
from intranet.policy.meta import Context
from intranet.policy.rendered import render
from intranet.policy.sanitize import sanitize

SITE = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
CTX = Context(load_policy(ROOT / "policy.yml"), load_org(ROOT / "org.yml"), site_config=SITE)
HEAD = ('---\ntitle: Case\ndate: 2026-10-01\nauthors: [eve]\ndepartment: engineering\n'
        'classification: internal\npolicy: "2026.1"\n---\n\n')
HOSTILE = ['<b onclick="go()">x</b>', "<script>alert(1)</script>", '<img src="x.png">',
           '<a href="javascript:go()">x</a>', "<style>p{}</style>", "plain <em>ok</em>"]
PIECES = ["```", "```html", "~~~", "    ```", "\\`", "`", "``", "<div>", "</div>",
          '<div markdown="1">', '??? note "More"', '=== "Tab"', "- item", "> quote", "",
          "text", "    indented"]
EXAMPLES = 1500


class _Elements(html.parser.HTMLParser):
    """Every element and attribute name, and all the text, of a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # `markdown` is md_in_html's directive, left over where no Markdown was parsed
        # inside raw HTML: dropping it changes nothing a reader sees.
        names = sorted(name for name, _ in attrs if name != "markdown")
        self.elements.append((tag, tuple(names)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _shape(html_text: str) -> tuple[Counter[tuple[str, tuple[str, ...]]], str]:
    parser = _Elements()
    parser.feed(html_text)
    parser.close()
    return Counter(parser.elements), "".join(parser.text).replace("\n", "")


def _removed(before: str, after: str) -> tuple[list[tuple[str, tuple[str, ...]]], bool]:
    """Elements (with their attribute names) the sanitizer took out, and whether text was
    lost. Re-nesting invalid HTML (a <div> inside <p> splits the <p>) is no removal."""
    elements, text = _shape(before)
    kept, kept_text = _shape(after)
    return sorted((elements - kept).elements()), text != kept_text


def _body(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(2, 9)):
        piece = rng.choice(PIECES)
        if rng.random() < 0.25:
            indent = rng.choice(["", "    "]) if piece in ("", "text") else ""
            piece = f"{piece} {indent}{rng.choice(HOSTILE)}".strip()
        lines.append(piece)
    return "\n".join(lines) + "\n"


def test_what_the_check_passes_renders_with_nothing_removed() -> None:
    rng = random.Random(11)
    passed = 0
    for example in range(EXAMPLES):
        body = _body(rng)
        findings = check_file("engineering/posts/case.md", (HEAD + body).encode(), CTX).findings
        if any(f.severity == "error" for f in findings):
            continue
        passed += 1
        rendered = render(body, SITE)
        assert _removed(rendered, sanitize(rendered)) == ([], False), (example, body)
    assert passed > EXAMPLES // 5  # the generator must reach past the checker too


def test_a_symlinked_folder_is_refused_and_never_read(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secrets.md").write_text(HEAD + "The payroll export.\n", encoding="utf-8")
    (project / "content" / "engineering" / "linked").symlink_to(outside)
    done = intranet(project, "check")
    assert done.returncode == 1
    assert ("content/engineering/linked:1:1: error file-symlink symbolic links are not "
            "allowed under content/; replace the link with the file itself") in done.stdout
    done = intranet(project, "check", "content/engineering/linked/secrets.md")
    assert ("content/engineering/linked/secrets.md:1:1: error file-symlink symbolic links "
            "are not allowed under content/") in done.stdout
    built = run(project, *ENGINE, "build", "--site-dir",
                str(project / "out"))
    assert built.returncode == 1
    assert ("content/engineering/linked/secrets.md:1:1: error file-symlink symbolic links are "
            "not allowed under content/") in built.stderr
    assert not any("payroll" in p.read_text(errors="replace")
                   for p in (project / "out").rglob("*.html")) if (project / "out").exists() \
        else True
