"""scripts/bench section `site`: full `mkdocs build`s of a synthetic company with N posts,
our hooks against Material's blog plugin and against the same posts as plain pages; and
our hooks over the same posts with 5 x N replies under them, against ours without."""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import benchgen
from benchlib import SEED, TODAY, BuildFailed, Check, Report, Value, measure, progress

CPU_VS_BLOG_GOAL = 1.3  # ours may cost this much more than Material's own blog plugin
# Five replies of ~60 words per post add ~75% to the words a build reads: the discussions
# may cost up to this much more than the same posts without them.
REPLIES_VS_POSTS_GOAL = 1.6
WITH_REPLIES = "ours+replies"
LINEAR_SLACK = 1.05  # doubling N may cost 2.1x: overheads should shrink, not grow


@dataclass(frozen=True)
class Usage:
    cpu: float  # user + sys seconds of the child alone
    wall: float
    peak_mib: float
    site_mib: float


# --- measuring a build -----------------------------------------------------------------


def build(config: Path, out: Path, what: str) -> Usage:
    """One `mkdocs build` in a child process."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)]
    try:
        child = measure(cmd, config.parent, out.with_name(out.name + ".stderr"))
    except BuildFailed as exc:
        raise BuildFailed(f"{what}: {exc.what}", exc.stderr) from None
    return Usage(child.cpu, child.wall, child.peak_mib, mib(out))


def mib(tree: Path) -> float:
    return sum(f.stat().st_size for f in tree.rglob("*") if f.is_file()) / 2**20


def best_of(config: Path, out: Path, what: str, repeat: int) -> Usage:
    """The run with the least CPU: noise from other processes only ever adds time."""
    runs = []
    for _ in range(repeat):
        runs.append(build(config, out, what))
        shutil.rmtree(out)  # sites of thousands of pages add up on disk
    return min(runs, key=lambda u: u.cpu)


Writer = Callable[[Path, benchgen.Company], Path]
VARIANTS: dict[str, Writer] = {
    "ours": benchgen.write_ours,
    "material-blog": benchgen.write_blog,
    "plain-pages": benchgen.write_plain,
    WITH_REPLIES: benchgen.write_ours_with_replies,  # only ours publishes replies
}
# Our goals: the others are the yardstick, not the product.
OURS = ("ours", WITH_REPLIES)


def site_section(opts: argparse.Namespace) -> Report:
    report = Report(
        "site",
        f"site: full mkdocs builds, INTRANET_TODAY={TODAY}, least CPU of {opts.repeat} run(s)",
        ("N", "variant", "replies", "cpu s", "wall s", "peak MiB", "site MiB"),
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
                replies = n * benchgen.REPLIES_PER_POST if variant == WITH_REPLIES else 0
                report.rows.append({"N": n, "variant": variant, "replies": replies,
                                    **_rounded(usage)})
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
        checks.append(
            Check(
                f"N={n} {WITH_REPLIES} / ours CPU",
                cpu[n, WITH_REPLIES] / cpu[n, "ours"],
                REPLIES_VS_POSTS_GOAL,
            )
        )
    ordered = sorted(set(sizes))
    for small, big in itertools.pairwise(ordered):
        for variant in VARIANTS:
            goal = LINEAR_SLACK * big / small if variant in OURS else None
            checks.append(
                Check(
                    f"linearity CPU({big})/CPU({small}) {variant}",
                    cpu[big, variant] / cpu[small, variant],
                    goal,
                )
            )
    return checks
