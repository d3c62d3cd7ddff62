"""Benchmarks for the intranet, one section each; `scripts/bench` runs them all.

    scripts/bench [SECTION ...] [--sizes 250,1000,2000] [--repeat K] [--format text|json]

Sections:
  site   full `mkdocs build`s of a synthetic company with N posts: our hooks against
         Material's blog plugin and against the same posts as plain Material pages.
  check  `intranet check` over 10,000 posts against merely parsing their front-matter,
         `--changed-since` with one changed post (in 1,000, 10,000 and 50,000 posts), and
         the slowest post of the hostile corpus that passes the check, rendered.
  owners  10,000 paths against a CODEOWNERS of 1,000 rules; `codeowners check` of 3,000
          rules over 250,000 files.
  moderation  audit of 5,000 approved merges, queue of 200 submissions, `show` of a
              200-file submission, the server hook; audit of 50,000 merges.

A section is a function from the options to a Report (rows of measurements plus goal
checks); add one to SECTIONS and it is run, printed and exported like the others.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict

import bench_check
import bench_moderation
import bench_owners
import bench_site
from benchlib import BuildFailed, Report, Value

DEFAULT_SIZES = "250,1000,2000"

SECTIONS: dict[str, Callable[[argparse.Namespace], Report]] = {
    "site": bench_site.site_section,
    "check": bench_check.check_section,
    "owners": bench_owners.owners_section,
    "moderation": bench_moderation.moderation_section,
}


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
