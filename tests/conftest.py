"""Shared fixtures: one real `mkdocs build --strict` per session, served over HTTP to a
real headless Chromium. Nothing is mocked: what passes here is what readers get."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, Response, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TODAY = dt.date(2026, 11, 25)
# The browser's clock: noon of that day, so "3 days ago" (when.js) reads the same on
# every run, as a reader on the day the site was built for would see it.
NOON = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)

# The engine reads INTRANET_TODAY as "today", so which posts are scheduled or expired
# does not depend on the day the suite runs; the rest pins locale and clock output.
FIXED_ENV = {
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "TZ": "UTC",
    "NO_MKDOCS_2_WARNING": "1",
    "INTRANET_TODAY": TODAY.isoformat(),
}

# The site engine the tests' builds run: MkDocs, or with INTRANET_TEST_ENGINE=properdocs
# its maintained continuation, ProperDocs (scripts/test runs the build, browser and
# hostile-corpus tests under both, so a switch of engine is proven, not hoped for).
ENGINE = (sys.executable, "-m", os.environ.get("INTRANET_TEST_ENGINE", "mkdocs"))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Person:
    handle: str
    name: str
    title: str
    department: str


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    heads: tuple[str, ...]
    deputies: tuple[str, ...]


@dataclass(frozen=True)
class OrgChart:
    """org.yml read plainly, as the expected values of the tests: the engine's own
    reader is what is under test, so it must not also be the oracle."""

    departments: tuple[Department, ...]
    people: tuple[Person, ...]

    def name(self, handle: str) -> str:
        return next(p.name for p in self.people if p.handle == handle)

    def department(self, dept_id: str) -> Department:
        return next(d for d in self.departments if d.id == dept_id)


@dataclass(frozen=True)
class PostFile:
    src: str  # under content/, e.g. engineering/posts/hackathon-winners.md
    title: str
    date: dt.date
    draft: bool
    pin: bool
    expires: dt.date | None
    body: str = field(repr=False)
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return self.src.removesuffix(".md") + "/"

    @property
    def department(self) -> str:
        return self.src.split("/", 1)[0]

    def status(self, today: dt.date) -> str:
        if self.draft:
            return "draft"
        if self.date > today:
            return "scheduled"
        if self.expires is not None and self.expires <= today:
            return "expired"
        return "published"


def read_post(path: Path) -> PostFile:
    _, block, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(block)
    assert isinstance(meta, dict), f"{path} has no front-matter"
    return PostFile(
        src=path.relative_to(CONTENT).as_posix(),
        title=str(meta["title"]),
        date=meta["date"],
        draft=meta.get("draft") is True,
        pin=meta.get("pin") is True,
        expires=meta.get("expires"),
        body=body,
        authors=tuple(meta.get("authors") or ()),
        tags=tuple(meta.get("tags") or ()),
    )


def read_org(path: Path) -> OrgChart:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    departments = tuple(
        Department(d["id"], d["name"], tuple(d["heads"]), tuple(d.get("deputies", ())))
        for d in raw["departments"]
    )
    people = tuple(
        Person(p["handle"], p["name"], p["title"], p["department"]) for p in raw["people"]
    )
    return OrgChart(departments, people)


def subprocess_env() -> dict[str, str]:
    """The caller's environment minus any INTRANET_* setting (a developer's own site URL
    or preview date must not change what the tests see), plus FIXED_ENV."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("INTRANET_")}
    return {**inherited, **FIXED_ENV}


@dataclass(frozen=True)
class BuiltSite:
    directory: Path
    log: str


@dataclass(frozen=True)
class RecordingPage:
    """A browser tab on the served site that remembers every URL it asked for, so a test
    can prove that nothing left the machine."""

    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)

    def open(self, path: str) -> Response:
        response = self.page.goto(self.base_url + path.lstrip("/"))
        assert response is not None, f"no response for {path}"
        return response


@pytest.fixture(scope="session")
def org() -> OrgChart:
    return read_org(ROOT / "org.yml")


@pytest.fixture(scope="session")
def posts() -> tuple[PostFile, ...]:
    return tuple(read_post(p) for p in sorted(CONTENT.glob("*/posts/*.md")))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    directory = tmp_path_factory.mktemp("site")
    command = [*ENGINE, "build", "--strict", "-d", str(directory)]
    result = subprocess.run(
        command,
        cwd=ROOT,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}"
    return BuiltSite(directory, result.stdout)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per request would bury pytest's own output

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        """A missing path gets the site's 404.html with status 404, as GitHub Pages, GitLab
        Pages and `mkdocs serve` answer it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] =
          _QuietHandler, server_class: type[http.server.ThreadingHTTPServer] =
          http.server.ThreadingHTTPServer) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 for as long as the block runs; yields its URL."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = server_class(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    with serve(built_site.directory) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    env: dict[str, str | float | bool] = {**subprocess_env()}  # the type launch() wants
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[RecordingPage]:
    # A fresh context per test: the palette choice Material keeps in localStorage must
    # not leak from one test into the next.
    context = browser.new_context(color_scheme="light", locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(15_000)
    context.clock.install(time=NOON)
    tab = RecordingPage(context.new_page(), site_url)
    # Chromium reports the requests of the page's workers here too, so the fetch of the
    # search index by Material's search worker is recorded with the rest.
    tab.page.on("request", lambda request: tab.requests.append(request.url))
    try:
        yield tab
    finally:
        context.close()


# A real git repository per test: a copy of this intranet with a fixed author, date and
# default branch, so commits and messages are the same on every machine.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Eve Martins",
    "GIT_AUTHOR_EMAIL": "eve@fieldstone.example",
    "GIT_AUTHOR_DATE": "2026-11-25T09:00:00+00:00",
    "GIT_COMMITTER_NAME": "Eve Martins",
    "GIT_COMMITTER_EMAIL": "eve@fieldstone.example",
    "GIT_COMMITTER_DATE": "2026-11-25T09:00:00+00:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
PROJECT_PARTS = ("mkdocs.yml", "org.yml", "policy.yml", "hooks", "content")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env={**subprocess_env(), **GIT_ENV},
                          check=True, capture_output=True, text=True)
    return done.stdout


def run(repo: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """A command in `repo` with the suite's fixed environment; never raises on failure."""
    env = {**subprocess_env(), **GIT_ENV}
    return subprocess.run(list(argv), cwd=repo, env=env, capture_output=True, text=True,
                          check=False)


def intranet(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(repo, sys.executable, "-m", "intranet.cli.main", *args)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A committed copy of this intranet on branch main."""
    repo = tmp_path / "intranet"
    repo.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, repo / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, repo / part)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message=Intranet")
    return repo
