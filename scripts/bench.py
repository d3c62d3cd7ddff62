"""Benchmarks for the intranet, one section each; `scripts/bench` runs them all.

    scripts/bench [SECTION ...] [--sizes 250,1000,2000] [--repeat K] [--format text|json]

Sections:
  site  full `mkdocs build`s of a synthetic company with N posts: our hooks against
        Material's blog plugin and against the same posts as plain Material pages.

A section is a function from the options to a Report (rows of measurements plus goal
checks); add one to SECTIONS and it is run, printed and exported like the others.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import benchgen

TODAY = benchgen.TODAY.isoformat()
DEFAULT_SIZES = "250,1000,2000"
SEED = 2026
STDERR_TAIL = 40  # lines of a failed build's stderr worth showing
CPU_VS_BLOG_GOAL = 1.3  # ours may cost this much more than Material's own blog plugin
LINEAR_SLACK = 1.05  # doubling N may cost 2.1x: overheads should shrink, not grow

Value = float | int | str


@dataclass(frozen=True)
class Check:
    """One derived number, compared with its goal when it has one."""

    label: str
    value: float
    goal: float | None = None  # an upper bound; None: shown for information only

    @property
    def status(self) -> str:
        if self.goal is None:
            return ""
        return "ok" if self.value <= self.goal else "MISSED"


@dataclass
class Report:
    section: str
    title: str
    columns: tuple[str, ...]
    rows: list[dict[str, Value]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


class BuildFailed(Exception):
    def __init__(self, what: str, stderr: str) -> None:
        super().__init__(what)
        self.what, self.stderr = what, stderr


@dataclass(frozen=True)
class Usage:
    cpu: float  # user + sys seconds of the child alone
    wall: float
    peak_mib: float
    site_mib: float


# --- measuring a build -----------------------------------------------------------------


def build(config: Path, out: Path, what: str) -> Usage:
    """One `mkdocs build` in a child process. os.wait4 reports that child's own rusage,
    so nothing else this process started (or earlier builds) leaks into the numbers."""
    env = {
        **os.environ,
        "INTRANET_TODAY": TODAY,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)]
    errors = out.with_name(out.name + ".stderr")
    with errors.open("wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen(
            cmd,
            cwd=config.parent,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # Popen must not reap it again
    if child.returncode != 0:
        tail = errors.read_text(encoding="utf-8", errors="replace").splitlines()[-STDERR_TAIL:]
        raise BuildFailed(f"{what}: mkdocs build exited with {child.returncode}", "\n".join(tail))
    # ru_maxrss is in KiB on Linux
    return Usage(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, mib(out))


def mib(tree: Path) -> float:
    return sum(f.stat().st_size for f in tree.rglob("*") if f.is_file()) / 2**20


def best_of(config: Path, out: Path, what: str, repeat: int) -> Usage:
    """The run with the least CPU: noise from other processes only ever adds time."""
    runs = []
    for _ in range(repeat):
        runs.append(build(config, out, what))
        shutil.rmtree(out)  # sites of thousands of pages add up on disk
    return min(runs, key=lambda u: u.cpu)


# --- section: site ---------------------------------------------------------------------

Writer = Callable[[Path, benchgen.Company], Path]
VARIANTS: dict[str, Writer] = {
    "ours": benchgen.write_ours,
    "material-blog": benchgen.write_blog,
    "plain-pages": benchgen.write_plain,
}


def site_section(opts: argparse.Namespace) -> Report:
    report = Report(
        "site",
        f"site: full mkdocs builds, INTRANET_TODAY={TODAY}, least CPU of {opts.repeat} run(s)",
        ("N", "variant", "cpu s", "wall s", "peak MiB", "site MiB"),
    )
    cpu: dict[tuple[int, str], float] = {}
    with tempfile.TemporaryDirectory(prefix="intranet-bench-") as tmp:
        for n in opts.sizes:
            co = benchgen.company(n, SEED)
            for variant, write in VARIANTS.items():
                root = Path(tmp) / f"{n}-{variant}"
                root.mkdir()
                config = write(root, co)
                usage = best_of(
                    config, Path(tmp) / f"site-{n}-{variant}", f"N={n} {variant}", opts.repeat
                )
                shutil.rmtree(root)
                cpu[n, variant] = usage.cpu
                report.rows.append({"N": n, "variant": variant, **_rounded(usage)})
                progress(f"site N={n} {variant}: {usage.cpu:.2f} s CPU")
    report.checks = site_checks(cpu, opts.sizes)
    return report


def _rounded(usage: Usage) -> dict[str, Value]:
    names = ("cpu s", "wall s", "peak MiB", "site MiB")
    return {k: round(v, 2) for k, v in zip(names, asdict(usage).values(), strict=True)}


def site_checks(cpu: dict[tuple[int, str], float], sizes: Sequence[int]) -> list[Check]:
    checks = []
    for n in sizes:
        checks.append(
            Check(
                f"N={n} ours / material-blog CPU",
                cpu[n, "ours"] / cpu[n, "material-blog"],
                CPU_VS_BLOG_GOAL,
            )
        )
        checks.append(
            Check(f"N={n} ours / plain-pages CPU", cpu[n, "ours"] / cpu[n, "plain-pages"])
        )
    ordered = sorted(set(sizes))
    for small, big in itertools.pairwise(ordered):
        for variant in VARIANTS:
            # Only ours has a goal: the other two are the yardstick, not the product.
            goal = LINEAR_SLACK * big / small if variant == "ours" else None
            checks.append(
                Check(
                    f"linearity CPU({big})/CPU({small}) {variant}",
                    cpu[big, variant] / cpu[small, variant],
                    goal,
                )
            )
    return checks


# --- running and printing --------------------------------------------------------------

SECTIONS: dict[str, Callable[[argparse.Namespace], Report]] = {
    "site": site_section,
}


def progress(message: str) -> None:
    """Builds take minutes: say what finished, on stderr so stdout stays the table."""
    print(message, file=sys.stderr, flush=True)


def text(report: Report) -> str:
    table = [list(report.columns)]
    table += [[_cell(row[c]) for c in report.columns] for row in report.rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(report.columns))]
    lines = [report.title, ""]
    for cells in table:
        # numbers read best right-aligned, names left-aligned
        lines.append(
            "  ".join(
                c.rjust(w) if _numeric(c) or c in ("N",) else c.ljust(w)
                for c, w in zip(cells, widths, strict=True)
            ).rstrip()
        )
    if report.checks:
        width = max(len(c.label) for c in report.checks)
        lines += ["", "ratios"]
        for check in report.checks:
            goal = f"<= {check.goal:.2f}" if check.goal is not None else ""
            lines.append(
                f"  {check.label.ljust(width)}  {check.value:6.2f}  {goal:8}  "
                f"{check.status}".rstrip()
            )
    return "\n".join(lines)


def _cell(value: Value) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _numeric(cell: str) -> bool:
    return cell.replace(".", "", 1).isdigit()


def as_json(reports: list[Report]) -> str:
    data = {
        r.section: {
            "title": r.title,
            "rows": r.rows,
            "checks": [
                {**asdict(c), "value": round(c.value, 3), "status": c.status} for c in r.checks
            ],
        }
        for r in reports
    }
    return json.dumps(data, indent=2)


def sizes(value: str) -> tuple[int, ...]:
    try:
        # a size given twice would be built twice and shown as one
        parsed = tuple(dict.fromkeys(int(v) for v in value.split(",") if v.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a comma list of numbers") from None
    if not parsed or min(parsed) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive numbers of posts")
    return parsed


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="scripts/bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # choices are checked by hand: argparse rejects an empty nargs="*" list with choices
    p.add_argument(
        "sections",
        nargs="*",
        metavar="SECTION",
        help=f"what to run: {', '.join(SECTIONS)} (default: all)",
    )
    p.add_argument(
        "--sizes",
        type=sizes,
        default=DEFAULT_SIZES,
        help="site: numbers of posts, comma-separated (default: %(default)s)",
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="K",
        help="build each case K times and keep the least CPU (default: 1)",
    )
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output (default: text)"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    opts = p.parse_args(argv)
    unknown = [s for s in opts.sections if s not in SECTIONS]
    if unknown:
        p.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    if opts.repeat < 1:
        p.error("--repeat must be at least 1")
    reports = []
    try:
        for name in opts.sections or list(SECTIONS):
            reports.append(SECTIONS[name](opts))
    except BuildFailed as exc:
        print(f"benchmark build failed: {exc.what}\n{exc.stderr}", file=sys.stderr)
        return 1
    print(as_json(reports) if opts.format == "json" else "\n\n".join(map(text, reports)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
