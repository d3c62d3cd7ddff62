"""The audit of a history longer than one batch of diffs: the walk reads main's diffs two
thousand at a time in background `git diff-tree`s and hands the landings on a block at
a time, so findings across those boundaries, and submissions that left main several
merges back (whose diffs are read apart from main's), must come out exactly as on a
short history. The history is written with git fast-import, in the shape `intranet
approve` leaves."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import ROOT, subprocess_env

from intranet.git import Git
from intranet.moderation.audit import audit

MERGES = 4_200  # three chunks of diffs, three blocks of landings
DIRECT = 1_999  # a post committed to main directly, at the end of the first chunk
UNAPPROVED = 2_000  # a merge nobody approved, at the start of the second
EXTRA = 4_001  # a merge that adds a file its submission did not hold, in the third
OLD_BASE = 3  # every 500th submission left main this many merges before it landed
BASE = ("org.yml", "policy.yml", ".github/CODEOWNERS", "content/index.md")
EVE = "Eve Martins <eve@fieldstone.example>"
GRACE = "Grace Okafor <grace@fieldstone.example>"


def _git(repo: Path, *args: str, data: bytes | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=repo, input=data, capture_output=True,
                          env=subprocess_env(), check=True)
    return done.stdout.decode()


def _data(text: str) -> str:
    return f"data {len(text.encode())}\n{text}\n"


def _post(i: int) -> str:
    text = (f'---\ntitle: "Post {i}"\ndate: 2026-10-01\nauthors: [eve]\n'
            f'department: engineering\nclassification: internal\npolicy: "2026.1"\n---\n\n'
            f"News {i}.\n")
    # folders of a hundred keep fast-import quick; the audit does not mind where posts are
    return f"M 100644 inline {_path(i)}\n" + _data(text)


def _path(i: int) -> str:
    return f"content/engineering/posts/batch-{i // 100}/post-{i}.md"


def _main(i: int) -> str:
    """main after the i-th change (-1: where moderation starts)."""
    return f":{10 * i + 13}" if i >= 0 else ":1"


def _change(i: int) -> str:
    when = f"{1_700_000_000 + 2 * i} +0000"
    if i == DIRECT:
        return (f"commit refs/heads/main\nmark {_main(i)}\nauthor {EVE} {when}\n"
                f"committer {EVE} {when}\n" + _data(f"Post {i}, straight to main")
                + f"from {_main(i - 1)}\n" + _post(i))
    base = _main(i - OLD_BASE if i % 500 == 7 else i - 1)
    tip = f":{10 * i + 12}"
    branch = (f"commit refs/heads/submission\nmark {tip}\nauthor {EVE} {when}\n"
              f"committer {EVE} {when}\n" + _data(f"New post {i}") + f"from {base}\n"
              + _post(i))
    extra = ("M 100644 inline content/engineering/posts/unreviewed.md\n"
             + _data("---\ntitle: Unreviewed\n---\n") if i == EXTRA else "")
    merge = (f"commit refs/heads/main\nmark {_main(i)}\ncommitter {GRACE} {when}\n"
             + _data(f"Publish post {i}\n\nApproved-by: {GRACE}\n")
             + f"from {_main(i - 1)}\nmerge {tip}\n" + _post(i) + extra)
    return branch + merge


def _history(tmp: Path) -> tuple[Git, dict[str, str]]:
    """The repository and the commit of each mark that matters."""
    repo = tmp / "remote.git"
    _git(tmp, "init", "--quiet", "--bare", "--initial-branch=main", str(repo))
    files = "".join(f"M 100644 inline {p}\n" + _data((ROOT / p).read_text(encoding="utf-8"))
                    for p in BASE)
    stream = [f"commit refs/heads/main\nmark :1\ncommitter {GRACE} 1700000000 +0000\n"
              + _data("The intranet") + files]
    stream += [_change(i) for i in range(MERGES)]
    marks = tmp / "marks"
    _git(repo, "fast-import", "--quiet", f"--export-marks={marks}",
         data="".join(stream).encode())
    sha = dict(line.split() for line in marks.read_text().splitlines())
    tags = [f"tag intranet/approved/{sha[f':{10 * i + 12}']}/grace\n"
            f"from {sha[f':{10 * i + 12}']}\ntagger {GRACE} 1700000000 +0000\n"
            + _data("Approve") for i in range(MERGES) if i not in (DIRECT, UNAPPROVED)]
    _git(repo, "fast-import", "--quiet", data="".join(tags).encode())
    return Git(repo), sha


def test_findings_across_chunks_and_blocks_are_those_of_a_short_history(
        tmp_path: Path) -> None:
    g, sha = _history(tmp_path)
    found = audit(g, sha[_main(MERGES - 1)], sha[":1"])
    assert found.judged == MERGES
    assert [(f.commit, f.rule, f.message, f.paths) for f in found.flags] == [
        (sha[_main(DIRECT)], "audit-direct",
         f"{_path(DIRECT)} changed on main directly by Eve Martins <eve@fieldstone.example>, "
         "with no approved submission; revert it through a reviewed post branch",
         (_path(DIRECT),)),
        (sha[_main(UNAPPROVED)], "audit-unapproved",
         f"Publish post {UNAPPROVED} was published without an approval from Engineering "
         f"(one of Grace Okafor, Ken Larsen) for {_path(UNAPPROVED)}",
         (_path(UNAPPROVED),)),
        (sha[_main(EXTRA)], "audit-tree",
         f"Publish post {EXTRA}: its content is not git's merge of its parents (it differs "
         "at content/engineering/posts/unreviewed.md); publish only what was approved, "
         "with `intranet approve`", ("content/engineering/posts/unreviewed.md",)),
    ]
