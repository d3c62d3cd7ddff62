"""Helpers for tests that build a copy of the intranet with posts of their own: writing
posts, switching off parts of a copy's hooks (never of the project itself), building,
and watching a page in Chromium for script that runs or a policy that blocks."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from conftest import ENGINE, NOON, PROJECT_PARTS, ROOT, run
from playwright.sync_api import Browser, BrowserContext

FRONT = ("---\ntitle: {title}\ndate: 2026-10-01\nauthors: [eve]\ndepartment: engineering\n"
         "classification: internal\npolicy: \"2026.1\"\n{extra}---\n\n")
# Anything that counts as script running: a dialog, or a call we trap first.
TRAP = """for (const name of ["alert", "prompt", "confirm", "print"]) {
  window[name] = (...args) => { (window.__xss = window.__xss || []).push(name); };
}
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(e.effectiveDirective + " " + (e.blockedURI || "inline")));"""


def copy_project(repo: Path) -> Path:
    """A copy of the intranet's site (config, org chart, policy, hooks, content)."""
    repo.mkdir(parents=True)
    for part in PROJECT_PARTS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, repo / part,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / part, repo / part)
    return repo


def write_post(repo: Path, src: str, body: str, title: str = "A post", extra: str = "") -> Path:
    """A post under content/ with valid front-matter; `body` starts on line 10."""
    path = repo / "content" / src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT.format(title=title, extra=extra) + body, encoding="utf-8")
    return path


def edit(path: Path, pattern: str, replacement: str) -> None:
    """Replace the one match of `pattern` in a file of a copy; fail if there is none."""
    text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), flags=re.M)
    assert count == 1, f"{pattern!r} matched {count} times in {path}"
    path.write_text(text, encoding="utf-8")


def unchecked(repo: Path) -> None:
    """The copy's build publishes what the checker refuses (its findings become warnings):
    for what must hold even for markup the checker does not know yet."""
    edit(repo / "hooks" / "intranet_hooks.py",
         r"^    if report\.errors:\n        raise _abort\(report\.findings\)\n", "")


def unsanitized(repo: Path) -> None:
    """The copy's build publishes rendered HTML as it is: the sanitizer is off."""
    edit(repo / "hooks" / "intranet_hooks.py",
         r"^(def on_page_content\(.*\n)", r"\1    return html_text\n")


def render_budget(repo: Path, seconds: int) -> None:
    edit(repo / "mkdocs.yml", r"^    render_seconds: .*$", f"    render_seconds: {seconds}")


def build(repo: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of the copy into repo/out; the log is on stderr."""
    return run(repo, *ENGINE, "build", *options, "--site-dir",
               str(repo / "out"))


def errors(log: str) -> list[str]:
    """The error lines of a build log, without MkDocs' level prefix."""
    return [line.split("-  ", 1)[1] for line in log.splitlines() if line.startswith("ERROR")]


def watched(browser: Browser) -> BrowserContext:
    """A browser context whose pages record trapped calls and policy violations."""
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  color_scheme="light", locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(15_000)
    context.clock.install(time=NOON)
    context.add_init_script(TRAP)
    return context
