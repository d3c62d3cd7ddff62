"""Pictures of the demo intranet for the README (run by scripts/screenshots): builds the
site as the tests do (strict, on the demo's own day), serves it on 127.0.0.1, and has
Debian's Chromium write a PNG of each main page type at desktop and phone width:

    home, department, post, people, profile  x  desktop (1280 px), phone (390 px)

named `<page>-<width>.png` (`post-phone.png`). The post is the demo's most discussed one,
the department its section and the profile its first author, so the pictures tell one
story. The browser's clock is set to the same day, so "3 days ago" reads the same in
every run."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from localserve import serve
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
OUT = ROOT / ".github" / "screenshots"
DEMO_DAY = "2026-11-25"  # the day the demo's posts are written for (tests use it too)
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


class Shot(NamedTuple):
    name: str  # the page type, first part of the file name
    path: str  # URL path under the site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    parser.add_argument("--only", action="append", default=[], metavar="PAGE",
                        help="only this page type (home, department, post, people, "
                             "profile); repeatable")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"screenshots: {CHROMIUM} is missing; scripts/test installs Debian's chromium",
              file=sys.stderr)
        return 2
    today = os.environ.get("INTRANET_TODAY", DEMO_DAY)
    with tempfile.TemporaryDirectory(prefix="intranet-shots-") as tmp:
        site = Path(tmp) / "site"
        build(site, today)
        shots = [s for s in plan(site) if not args.only or s.name in args.only]
        if not shots:
            parser.error(f"no page type named {', '.join(args.only)}")
        args.out.mkdir(parents=True, exist_ok=True)
        with serve(site) as url:
            for written in photograph(url, shots, args.out, today):
                print(written.relative_to(ROOT) if written.is_relative_to(ROOT) else written)
    return 0


def build(site: Path, today: str) -> None:
    # A developer's own settings (forge, site URL) must not change the README's pictures.
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTRANET_")}
    env.update(NO_MKDOCS_2_WARNING="1", INTRANET_TODAY=today, TZ="UTC")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                           "-d", str(site)], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"screenshots: mkdocs build failed:\n{done.stderr}")


def plan(site: Path) -> list[Shot]:
    """The page types, picked from what this build published."""
    post = most_discussed(site)
    dept, _, name = post.relative_to(CONTENT).with_suffix("").as_posix().split("/")
    author = str(front_matter(post)["authors"][0])
    return [Shot("home", ""), Shot("department", f"{dept}/"),
            Shot("post", f"{dept}/posts/{name}/"), Shot("people", "people/"),
            Shot("profile", f"people/{author}/")]


def most_discussed(site: Path) -> Path:
    """The published post with the most replies (the first by path on a tie): its
    source file."""
    def replies(post: Path) -> int:
        dept, name = post.parent.parent.name, post.stem
        return len(list((CONTENT / dept / "replies" / name).glob("*.md")))

    built = [p for p in sorted(CONTENT.glob("*/posts/*.md"))
             if (site / p.parent.parent.name / "posts" / p.stem / "index.html").is_file()]
    if not built:
        sys.exit("screenshots: the build published no post")
    return max(built, key=replies)  # max keeps the first of equals: sorted by path


def front_matter(post: Path) -> dict[str, Any]:
    meta = yaml.safe_load(post.read_text(encoding="utf-8").split("---\n", 2)[1])
    assert isinstance(meta, dict)
    return meta


def photograph(url: str, shots: list[Shot], out: Path, today: str) -> Iterator[Path]:
    noon = dt.datetime.fromisoformat(f"{today}T12:00:00+00:00")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            for label, (width, height) in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              color_scheme="light", locale="en-GB",
                                              timezone_id="UTC")
                page = context.new_page()
                page.clock.set_fixed_time(noon)
                for shot in shots:
                    target = out / f"{shot.name}-{label}.png"
                    take(page, url + shot.path, target)
                    yield target
                context.close()
        finally:
            browser.close()


def take(page: Page, url: str, target: Path) -> None:
    response = page.goto(url, wait_until="load")  # its images and scripts are in
    if response is None or response.status != 200:
        sys.exit(f"screenshots: {url} answered {response.status if response else 'nothing'}")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(target), animations="disabled", caret="hide")


if __name__ == "__main__":
    sys.exit(main())
