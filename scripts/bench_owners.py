"""scripts/bench section `owners`: who owns each of 10,000 changed paths under a
CODEOWNERS of 1,000 rules, measured in this process (it is a library call, and the other
tools that build on `intranet.codeowners` call it the same way); and `intranet codeowners
check` of 3,000 rules against a monorepo of 250,000 files, as a child process (the command
CI runs: git's file list, validation, and printing every finding)."""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import SEED, Check, Child, Report, measure, progress

from intranet.codeowners import parse_codeowners

RULES = 1_000
PATHS = 10_000
GOAL_S = 1.0
CHECK_RULES = 3_000
CHECK_FILES = 250_000
CHECK_GOAL_S = 5.0
EXTENSIONS = ("md", "png", "py", "yml", "js", "css", "json", "txt")
AREAS = ("apps", "services", "libs", "tools")
FOLDERS = ("src", "docs", "lib", "assets", "test", "config", "api", "ui")
OWNERS = ("@grace @ken", "@mia @marco", "@hana @omar", "@ivan @priya", "@sam @lena")
CHECK = f"intranet codeowners check, {CHECK_RULES:,} rules x {CHECK_FILES:,} files"


def owners_section(opts: argparse.Namespace) -> Report:
    rng = random.Random(SEED)
    folders = [f"team{i:03d}" for i in range(RULES // 4)]
    text = codeowners(rng, folders)
    paths = [changed_path(rng, folders) for _ in range(PATHS)]
    report = Report("owners", f"owners: {PATHS:,} paths against a CODEOWNERS of {RULES:,} "
                    f"rules, least of {opts.repeat} run(s); {CHECK}",
                    ("step", "cpu s", "wall s", "peak MiB"))
    runs = [measure_lookups(text, paths) for _ in range(opts.repeat)]
    parse, evaluate = min(runs, key=lambda r: r[0][0] + r[1][0])
    for step, (cpu, wall) in (("parse and compile", parse), ("owners_for x 10,000", evaluate)):
        report.rows.append({"step": step, "cpu s": round(cpu, 3), "wall s": round(wall, 3),
                            "peak MiB": ""})  # in this process: its peak is the bench's
    total = parse[1] + evaluate[1]
    progress(f"owners: {total:.3f} s wall")
    check = check_run(opts.repeat)
    report.rows.append({"step": CHECK, "cpu s": round(check.cpu, 3),
                        "wall s": round(check.wall, 3), "peak MiB": round(check.peak_mib, 1)})
    progress(f"owners: {CHECK}: {check.wall:.3f} s wall")
    report.checks = [Check("parse + 10,000 lookups: wall s", total, GOAL_S),
                     Check(f"codeowners check, {CHECK_FILES:,} files: wall s", check.wall,
                           CHECK_GOAL_S)]
    return report


Timing = tuple[float, float]  # (cpu s, wall s)


def measure_lookups(text: str, paths: list[str]) -> tuple[Timing, Timing]:
    cpu, wall = time.process_time(), time.perf_counter()
    rules = parse_codeowners(text)
    parsed = (time.process_time() - cpu, time.perf_counter() - wall)
    cpu, wall = time.process_time(), time.perf_counter()
    for path in paths:
        rules.owners_for(path)
    return parsed, (time.process_time() - cpu, time.perf_counter() - wall)


def codeowners(rng: random.Random, folders: list[str]) -> str:
    """A mix like a big monorepo's: anchored folders, extensions, globs at any depth."""
    lines = ["* @org/everyone"]
    while len(lines) < RULES:
        folder, ext = rng.choice(folders), rng.choice(EXTENSIONS)
        owner = f"@org/{folder}"
        lines.append(rng.choice((
            f"/{folder}/ {owner}", f"*.{ext} {owner}", f"/{folder}/*.{ext} {owner}",
            f"{folder}/docs/ {owner}", f"/{folder}/**/*.{ext} {owner}",
            f"**/{folder}/config.{ext} {owner}", f"/src/{folder}/* {owner}")))
    return "\n".join(lines) + "\n"


def changed_path(rng: random.Random, folders: list[str]) -> str:
    depth = rng.randint(0, 4)
    parts = [rng.choice(folders)] + [rng.choice(("src", "docs", "lib", "assets", "x"))
                                     for _ in range(depth)]
    return "/".join(parts) + f"/file{rng.randint(0, 999)}.{rng.choice(EXTENSIONS)}"


def check_run(repeat: int) -> Child:
    with tempfile.TemporaryDirectory(prefix="intranet-bench-owners-") as tmp:
        root = monorepo(Path(tmp) / "repo", random.Random(SEED))
        cmd = [sys.executable, "-m", "intranet.cli.main", "--root", str(root), "codeowners",
               "check"]
        # Exit 1: the file has findings (lines that match nothing, shadowed ones), as big
        # hand-kept files do; printing them is part of the run.
        runs = [measure(cmd, root, Path(tmp) / "stderr.txt", ok=(1,)) for _ in range(repeat)]
    return min(runs, key=lambda c: c.wall)


def monorepo(root: Path, rng: random.Random) -> Path:
    """A git repository tracking CHECK_FILES files (all the empty blob: git's file list is
    what `check` reads, not their contents) and a hand-kept CODEOWNERS of CHECK_RULES."""
    teams = [f"team{i:03d}" for i in range(CHECK_RULES // 4)]
    files: set[str] = set()
    while len(files) < CHECK_FILES:
        parts = [rng.choice(AREAS), rng.choice(teams)]
        parts += [rng.choice(FOLDERS) for _ in range(rng.randint(0, 4))]
        files.add("/".join(parts) + f"/file{rng.randint(0, 999)}.{rng.choice(EXTENSIONS)}")
    tracked = sorted(files)
    (root / ".github").mkdir(parents=True)
    (root / "org.yml").write_bytes((Path(__file__).parent.parent / "org.yml").read_bytes())
    (root / ".github" / "CODEOWNERS").write_text(big_codeowners(rng, teams, tracked),
                                                 encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=root, input="",
                          capture_output=True, text=True, check=True).stdout.strip()
    entries = "".join(f"100644 {blob}\t{path}\n" for path in tracked)
    subprocess.run(["git", "update-index", "--add", "--index-info"], cwd=root,
                   input=entries, text=True, check=True)
    return root


def big_codeowners(rng: random.Random, teams: list[str], files: list[str]) -> str:
    """Years of hand edits: a block per team folder (the folder, then finer lines under
    it), with lines for what has moved away, lines repeated further down, and patterns at
    any depth; defaults by extension at the top."""
    lines = ["* @ivan @priya", *(f"*.{ext} @ivan @priya" for ext in EXTENSIONS[:3])]
    under: dict[str, list[str]] = {}
    for path in files:
        under.setdefault(path.split("/", 2)[1], []).append(path)
    while len(lines) < CHECK_RULES:
        team, area, owners = rng.choice(teams), rng.choice(AREAS), rng.choice(OWNERS)
        block = [f"/{area}/{team}/"]
        for _ in range(rng.randint(0, 4)):
            folder, ext = rng.choice(FOLDERS), rng.choice(EXTENSIONS)
            kinds = {f"/{area}/{team}/{folder}/": 6, f"/{area}/{team}/**/*.{ext}": 4,
                     f"/{area}/{team}/{folder}/*": 3, f"/{rng.choice(under[team])}": 6,
                     f"/legacy/{team}/{folder}/": 2, f"**/{team}/config.{ext}": 2,
                     f"{team}/{folder}/": 1, f"/{area}/{team}/*.{ext}": 2}
            block.append(rng.choices(list(kinds), list(kinds.values()))[0])
        lines += [f"{pattern} {owners}" for pattern in block]
    return "\n".join(lines[:CHECK_RULES]) + "\n"
