"""What passes the check, the build publishes, as the checker read it (threat model,
point 6), for front-matter.

MkDocs loads front-matter with PyYAML's SafeLoader, which types values YAML 1.1 style
(`12:30` is 750, `yes` is True, `2026-01-01` a date) and drops the whole front-matter
when a value it typed cannot be made (`0x_`, `=`); the checker reads every value as
written. A generated corpus of front-matter (the YAML 1.1 type zoo and random value
shapes, written plain, quoted, as blocks, in flow and block lists) goes through
`intranet check` and two real builds:

- MkDocs alone, holding every generated post: the Material theme and a hook that only
  writes down `page.meta` as MkDocs loaded it. Our hooks are left out, because they
  refuse the whole site at the first refused post, and so is Material's tags plugin,
  which aborts the whole build on a tag it cannot file (a date, a null): this build is
  how MkDocs itself reads each file, file by file.
- The intranet's own build (its hooks, theme and plugins) of the posts the check passed.

Every post the check passes must be loaded by MkDocs with the same keys and the same
text in every field, and published by our build with that title in the <title> and the
h1 and those tags on the page. So a post MkDocs cannot load, or reads otherwise, can only
be one the check refuses.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from conftest import ENGINE, ROOT, intranet, run

from intranet.config.org import load_org
from intranet.config.policy import load_policy
from intranet.config.yaml.read import Map, Scalar, Seq
from intranet.policy import source
from intranet.policy.checker import check_tree
from intranet.policy.meta import Context

SITE_NAME = "Fieldstone intranet"
POSTS = "content/engineering/posts"
RANDOM_CASES = 300
# The YAML 1.1 type zoo, as PyYAML's resolver (yaml/resolver.py) sees it, and text that
# only looks like it.
BOOLS = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
         "on", "On", "OFF", "off", "y", "n", "Y", "N"]
NULLS = ["null", "Null", "NULL", "~", ""]
INTS = ["0", "7", "012", "0o12", "0x1F", "0xff", "0b101", "-17", "+3", "1_000", "12:30",
        "190:20:30", "0x_", "0b_", "-0x_", "+0b__", "08", "09:30", "1:60", "0_", "00",
        "9" * 5000]
FLOATS = ["1.5", "1.", "-.5", ".5", ".inf", "-.Inf", ".NaN", "+.nan", "1.0e+3", "1e3",
          "1.0e3", "6.8523015e+5", "685_230.15", "190:20:30.15", "._", "1._", "._e+1",
          "2026.1", "2026.10"]
TIMESTAMPS = ["2026-01-01", "2026-1-1", "2001-12-14t21:59:43.10-05:00",
              "2001-12-14 21:59:43.10 -5", "2026-02-30", "2026-13-45", "0000-01-01",
              "2026-01-01 24:00:00", "2026-01-01T10:00:00Z", "2026-01-01 10:00:00 +99"]
SPECIAL = ["=", "<<", "-", "?", "!", "& a", "|", ">", "%", "@", "`", ":", "a: b", "a #b",
           "[a, b]", "{a: b}", "!!str 12", "! 12", "!!int 7", "*a", "&a x", "- a", "a,b"]
TEXT = ["Quarterly update", "Update: the plan", "Café on the 3rd floor", "日本語のお知らせ",
        "Launch 🚀 day", "Q3 results (final)", "We're moving!", "Dispatch 4.0 is out",
        "1e3 units shipped", "On call rota", "null pointer bugs", "2026 plans",
        "12:30 standup moved", "v1.10", "0.1.0", "*bold* claims", "a_b_c", "50% off",
        "C# tips", "a & b", "back\\slash", "\u00a0lead", "ends with space ", "ÿes", "\uff39es",
        "yes!", "No. 1", "Tuesday 12:30", "2026-01-01 plans", "E=mc2"]
ZOO = BOOLS + NULLS + INTS + FLOATS + TIMESTAMPS + SPECIAL + TEXT
SHAPE = "0123456789.:_-+exbo ,#yn~=<"
FORMS = ["plain", "plain", "double", "single", "comment", "literal", "folded", "bang",
         "bang-double", "str-tag"]
BASE: dict[str, str | list[str]] = {"title": "Agreement", "date": "2026-10-01", "authors": ["eve"],
        "department": "engineering", "classification": "internal", "policy": "2026.1"}
LIST_KEYS = ("authors", "tags")


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    probe: str  # the key whose value was generated


def _value(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(ZOO)
    return "".join(rng.choice(SHAPE) for _ in range(rng.randint(1, 8)))


def _scalar(text: str, form: str, indent: str, flow: bool) -> str:
    """`text` written in `form`; block forms start on the next line, at `indent`."""
    double = json.dumps(text, ensure_ascii=False)
    single = "'" + text.replace("'", "''") + "'"
    if flow and form in ("comment", "literal", "folded"):
        form = "plain"
    return {"plain": text, "double": double, "single": single, "comment": f"{text} # note",
            "literal": f"|-\n{indent}{text}", "folded": f">-\n{indent}{text}",
            "bang": f"! {text}", "bang-double": f"! {double}",
            "str-tag": f"!!str {text}"}[form]


def _entry(rng: random.Random, key: str, value: str | list[str], probe: bool) -> str:
    def form() -> str:
        return rng.choice(FORMS) if probe else "plain"

    if key == "policy" and not probe:
        return 'policy: "2026.1"'
    if isinstance(value, str):
        return f"{key}: {_scalar(value, form(), '  ', flow=False)}"
    if rng.random() < 0.5:
        return f"{key}: [" + ", ".join(_scalar(v, form(), "", flow=True) for v in value) + "]"
    return f"{key}:" + "".join(f"\n  - {_scalar(v, form(), '    ', flow=False)}"
                               for v in value)


def _case(rng: random.Random, number: int, probe: str, value: str) -> Case:
    fields: dict[str, str | list[str]] = dict(BASE)
    fields["title"] = f"Agreement case {number}"
    if probe in LIST_KEYS:
        fields[probe] = [*rng.sample(["news", "tools", value], k=2), value]
    else:
        fields[probe] = value
    lines = [_entry(rng, key, val, key == probe) for key, val in fields.items()]
    if rng.random() < 0.1:
        lines.insert(rng.randint(0, len(lines)), "# a comment line")
    if rng.random() < 0.2:
        rng.shuffle(lines)
    close = "..." if rng.random() < 0.05 else "---"
    text = "---\n" + "\n".join(lines) + f"\n{close}\n\nThe body of case {number}.\n"
    return Case(f"agree-{number:03d}", text, probe)


def generate() -> list[Case]:
    rng = random.Random(2026)
    cases = [_case(rng, n, "title", value) for n, value in enumerate(ZOO)]
    probes = ["title"] * 5 + ["tags"] * 2 + ["summary", "policy", "classification",
                                             "department", "authors", "date"]
    for n in range(len(cases), len(cases) + RANDOM_CASES):
        cases.append(_case(rng, n, rng.choice(probes), _value(rng)))
    return cases


OBSERVER = '''
"""Writes down page.meta as MkDocs loaded it: strings as strings, anything else typed."""
import json


def _typed(value):
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return {"type": type(value).__name__, "repr": repr(value)[:60]}


loaded = {}


def on_page_markdown(markdown, page, config, files):
    loaded[page.file.src_uri] = {k: _typed(v) for k, v in page.meta.items()}
    return markdown


def on_post_build(config):
    with open("loaded.json", "w", encoding="utf-8") as out:
        json.dump(loaded, out, ensure_ascii=False)
'''
MKDOCS_ALONE = f"""site_name: {SITE_NAME}
docs_dir: content
theme:
  name: material
  custom_dir: overrides
  font: false
hooks:
  - observer.py
"""


def _mkdocs_alone(directory: Path, cases: list[Case]) -> dict[str, dict[str, object]]:
    """page.meta of every case as MkDocs alone loads it, and each page's <title>."""
    posts = directory / POSTS
    posts.mkdir(parents=True)
    (directory / "content" / "index.md").write_text("# Home\n", encoding="utf-8")
    for case in cases:
        (posts / f"{case.name}.md").write_text(case.text, encoding="utf-8")
    (directory / "mkdocs.yml").write_text(MKDOCS_ALONE, encoding="utf-8")
    (directory / "observer.py").write_text(OBSERVER, encoding="utf-8")
    shutil.copytree(ROOT / "hooks" / "overrides", directory / "overrides")
    built = run(directory, *ENGINE, "build", "--site-dir", "site")
    assert built.returncode == 0, built.stderr
    loaded: dict[str, dict[str, object]] = json.loads(
        (directory / "loaded.json").read_text(encoding="utf-8"))
    for case in cases:
        page = directory / "site" / "engineering" / "posts" / case.name / "index.html"
        loaded[case.name] = {"meta": loaded.pop(f"engineering/posts/{case.name}.md"),
                             "tab": _tab(page.read_text(encoding="utf-8"))}
    return loaded


def _tab(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert match is not None
    return _shown(match.group(1).removesuffix(f" - {SITE_NAME}"))


def _h1(page: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL)
    assert match is not None
    return _shown(re.sub(r'<a class="headerlink".*?</a>|<[^>]+>', "", match.group(1)))


def _tags(page: str) -> list[str]:
    return [_shown(t) for t in re.findall(r'class="md-tag(?: [^"]*)?"[^>]*>(.*?)</', page)]


def _shown(text: str) -> str:
    """Text as a reader sees it: entities decoded, runs of white space as one space."""
    return " ".join(html.unescape(text).split())


def _checker_meta(case: Case) -> Map:
    parsed = source.split(source.decode(case.text.encode(), case.name), case.name)
    assert parsed.meta is not None
    return parsed.meta


def _expected(meta: Map) -> dict[str, object]:
    """page.meta as MkDocs must load it if the checker read it right, in the observer's
    terms: text as text; a date the checker reads from an unquoted value, a date."""
    expected: dict[str, object] = {}
    for key, node in meta.items:
        if isinstance(node, Seq):
            expected[key.value] = [i.value for i in node.items if isinstance(i, Scalar)]
        elif isinstance(node, Scalar) and key.value in ("date", "expires") and node.plain:
            expected[key.value] = {"type": "date",
                                   "repr": repr(dt.date.fromisoformat(node.value))}
        elif isinstance(node, Scalar):
            expected[key.value] = node.value
    return expected


def _check(project: Path) -> tuple[set[str], set[str]]:
    """The posts `intranet check` refuses, and the rules it raised."""
    done = intranet(project, "check", "--format", "json", "--no-cache")
    findings = json.loads(done.stdout)["findings"]
    return ({Path(f["path"]).stem for f in findings if f["severity"] == "error"},
            {f["rule"] for f in findings})


def test_what_the_check_passes_mkdocs_reads_and_the_build_publishes_alike(
        project: Path, tmp_path: Path) -> None:
    cases = generate()
    for case in cases:
        (project / POSTS / f"{case.name}.md").write_text(case.text, encoding="utf-8")
    refused, rules = _check(project)
    alone = _mkdocs_alone(tmp_path / "alone", cases)
    passed = [c for c in cases if c.name not in refused]

    # MkDocs alone loads every passed post as the checker read it: same keys, same text.
    misread = [f"{c.name}: {_misread(c, alone[c.name])}\n{c.text}" for c in passed
               if _misread(c, alone[c.name])]
    assert misread == []

    # Our build publishes them, with the checker's title in the tab and the h1.
    for case in cases:
        if case.name in refused:
            (project / POSTS / f"{case.name}.md").unlink()
    built = run(project, *ENGINE, "build", "--site-dir", "site")
    assert built.returncode == 0, built.stderr
    assert "ERROR" not in built.stderr
    site = project / "site" / "engineering" / "posts"
    shown = [f"{c.name}: {_unlike(c, site / c.name / 'index.html')}\n{c.text}" for c in passed
             if _unlike(c, site / c.name / "index.html")]
    assert shown == []

    # The corpus reaches both sides, and every hazard.
    dropped = [c for c in cases if alone[c.name]["meta"] == {}]
    typed = [c for c in cases if isinstance(_title(alone[c.name]["meta"]), dict)]
    assert len(passed) > len(cases) // 4
    assert len(dropped) > 10  # front-matter MkDocs could not load at all
    assert len(typed) > 30  # titles MkDocs reads as numbers, dates, yes/no or null
    assert {"yaml-type", "yaml-value", "yaml-date", "yaml-tag", "yaml-syntax"} <= rules


def _misread(case: Case, alone: dict[str, object]) -> str:
    """How MkDocs alone read `case` otherwise than the checker; "" when alike."""
    expected = _expected(_checker_meta(case))
    if alone["meta"] != expected:
        return f"MkDocs loaded {alone['meta']}, the checker read {expected}"
    if alone["tab"] != _shown(str(expected["title"])):
        return f"the tab shows {alone['tab']!r}, the checker read {expected['title']!r}"
    return ""


def _unlike(case: Case, page: Path) -> str:
    """How our build shows `case` otherwise than the checker read it; "" when alike."""
    if not page.is_file():
        return "not published"
    meta = _checker_meta(case)
    title, tags = meta.get("title"), meta.get("tags")
    assert isinstance(title, Scalar)
    text = page.read_text(encoding="utf-8")
    if not _tab(text) == _h1(text) == _shown(title.value):
        return f"tab {_tab(text)!r}, h1 {_h1(text)!r}, the checker read {title.value!r}"
    written = [t.value for t in tags.items if isinstance(t, Scalar)] if isinstance(
        tags, Seq) else []
    # The post's tag chips (tagpages.py): each tag once, in the order written.
    if _tags(text) != list(dict.fromkeys(_shown(t) for t in written)):
        return f"tags {_tags(text)}, the checker read {written}"
    return ""


def _title(meta: object) -> object:
    return meta.get("title") if isinstance(meta, dict) else None


CTX = Context(load_policy(ROOT / "policy.yml"), load_org(ROOT / "org.yml"))
HEAD = ("---\ntitle: {title}\ndate: 2026-10-01\nauthors: [eve]\ndepartment: engineering\n"
        "classification: internal\npolicy: {policy}\n{extra}---\n\nBody.\n")


def _messages(title: str = "Update", policy: str = '"2026.1"', extra: str = "") -> list[str]:
    text = HEAD.format(title=title, policy=policy, extra=extra)
    return [str(f) for f in check_tree([("engineering/posts/p.md", text.encode(), False)],
                                       CTX).findings]


def test_text_yaml_reads_as_another_type_is_refused_with_its_fix() -> None:
    where = "content/engineering/posts/p.md"
    assert _messages(title="12:30") == [
        f'{where}:2:8: error yaml-type YAML reads 12:30 as the number 750; put it in double '
        'quotes: title: "12:30"']
    assert _messages(title="null") == [
        f"{where}:2:8: error yaml-type YAML reads null as an empty value (null); put it in "
        'double quotes: title: "null"']
    assert _messages(title="yes") == [
        f"{where}:2:8: error yaml-type YAML reads yes as the yes/no value true; put it in "
        'double quotes: title: "yes"']
    assert _messages(policy="2026.10") == [
        f"{where}:7:9: error yaml-type YAML reads 2026.10 as the number 2026.1; put it in "
        'double quotes: policy: "2026.10"']
    assert _messages(extra="summary: 2026-01-01\n") == [
        f"{where}:8:10: error yaml-type YAML reads 2026-01-01 as a date; put it in double "
        'quotes: summary: "2026-01-01"']
    assert _messages(extra="tags: [release, on]\n") == [
        f"{where}:8:17: error yaml-type YAML reads on as the yes/no value true; put it in "
        'double quotes: "on"']


def test_text_that_only_looks_typed_passes() -> None:
    # PyYAML's float needs a dot (1e3 is text); 09:30 is no base-60 number (leading 0).
    assert _messages(title="1e3") == []
    assert _messages(title="09:30") == []
    assert _messages(title='"12:30"', extra="summary: 'yes'\ntags: [\"2026\"]\n") == [
        "content/engineering/posts/p.md:9:8: warning meta-tag-unknown tag '2026' is not in "
        "the taxonomy in policy.yml; pick one from the Tags page or ask IT to add it"]
