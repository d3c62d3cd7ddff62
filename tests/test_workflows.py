"""What ships for the forges: the GitHub workflows are secure by construction (read off
the files, since GitHub itself is out of reach), and the commands they and the GitLab
pipeline run do what reviewers rely on, run as the runner would on a real pull request."""

from __future__ import annotations

import html
import os
import re
import shlex
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import GIT_ENV, ROOT, git, intranet, run, subprocess_env
from mailserver import smtp_server

WORKFLOWS = ROOT / ".github" / "workflows"
CHECK = WORKFLOWS / "check.yml"
PUBLISH = WORKFLOWS / "publish.yml"
DIGEST = WORKFLOWS / "digest.yml"
BIN = Path(sys.executable).parent  # where `intranet` and `mkdocs` are installed
SCRIPT_POST = "content/engineering/posts/hello.md"
CHANGED_POST = "content/it/posts/goodbye-vpn.md"
BRANCH = "post/engineering/hello"
SCRIPT_FINDING = ("<script> is not allowed in posts; remove it (embed nothing: link to the "
                  "page instead)")
POLICY_FINDING = ("a new or changed post must acknowledge the current usage policy; read it "
                  'and write `policy: "2026.1"`')
# A pinned action, then its version on the same line: actions/checkout@<sha> # v4.2.2
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40})\s+#\s+v\d[\w.-]*\s*$")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a mapping"
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    on = workflow["on"] if "on" in workflow else workflow[True]
    assert isinstance(on, (str, dict)), f"unexpected triggers {on!r}"
    return {on: None} if isinstance(on, str) else on


def steps(workflow: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def step_running(workflow: dict[str, Any], command: str) -> dict[str, Any]:
    found = [s for s in steps(workflow) if "run" in s and s["run"].startswith(command)]
    assert len(found) == 1, f"expected one step running {command!r}, found {len(found)}"
    return found[0]


# Security properties of both workflows.

@pytest.mark.parametrize("path", [CHECK, PUBLISH], ids=lambda p: p.name)
def test_no_workflow_runs_untrusted_code_with_privileges(path: Path) -> None:
    code = [line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line for line in code if "pull_request_target" in line] == []
    assert "pull_request_target" not in triggers(load(path))
    assert [line for line in code if "secrets." in line] == []


def test_triggers() -> None:
    assert triggers(load(CHECK)) == {"pull_request": None}
    published = triggers(load(PUBLISH))
    assert published.keys() == {"push", "schedule", "workflow_dispatch"}
    assert published["push"] == {"branches": ["main"]}
    [schedule] = published["schedule"]
    assert schedule["cron"].split()[2:] == ["*", "*", "*"], "publish must run every day"


def test_permissions_are_the_least_each_job_needs() -> None:
    check, publish = load(CHECK), load(PUBLISH)
    assert check["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"contents": "read"}
    assert {name: job["permissions"] for name, job in check["jobs"].items()} == {
        "check": {"contents": "read"}}
    assert {name: job["permissions"] for name, job in publish["jobs"].items()} == {
        # configure-pages reads the Pages site (its URL): pages: read, never write.
        "build": {"contents": "read", "pages": "read"},
        "deploy": {"pages": "write", "id-token": "write"}}


@pytest.mark.parametrize("path", [CHECK, PUBLISH, DIGEST], ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if re.match(r"^\s*(?:-\s+)?uses:", line)]
    assert lines, f"{path.name} uses no action"
    unpinned = [line.strip() for line in lines if not PINNED.match(line)]
    assert unpinned == [], "pin each action to a full commit SHA with `# vX.Y.Z` after it"
    parsed = [s["uses"] for s in steps(load(path)) if "uses" in s]
    assert parsed == [f"{m[1]}@{m[2]}" for m in map(PINNED.match, lines) if m]


def test_both_workflows_pin_an_action_to_the_same_commit() -> None:
    pins: dict[str, set[str]] = {}
    for path in (CHECK, PUBLISH, DIGEST):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = PINNED.match(line)
            if match:
                pins.setdefault(match[1], set()).add(f"{match[2]} {line.split('#', 1)[1]}")
    assert {action: len(seen) for action, seen in pins.items()} == {
        "actions/checkout": 1, "actions/setup-python": 1, "actions/configure-pages": 1,
        "actions/upload-pages-artifact": 1, "actions/deploy-pages": 1}


@pytest.mark.parametrize("path", [CHECK, PUBLISH, DIGEST], ids=lambda p: p.name)
def test_checkout_never_leaves_the_token_behind(path: Path) -> None:
    checkouts = [s for s in steps(load(path)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


@pytest.mark.parametrize("path", [CHECK, PUBLISH, DIGEST], ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_script(path: Path) -> None:
    scripts = [s["run"] for s in steps(load(path)) if "run" in s]
    assert scripts
    assert [script for script in scripts if "${{" in script] == []


@pytest.mark.parametrize("path", [CHECK, PUBLISH, DIGEST], ids=lambda p: p.name)
def test_python_and_dependencies_come_from_the_pins(path: Path) -> None:
    workflow = load(path)
    pythons = [s["with"] for s in steps(workflow)
               if s.get("uses", "").startswith("actions/setup-python@")]
    assert pythons == [{"python-version": "3.11"}]
    install = step_running(workflow, "python -m pip install")
    assert install["run"].split()[-2:] == ["-e", "."]


def test_the_pull_request_check_is_the_job_branch_protection_requires() -> None:
    check = load(CHECK)
    # README tells admins to require the status check `check`: renaming the job would
    # leave every pull request waiting for a check that never reports.
    assert [job["name"] for job in check["jobs"].values()] == ["check"]
    assert "status check `check`" in (ROOT / "README.md").read_text(encoding="utf-8")
    [checkout] = [s for s in steps(check) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0
    # One push shows every problem: a policy failure does not hide the other two checks.
    gated = [step_running(check, c).get("if") for c in
             ("intranet check", "intranet codeowners check", "mkdocs build")]
    assert gated == ["${{ !cancelled() && steps.install.outcome == 'success' }}"] * 3


def test_publish_deploys_only_from_the_protected_environment() -> None:
    publish = load(PUBLISH)
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = publish["jobs"]["build"], publish["jobs"]["deploy"]
    assert "environment" not in build
    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["environment"] == {"name": "github-pages",
                                     "url": "${{ steps.deployment.outputs.page_url }}"}
    assert [(s.get("id"), s["uses"].split("@")[0]) for s in deploy["steps"]] == [
        ("deployment", "actions/deploy-pages")]
    [upload] = [s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    assert upload["with"] == {"path": "${{ runner.temp }}/site"}
    # Nothing is uploaded that `intranet verify` has not accepted, right after the build.
    runs = [s.get("run", s.get("uses", "")) for s in build["steps"]]
    at = runs.index('intranet verify "$RUNNER_TEMP/site"')
    assert runs[at - 1].startswith("mkdocs build") and "upload-pages-artifact" in runs[at + 1]


def test_the_digest_reads_its_secrets_only_in_mains_protected_environment() -> None:
    digest = load(DIGEST)
    assert triggers(digest).keys() == {"schedule", "workflow_dispatch"}
    [schedule] = triggers(digest)["schedule"]
    assert schedule["cron"].split()[2:] == ["*", "*", "1"], "the digest runs weekly"
    assert digest["permissions"] == {}
    [job] = digest["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    assert job["if"] == "github.ref == 'refs/heads/main'"
    assert job["environment"] == {"name": "digest"}
    # Every secret goes through `env:` of the one step that sends, never into a script.
    code = DIGEST.read_text(encoding="utf-8")
    secrets = re.findall(r"secrets\.(\w+)", code)
    sender = step_running(digest, "today=")
    assert sorted(secrets) == sorted(re.findall(r"secrets\.(\w+)", str(sender["env"])))
    assert "INTRANET_SMTP_PASSWORD" in sender["env"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "repository secrets would be readable" in readme


# The commands of the workflows, run as the runner runs them.

def resolve(value: str, contexts: Mapping[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        assert match[1] in contexts, f"the test does not know the value of {match[0]}"
        return contexts[match[1]]
    return EXPRESSION.sub(one, value)


def run_step(repo: Path, step: dict[str, Any], runner: Mapping[str, str],
             contexts: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """A `run:` step as GitHub runs it with `shell: bash`, in `repo`, with the step's
    `env:` (expressions replaced by the values the runner would give them)."""
    env = {**subprocess_env(), **GIT_ENV, **runner,
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.update({name: resolve(str(value), contexts) for name, value in
                step.get("env", {}).items()})
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                           step["run"]], cwd=repo, env=env, capture_output=True, text=True,
                          check=False, timeout=300)


def write_owners(repo: Path, *flavors: str) -> None:
    # Each file lists the other's folder once it exists: write until both are settled.
    for flavor in (*flavors, *flavors):
        done = intranet(repo, "codeowners", "write", "--flavor", flavor)
        assert done.returncode == 0, done.stderr


def pull_request(repo: Path, *flavors: str, bad: bool) -> str:
    """Commit a base on main (with its CODEOWNERS for `flavors`), then on a branch a new
    post and an edit of another post, both breaking the policy if `bad`; returns the base
    commit."""
    write_owners(repo, *flavors)
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message=CODEOWNERS")
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "switch", "--quiet", "--create", BRANCH)
    new = (ROOT / "tests" / "corpus" / "bad" / "markup-html__script.md").read_text(
        encoding="utf-8")
    if not bad:
        new = new.replace(" <script>alert('hi')</script>", "")
    (repo / SCRIPT_POST).write_text(new, encoding="utf-8")
    changed = repo / CHANGED_POST
    text = changed.read_text(encoding="utf-8")
    version = '"2025.2"' if bad else '"2026.1"'
    changed.write_text(text.replace('policy: "2026.1"', f"policy: {version}", 1)
                       + "\nUpdated: the VPN switch-off moved a week.\n", encoding="utf-8")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message=Hello, and an update")
    return base


def github_checkout(repo: Path, base: str) -> dict[str, str]:
    """What actions/checkout leaves for a pull_request event: the merge of the branch into
    its base, checked out detached, and the base branch as origin/main. Returns the
    variables the runner sets."""
    git(repo, "switch", "--quiet", "--detach", "main")
    git(repo, "merge", "--quiet", "--no-ff", "--message=Merge into main", BRANCH)
    git(repo, "update-ref", "refs/remotes/origin/main", base)
    temp = repo.parent / "runner-temp"
    temp.mkdir()
    return {"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_BASE_REF": "main", "GITHUB_HEAD_REF": BRANCH,
            "GITHUB_WORKSPACE": str(repo), "RUNNER_TEMP": str(temp)}


PR_CONTEXTS = {"github.base_ref": "main", "github.head_ref": BRANCH}


def test_pull_request_check_annotates_the_exact_lines(project: Path) -> None:
    base = pull_request(project, "github", bad=True)
    runner = github_checkout(project, base)
    check = load(CHECK)
    policy = run_step(project, step_running(check, "intranet check"), runner, PR_CONTEXTS)
    assert (policy.returncode, policy.stderr) == (1, "")
    assert policy.stdout.splitlines() == [
        f"::error file={SCRIPT_POST},line=11,col=7,title=markup-html::{SCRIPT_FINDING}",
        f"::error file={CHANGED_POST},line=7,col=9,title=meta-policy-current::{POLICY_FINDING}"]

    owners = run_step(project, step_running(check, "intranet codeowners check"), runner,
                      PR_CONTEXTS)
    assert owners.returncode == 0, owners.stdout + owners.stderr

    build = run_step(project, step_running(check, "mkdocs build"), runner, PR_CONTEXTS)
    assert build.returncode == 1
    assert (f"ERROR   -  intranet: {SCRIPT_POST}:11:7: error markup-html {SCRIPT_FINDING}"
            in build.stderr.splitlines())
    assert build.stderr.splitlines()[-1] == (
        "ERROR   -  the intranet was not built: 1 policy error(s) above; `intranet check` "
        "lists the same")
    assert not (Path(runner["RUNNER_TEMP"]) / "site" / "engineering" / "posts" / "hello").exists()


def test_a_clean_pull_request_passes_every_step(project: Path) -> None:
    base = pull_request(project, "github", bad=False)
    runner = github_checkout(project, base)
    check = load(CHECK)
    for command in ("intranet check", "intranet codeowners check", "mkdocs build"):
        done = run_step(project, step_running(check, command), runner, PR_CONTEXTS)
        assert done.returncode == 0, f"{command}:\n{done.stdout}{done.stderr}"
        if command == "intranet check":
            assert done.stdout == ""  # no annotation at all
    site = Path(runner["RUNNER_TEMP"]) / "site"
    assert (site / "engineering" / "posts" / "hello" / "index.html").is_file()
    assert not (project / "site").exists()


def reply_link(site: Path) -> str:
    """Where "Reply" under a post of the built site leads (with a forge: its new-file
    editor, in the post's replies folder, on the default branch)."""
    talk = (site / "engineering" / "posts" / "hackathon-winners" / "index.html").read_text(
        encoding="utf-8")
    [reply] = re.findall(r'<a href="([^"]+)" class="md-button[^"]*" data-intranet-write>Reply<',
                         talk)
    return html.unescape(reply)


def test_the_published_site_knows_its_pages_address_and_repository(project: Path) -> None:
    temp = project.parent / "runner-temp"
    temp.mkdir()
    contexts = {"steps.pages.outputs.base_url": "https://fieldstone.github.io/intranet",
                "github.server_url": "https://github.com",
                "github.repository": "fieldstone/intranet",
                "github.event.repository.default_branch": "main"}
    build = run_step(project, step_running(load(PUBLISH), "mkdocs build"),
                     {"RUNNER_TEMP": str(temp)}, contexts)
    assert build.returncode == 0, build.stderr
    verified = run_step(project, step_running(load(PUBLISH), "intranet verify"),
                        {"RUNNER_TEMP": str(temp)}, contexts)
    assert verified.returncode == 0, verified.stderr
    page = (temp / "site" / "it" / "posts" / "goodbye-vpn" / "index.html").read_text(
        encoding="utf-8")
    assert ('<link rel="canonical" href="https://fieldstone.github.io/intranet/it/posts/'
            'goodbye-vpn/">') in page
    assert ('href="https://github.com/fieldstone/intranet/edit/main/content/it/posts/'
            'goodbye-vpn.md"') in page
    # "Reply" opens the new-file editor in the post's replies folder, on the default branch.
    assert reply_link(temp / "site").startswith(
        "https://github.com/fieldstone/intranet/new/main/content/engineering/replies/"
        "hackathon-winners?")
    # "Report this post" opens the shipped issue form, filling in fields it really has.
    [report] = re.findall(r'<a class="intranet-report" href="([^"]+)"', page)
    address, _, query = html.unescape(report).partition("?")
    assert address == "https://github.com/fieldstone/intranet/issues/new"
    given = dict(urllib.parse.parse_qsl(query))
    form = load(ROOT / ".github" / "ISSUE_TEMPLATE" / given.pop("template"))
    assert given.pop("labels") == ",".join(form["labels"])
    assert given.pop("title").startswith(form["title"])
    given.pop("assignees")
    assert given == {"url": "https://fieldstone.github.io/intranet/it/posts/goodbye-vpn/",
                     "path": "content/it/posts/goodbye-vpn.md"}
    assert set(given) <= {field.get("id") for field in form["body"]}


# GitLab: the same checks for merge requests, and Pages from main.

def gitlab_job(name: str) -> dict[str, Any]:
    config = load(ROOT / ".gitlab-ci.yml")
    job = dict(config[name])
    while "extends" in job:
        parent = dict(config[job.pop("extends")])
        job = {**parent, **job}
    return {**job, "variables": {**config.get("variables", {}), **job.get("variables", {})}}


def run_gitlab_job(repo: Path, name: str,
                   ci: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """A job's script as GitLab's bash runs it, after its variables are expanded."""
    job = gitlab_job(name)
    env = {**subprocess_env(), **GIT_ENV, **ci,
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.update({key: re.sub(r"\$(\w+)", lambda m: ci[m[1]], str(value))
                for key, value in job["variables"].items()})
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                           "\n".join(job["script"])], cwd=repo, env=env,
                          capture_output=True, text=True, check=False, timeout=300)


def test_gitlab_merge_request_jobs(project: Path) -> None:
    base = pull_request(project, "github", "gitlab", bad=True)
    ci = {"CI": "true", "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event",
          "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_PROJECT_DIR": str(project)}
    for name in ("policy", "owners", "build"):
        assert gitlab_job(name)["rules"] == [
            {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    policy = run_gitlab_job(project, "policy", ci)
    assert (policy.returncode, policy.stdout.splitlines()) == (1, [
        f"{SCRIPT_POST}:11:7: error markup-html {SCRIPT_FINDING}",
        f"{CHANGED_POST}:7:9: error meta-policy-current {POLICY_FINDING}",
        "checked 2 file(s): 2 error(s), 0 warning(s)"])
    owners = run_gitlab_job(project, "owners", ci)
    assert owners.returncode == 0, owners.stdout + owners.stderr
    assert run_gitlab_job(project, "build", ci).returncode == 1
    assert git(project, "status", "--porcelain") == ""  # nothing left in the checkout


def test_gitlab_pages_publishes_main(project: Path) -> None:
    job = gitlab_job("pages")
    assert job["rules"] == [{"if": "$DIGEST", "when": "never"},
                            {"if": '$CI_COMMIT_BRANCH == "main"'}]
    assert job["artifacts"] == {"paths": ["public"]}
    assert job["script"][-1].startswith("intranet verify public")  # built, then verified
    ci = {"CI_PAGES_URL": "https://it.pages.fieldstone.example/intranet",
          "CI_PROJECT_URL": "https://gitlab.fieldstone.example/it/intranet",
          "CI_PROJECT_DIR": str(project), "CI_DEFAULT_BRANCH": "main"}
    done = run_gitlab_job(project, "pages", ci)
    assert done.returncode == 0, done.stderr
    page = (project / "public" / "it" / "posts" / "goodbye-vpn" / "index.html").read_text(
        encoding="utf-8")
    assert ('<link rel="canonical" href="https://it.pages.fieldstone.example/intranet/it/'
            'posts/goodbye-vpn/">') in page
    assert ('href="https://gitlab.fieldstone.example/it/intranet/-/edit/main/content/it/'
            'posts/goodbye-vpn.md"') in page
    [report] = re.findall(r'<a class="intranet-report" href="([^"]+)"', page)
    assert report.startswith("https://gitlab.fieldstone.example/it/intranet/-/issues/new?")
    assert reply_link(project / "public").startswith(
        "https://gitlab.fieldstone.example/it/intranet/-/new/main/content/engineering/replies/"
        "hackathon-winners?")


# The static checks themselves, and what else ships in .github/ and beside it.

def lint_workflows(*files: Path) -> subprocess.CompletedProcess[str]:
    return run(ROOT, str(ROOT / "scripts" / "lint-workflows"), *map(str, files))


def test_lint_workflows_passes_the_shipped_workflows() -> None:
    done = lint_workflows()
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == ["actionlint: 3 workflow(s), 0 finding(s)",
                                        "No findings to report. Good job!"]


def test_lint_workflows_refuses_an_insecure_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("name: Greet\non: pull_request_target\njobs:\n  greet:\n"
                   "    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/checkout@v4\n"
                   '      - run: echo "${{ github.event.pull_request.title }}"\n',
                   encoding="utf-8")
    done = lint_workflows(bad)
    assert done.returncode == 1
    assert (f'{bad}:8:24: "github.event.pull_request.title" is potentially untrusted. avoid '
            "using it directly in inline scripts. instead, pass it through an environment "
            "variable. see https://docs.github.com/en/actions/security-guides/security-"
            "hardening-for-github-actions for more details [expression]"
            ) in done.stdout.splitlines()
    audits = set(re.findall(r"^(?:error|warning)\[([a-z-]+)\]", done.stdout, re.MULTILINE))
    assert {"dangerous-triggers", "template-injection", "unpinned-uses",
            "artipacked"} <= audits


def test_pre_commit_hook(project: Path) -> None:
    manifest = ROOT / ".pre-commit-hooks.yaml"
    validated = run(ROOT, sys.executable, "-m", "pre_commit", "validate-manifest", str(manifest))
    assert (validated.returncode, validated.stdout, validated.stderr) == (0, "", "")
    [hook] = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    assert {k: hook[k] for k in ("id", "entry", "language", "files", "pass_filenames")} == {
        "id": "intranet-check", "entry": "intranet check", "language": "python",
        "files": "^content/", "pass_filenames": True}
    # What pre-commit then runs: the entry with the staged files its pattern selects.
    (project / "content" / "engineering" / "posts" / "hello.md").write_bytes(
        (ROOT / "tests" / "corpus" / "bad" / "markup-html__script.md").read_bytes())
    (project / "notes.txt").write_text("not content\n", encoding="utf-8")
    git(project, "add", "--all")
    staged = git(project, "diff", "--cached", "--name-only").split()
    selected = [name for name in staged if re.search(hook["files"], name)]
    assert selected == [SCRIPT_POST]
    program, *args = shlex.split(hook["entry"])
    done = run(project, str(BIN / program), *args, *selected)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [f"{SCRIPT_POST}:11:7: error markup-html {SCRIPT_FINDING}",
                                        "checked 1 file(s): 1 error(s), 0 warning(s)"]


def test_pull_request_template_names_the_current_policy() -> None:
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    current = load(ROOT / "policy.yml")["current"]
    checklist = [line for line in template.splitlines() if line.startswith("- [ ] ")]
    assert len(checklist) == 7
    assert [line for line in checklist if "`policy:`" in line] == [
        f'- [ ] `policy:` names the current usage policy, `"{current}"`, and I have read it.']


def test_report_form_takes_what_the_report_link_fills_in() -> None:
    form = load(ROOT / ".github" / "ISSUE_TEMPLATE" / "report-post.yml")
    assert form["labels"] == ["report"]
    fields = {f["id"]: f for f in form["body"] if "id" in f}
    assert list(fields) == ["url", "path", "reason", "details"]
    assert all(f["validations"]["required"] is True for f in fields.values())
    assert fields["reason"]["attributes"]["options"] == [
        "Personal data", "Confidential", "Offensive", "Inaccurate", "Other"]
    config = load(ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is False
    [link] = config["contact_links"]
    assert link["url"].startswith("https://") and link["url"].endswith("/policy/")


def test_the_weekly_digest_sends_the_week_before_through_the_mail_server(project: Path
                                                                         ) -> None:
    with smtp_server() as server:
        contexts = {"secrets.DIGEST_SITE_URL": "https://intranet.fieldstone.example/",
                    "secrets.DIGEST_SMTP_SERVER": server.address,
                    "secrets.DIGEST_FROM": "intranet@fieldstone.example",
                    "secrets.DIGEST_TO": "all@fieldstone.example heads@fieldstone.example",
                    "secrets.DIGEST_SMTP_USER": "", "secrets.DIGEST_SMTP_PASSWORD": ""}
        done = run_step(project, step_running(load(DIGEST), "today="), {}, contexts)
    assert done.returncode == 0, done.stderr
    [(sender, recipients, message)] = server.inbox.received
    assert (sender, recipients) == ("intranet@fieldstone.example",
                                    ["all@fieldstone.example", "heads@fieldstone.example"])
    # INTRANET_TODAY=2026-11-25: the seven days before it.
    assert message["Subject"] == ("Fieldstone intranet digest: from 18 November 2026 to "
                                  "24 November 2026")


def test_gitlab_sends_the_digest_from_a_schedule_only(project: Path) -> None:
    job = gitlab_job("digest")
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule" && $DIGEST == "weekly" '
                                   '&& $CI_COMMIT_BRANCH == "main"'}]
    with smtp_server() as server:
        done = run_gitlab_job(project, "digest", {
            "CI_PROJECT_DIR": str(project), "CI_PAGES_URL": "https://it.pages.fieldstone.example",
            "DIGEST_SMTP_SERVER": server.address, "DIGEST_FROM": "intranet@fieldstone.example",
            "DIGEST_TO": "all@fieldstone.example"})
    assert done.returncode == 0, done.stderr
    [(_, recipients, message)] = server.inbox.received
    assert recipients == ["all@fieldstone.example"]
    text = message.get_body(("plain",))
    assert text is not None
    assert "https://it.pages.fieldstone.example/sales/posts/sales-kickoff-2027/" in \
        text.get_content()
