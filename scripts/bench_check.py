"""scripts/bench section `check`: the policy checker over 10,000 posts, against merely
reading their front-matter with python-frontmatter, and `--changed-since` with one
changed post in that repository, in one of 1,000 posts and in one of 50,000 (each post
committed, the changed one on a branch on top): its cost must not grow with the
repository."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchgen
from benchlib import SEED, Check, Child, Report, measure, progress

POSTS = 10_000
CHECK_VS_PARSE_GOAL = 1.5
RENDER_GOAL_S = 2.0  # no post that passes the check may hold up the build
CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
CHANGED_SINCE_GOAL_S = 1.0
# The baseline: what python-frontmatter needs merely to read and parse every post.
BASELINE = """
import pathlib, sys, frontmatter
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    frontmatter.load(path)
"""
GIT = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@fieldstone.example"]


SMALL = 1_000  # --changed-since is measured here too: its cost must not grow with the repo
HUGE = 50_000
CHANGED = "intranet check --changed-since (1 post)"


def check_section(opts: argparse.Namespace) -> Report:
    report = Report("check", f"check: {POSTS:,} posts (and --changed-since in {SMALL:,} "
                    f"and {HUGE:,}), one child process per run",
                    ("run", "cpu s", "wall s", "peak MiB"))
    usage = _big(opts.repeat)
    for posts in (SMALL, HUGE):
        usage[f"{CHANGED}, {posts:,} posts"] = _changed(posts, opts.repeat)
    for name, child in usage.items():
        report.rows.append({"run": name, "cpu s": round(child.cpu, 2),
                            "wall s": round(child.wall, 2), "peak MiB": round(child.peak_mib, 1)})
        progress(f"check {name}: {child.cpu:.2f} s CPU")
    full, parse = usage["intranet check --no-cache"], usage["python-frontmatter parse"]
    warm = usage["intranet check, warm cache"]
    changed, small = usage[CHANGED], usage[f"{CHANGED}, {SMALL:,} posts"]
    huge = usage[f"{CHANGED}, {HUGE:,} posts"]
    report.checks = [
        Check("intranet check (no cache) / frontmatter parse CPU", full.cpu / parse.cpu,
              CHECK_VS_PARSE_GOAL),
        Check("intranet check (warm cache) / frontmatter parse CPU", warm.cpu / parse.cpu,
              CHECK_VS_PARSE_GOAL),
        Check("--changed-since, 1 changed post: wall s", changed.wall,
                    CHANGED_SINCE_GOAL_S),
        Check(f"--changed-since wall, {POSTS:,} posts / {SMALL:,} posts",
              changed.wall / small.wall),
        Check(f"--changed-since, 1 changed post in {HUGE:,}: wall s", huge.wall,
              CHANGED_SINCE_GOAL_S),
    ]
    name, seconds = _worst_render()
    report.rows.append({"run": f"render the slowest corpus post that passes ({name})",
                        "cpu s": "", "wall s": round(seconds, 2), "peak MiB": ""})
    report.checks.append(Check("render, slowest post the check passes: wall s", seconds,
                               RENDER_GOAL_S))
    return report


def _worst_render() -> tuple[str, float]:
    """The post of the hostile corpus (tests/corpus) that passes the check and takes the
    site's Markdown longest to render, with its time (best of three)."""
    from intranet.config.org import load_org  # noqa: PLC0415
    from intranet.config.policy import load_policy  # noqa: PLC0415
    from intranet.policy.checker import check_file  # noqa: PLC0415
    from intranet.policy.meta import Context  # noqa: PLC0415
    from intranet.policy.rendered import render  # noqa: PLC0415
    from intranet.policy.source import decode, split  # noqa: PLC0415

    root = CORPUS.parent.parent
    site = (root / "mkdocs.yml").read_text(encoding="utf-8")
    ctx = Context(load_policy(root / "policy.yml"), load_org(root / "org.yml"),
                  site_config=site)
    times = {}
    for path in sorted(CORPUS.rglob("*.md")):
        data = path.read_bytes()
        if check_file(f"engineering/posts/{path.name}", data, ctx).findings:
            continue
        body = split(decode(data, path.name), path.name).body
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            render(body, site)
            runs.append(time.perf_counter() - start)
        times[path.relative_to(CORPUS).as_posix()] = min(runs)
    return max(times.items(), key=lambda item: item[1])


def _big(repeat: int) -> dict[str, Child]:
    with tempfile.TemporaryDirectory(prefix="intranet-bench-check-") as tmp:
        root = _company(Path(tmp), POSTS)
        content = root / "content"
        runs = {
            "python-frontmatter parse": [sys.executable, "-c", BASELINE, str(content)],
            "intranet check --no-cache": _intranet(root, "check", "--no-cache"),
        }
        usage = {name: _least(cmd, root, repeat) for name, cmd in runs.items()}
        _least(_intranet(root, "check"), root, 1)  # fills the cache
        usage["intranet check, warm cache"] = _least(_intranet(root, "check"), root, repeat)
        _one_change(root)
        usage[CHANGED] = _least(_intranet(root, "check", "--changed-since", "main"), root,
                                repeat)
    return usage


def _changed(posts: int, repeat: int) -> Child:
    with tempfile.TemporaryDirectory(prefix="intranet-bench-check-") as tmp:
        root = _company(Path(tmp), posts)
        _one_change(root)
        return _least(_intranet(root, "check", "--changed-since", "main"), root, repeat)


def _company(tmp: Path, posts: int) -> Path:
    root = tmp / "intranet"
    root.mkdir()
    benchgen.write_ours(root, benchgen.company(posts, SEED))
    return root


def _intranet(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "intranet.cli.main", "--root", str(root), *args]


def _least(cmd: list[str], root: Path, repeat: int) -> Child:
    runs = [measure(cmd, root, root.parent / "stderr.txt", ok=(0, 1))
            for _ in range(repeat)]
    return min(runs, key=lambda c: c.cpu)


def _one_change(root: Path) -> None:
    """Commit everything on main, then change one post on a branch."""
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "All"],
                 ["switch", "-qc", "post/one"]):
        subprocess.run([*GIT, *args], cwd=root, check=True)
    post = next((root / "content").rglob("posts/*.md"))
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    subprocess.run([*GIT, "commit", "-qam", "Change one post"], cwd=root, check=True)
