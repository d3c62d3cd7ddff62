"""The one module that talks to git. Nothing else imports GitPython."""

from __future__ import annotations

from pathlib import Path

import git

from intranet.errors import IntranetError, error


def _repo(root: Path) -> git.Repo:
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise IntranetError([error(str(root), 1, 1, "git-repository", "this is not a git "
                                   "repository; run it inside a clone of the intranet")]) from None


def changed_since(root: Path, ref: str) -> list[Path]:
    """Files added or changed on this branch since it left `ref` (the merge base), plus
    uncommitted and untracked ones: everything a review of this work would show."""
    repo = _repo(root)
    try:
        base = repo.git.merge_base(ref, "HEAD")
    except git.GitCommandError:
        raise IntranetError([error("--changed-since", 1, 1, "git-ref", f"{ref!r} is not a "
                                   "commit git knows here; fetch it or name another")]) from None
    names = repo.git.diff("--name-only", "--no-renames", "--diff-filter=ACMRT", "-z", base)
    untracked = repo.git.ls_files("--others", "--exclude-standard", "-z")
    top = Path(repo.working_dir)
    found = {n for n in (names + "\0" + untracked).split("\0") if n}
    return sorted(top / name for name in found)


def tracked_files(root: Path) -> list[str]:
    """The files the repository holds or is about to: tracked ones plus untracked ones
    git does not ignore, repository-relative with '/'. Counting new files too means a
    CODEOWNERS written before `git add` already matches what gets committed."""
    repo = _repo(root)
    names = repo.git.ls_files("--cached", "--others", "--exclude-standard", "-z")
    return sorted({name for name in names.split("\0") if name})
