"""scripts/bench section `owners`: who owns each of 10,000 changed paths under a
CODEOWNERS of 1,000 rules. Measured in this process: it is a library call, and the
other tools that build on `intranet.codeowners` call it the same way."""

from __future__ import annotations

import argparse
import random
import time

from benchlib import SEED, Check, Report, progress

from intranet.codeowners import parse_codeowners

RULES = 1_000
PATHS = 10_000
GOAL_S = 1.0
EXTENSIONS = ("md", "png", "py", "yml", "js", "css", "json", "txt")


def owners_section(opts: argparse.Namespace) -> Report:
    rng = random.Random(SEED)
    folders = [f"team{i:03d}" for i in range(RULES // 4)]
    text = codeowners(rng, folders)
    paths = [changed_path(rng, folders) for _ in range(PATHS)]
    report = Report("owners", f"owners: {PATHS:,} paths against a CODEOWNERS of {RULES:,} "
                    f"rules, least of {opts.repeat} run(s)", ("step", "cpu s", "wall s"))
    runs = [measure(text, paths) for _ in range(opts.repeat)]
    parse, evaluate = min(runs, key=lambda r: r[0][0] + r[1][0])
    for step, (cpu, wall) in (("parse and compile", parse), ("owners_for x 10,000", evaluate)):
        report.rows.append({"step": step, "cpu s": round(cpu, 3), "wall s": round(wall, 3)})
    total = parse[1] + evaluate[1]
    progress(f"owners: {total:.3f} s wall")
    report.checks = [Check("parse + 10,000 lookups: wall s", total, GOAL_S)]
    return report


Timing = tuple[float, float]  # (cpu s, wall s)


def measure(text: str, paths: list[str]) -> tuple[Timing, Timing]:
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
