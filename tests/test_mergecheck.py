"""The audit's shortcut for "is this merge git's own merge of its parents?" must never
claim more than git does. Random histories (adds, edits, deletions, renames, folders
emptied, files turned into folders and back, on both sides) are written with git
fast-import; whenever the shortcut says it is sure, `git merge-tree` must merge cleanly
to exactly main plus the submission's changes."""

from __future__ import annotations

import itertools
import random
import subprocess
from pathlib import Path

from conftest import GIT_ENV, subprocess_env

from intranet.git import Git
from intranet.moderation.mergecheck import MainChanges, differences

NAMES = ["a", "b", "c", "d/a", "d/b", "d/e/a", "d/e/b", "f/a", "f/b", "g"]
EXAMPLES = 600


def _git(repo: Path, *args: str, data: bytes | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=repo, input=data, capture_output=True,
                          env={**subprocess_env(), **GIT_ENV}, check=True)
    return done.stdout.decode()


def _edit(files: dict[str, str], rng: random.Random, tag: str) -> dict[str, str]:
    """One random change to a {path: text} tree, kept free of file/folder clashes."""
    out = dict(files)
    op = rng.choice(["add", "add-under", "add-into", "edit", "delete", "rename",
                     "empty-folder", "file-to-folder"])
    path = rng.choice(NAMES)
    if op == "add" or not out:
        out[path] = f"{tag} {path}\n"
    elif op == "add-under":  # a folder where a file is, or may be added on the other side
        out[f"{path}/new"] = f"{tag}\n"
    elif op == "add-into":  # a new file in a folder the other side may empty or rename
        out[f"{rng.choice(['d', 'd/e', 'f'])}/{tag}"] = f"{tag}\n"
    elif op == "edit":
        victim = rng.choice(sorted(out))
        out[victim] += f"{tag}\n"
    elif op == "delete":
        del out[rng.choice(sorted(out))]
    elif op == "rename":
        victim = rng.choice(sorted(out))
        out[path] = out.pop(victim)
    elif op == "empty-folder":
        folder = rng.choice(["d", "d/e", "f"])
        moved = {p: t for p, t in out.items() if p.startswith(folder + "/")}
        for p, t in moved.items():
            del out[p]
            out["moved/" + p] = t
    else:
        out = {p: t for p, t in out.items() if p != "g"}
        out["g/inner"] = f"{tag}\n"
    names = sorted(out)
    # A path may not be both a file and a folder.
    return {p: t for p, t in out.items() if not any(n.startswith(p + "/") for n in names)}


def _commit(ref: str, mark: int, parent: int | None, files: dict[str, str]) -> str:
    body = [f"commit {ref}", f"mark :{mark}",
            "committer T <t@example> 1700000000 +0000", "data 1", "x"]
    if parent is not None:
        body.append(f"from :{parent}")
    body.append("deleteall")
    for path, text in sorted(files.items()):
        body += [f"M 100644 inline {path}", f"data {len(text.encode())}", text]
    return "\n".join(body) + "\n"


def test_the_shortcut_is_never_surer_than_git(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _git(tmp_path, "init", "--quiet", "--bare", str(repo))
    g = Git(repo)
    rng = random.Random(2026)
    sure = 0
    for example in range(EXAMPLES):
        base = {p: f"base {p}\n" for p in rng.sample(NAMES[:-1], rng.randint(2, 8))}
        mains = [base]
        for step in range(rng.randint(0, 3)):
            mains.append(_edit(mains[-1], rng, f"main{step}"))
        branch = base
        for step in range(rng.randint(1, 3)):
            branch = _edit(branch, rng, f"branch{step}")
        stream = [_commit("refs/heads/main", 1, None, base)]
        stream += [_commit("refs/heads/main", 2 + i, 1 + i, files)
                   for i, files in enumerate(mains[1:])]
        stream.append(_commit("refs/heads/side", 100, 1, branch))
        stream.append(f"get-mark :1\nget-mark :{len(mains)}\nget-mark :100\n")
        out = _git(repo, "fast-import", "--quiet", "--force", data="".join(stream).encode())
        first, main, side = out.split()
        chain = [first, *_git(repo, "rev-list", "--reverse", f"{first}..{main}").split()]
        trees = {c: _git(repo, "rev-parse", f"{c}^{{tree}}").strip() for c in {*chain, side}}
        changes = MainChanges()
        diffs = g.diff_trees([(trees[a], trees[b]) for a, b in itertools.pairwise(chain)] +
                             [(trees[first], trees[side])])
        for position, diff in enumerate(diffs[:-1]):
            assert diff is not None
            changes.record(position, diff)
        own = diffs[-1]
        assert own is not None
        if not changes.untouched(-1, own):
            continue
        sure += 1
        merged = g.merge_tree(main, side)
        assert merged is not None, f"example {example}: git conflicts where the shortcut is sure"
        actual = g.diff_trees([(trees[main], merged)])[0]
        assert actual is not None
        assert differences(own, actual) == [], f"example {example}"
    assert sure > EXAMPLES // 4  # the shortcut must also be useful, not only safe
