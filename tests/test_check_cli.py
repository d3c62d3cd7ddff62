"""`intranet check` as people and CI run it, on real git repositories, and the build
refusing exactly what the check reports."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ENGINE, git, intranet, run

BAD = Path(__file__).resolve().parent / "corpus" / "bad"
# The demo's files under content/, counted so that adding a demo post breaks nothing here.
DEMO = sum(1 for f in (Path(__file__).resolve().parent.parent / "content").rglob("*")
           if f.is_file())
SCRIPT_POST = "content/engineering/posts/hello.md"


def add_bad_posts(repo: Path) -> None:
    posts = repo / "content" / "engineering" / "posts"
    (posts / "hello.md").write_bytes((BAD / "markup-html__script.md").read_bytes())
    (posts / "secret-plan.md").write_bytes((BAD / "watched-confidential-marking.md").read_bytes())


def test_clean_content_passes(project: Path) -> None:
    done = intranet(project, "check")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"checked {DEMO} file(s): 0 error(s), 0 warning(s)\n"


def test_text_output_names_file_line_rule_and_fix(project: Path) -> None:
    add_bad_posts(project)
    done = intranet(project, "check")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{SCRIPT_POST}:11:7: error markup-html <script> is not allowed in posts; remove it "
        "(embed nothing: link to the page instead)",
        "content/engineering/posts/secret-plan.md:11:14: error watched-confidential-marking "
        "material marked confidential belongs in the document management system",
        f"checked {DEMO + 2} file(s): 2 error(s), 0 warning(s)"]


def test_json_output(project: Path) -> None:
    add_bad_posts(project)
    done = intranet(project, "check", "content/engineering/posts/hello.md", "--format", "json")
    assert done.returncode == 1
    assert json.loads(done.stdout) == {"checked": 1, "findings": [{
        "path": SCRIPT_POST, "line": 11, "column": 7, "rule": "markup-html",
        "severity": "error", "message": "<script> is not allowed in posts; remove it "
        "(embed nothing: link to the page instead)"}]}


def test_github_annotations(project: Path) -> None:
    add_bad_posts(project)
    done = intranet(project, "check", "content/engineering", "--format", "github")
    assert done.stdout.splitlines()[0] == (
        f"::error file={SCRIPT_POST},line=11,col=7,title=markup-html::<script> is not allowed "
        "in posts; remove it (embed nothing: link to the page instead)")


def test_changed_since_checks_only_the_change_and_wants_the_current_policy(project: Path) -> None:
    git(project, "switch", "--quiet", "--create", "post/hr/learning")
    old = project / "content" / "hr" / "posts" / "learning-budget.md"
    old.write_text(old.read_text(encoding="utf-8") + "\nUpdated: ask your manager.\n",
                   encoding="utf-8")
    git(project, "commit", "--quiet", "--all", "--message=Update")
    add_bad_posts(project)  # untracked files are part of the change too
    done = intranet(project, "check", "--changed-since", "main")
    assert done.stdout.splitlines() == [
        f"{SCRIPT_POST}:11:7: error markup-html <script> is not allowed in posts; remove it "
        "(embed nothing: link to the page instead)",
        "content/engineering/posts/secret-plan.md:11:14: error watched-confidential-marking "
        "material marked confidential belongs in the document management system",
        "content/hr/posts/learning-budget.md:7:9: error meta-policy-current a new or changed "
        'post must acknowledge the current usage policy; read it and write `policy: "2026.1"`',
        "checked 3 file(s): 3 error(s), 0 warning(s)"]
    # The same from a relative --root: a pre-commit hook or a script may pass one.
    relative = intranet(project, "--root", ".", "check", "--changed-since", "main")
    assert relative.stdout == done.stdout


def test_unknown_ref_is_a_usage_error(project: Path) -> None:
    done = intranet(project, "check", "--changed-since", "no-such-branch")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("--changed-since: error git-ref 'no-such-branch' is not a "
                           "commit git knows here; fetch it or name another\n")


def test_broken_policy_is_reported_with_its_line(project: Path) -> None:
    policy = project / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        "action: warn", "action: shout", 1), encoding="utf-8")
    done = intranet(project, "check")
    assert (done.returncode, done.stdout) == (2, "")
    line = next(number for number, text in enumerate(policy.read_text(encoding="utf-8")
                                                     .splitlines(), 1) if "shout" in text)
    assert done.stderr == (f"policy.yml:{line}:13: error policy-schema action must be block "
                           "or warn\n")


def test_the_build_refuses_what_check_reports(project: Path) -> None:
    add_bad_posts(project)
    checked = intranet(project, "check")
    built = run(project, *ENGINE, "build", "--strict", "--site-dir",
                str(project / "out"))
    assert built.returncode == 1
    logged = [line.split("intranet: ", 1)[1] for line in built.stderr.splitlines()
              if line.startswith("ERROR") and "intranet: content/" in line]
    assert logged == checked.stdout.splitlines()[:-1]
    assert built.stderr.splitlines()[-1] == (
        "ERROR   -  the intranet was not built: 2 policy error(s) above; `intranet check` "
        "lists the same")
    assert "Traceback" not in built.stderr
    assert not (project / "out" / "engineering" / "posts" / "hello").exists()


def test_remembered_results_follow_the_policy_and_the_files(project: Path) -> None:
    first = intranet(project, "check")
    assert first.stdout == f"checked {DEMO} file(s): 0 error(s), 0 warning(s)\n"
    assert list((project / ".cache" / "intranet").glob("check-*.json"))
    policy = project / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("incident,\n", "\n"),
                      encoding="utf-8")
    again = intranet(project, "check")
    assert again.stdout.splitlines()[-1] == f"checked {DEMO} file(s): 0 error(s), 1 warning(s)"
    assert "warning meta-tag-unknown tag 'incident' is not in the taxonomy" in again.stdout
    add_bad_posts(project)
    for cache in (project / ".cache" / "intranet").glob("check-*.json"):
        cache.write_text('{"damaged": [1, 2]', encoding="utf-8")
    damaged = intranet(project, "check")
    assert damaged.stdout.splitlines()[-1] == (
        f"checked {DEMO + 2} file(s): 2 error(s), 1 warning(s)")
    assert intranet(project, "check", "--no-cache").stdout == damaged.stdout
