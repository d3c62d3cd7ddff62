"""The one module that talks to git. Nothing else imports GitPython.

Everything moderation records lives in git itself (branches, annotated tags, merge
commits), so any clone can prove later what was approved, by whom, and when."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import git

from intranet.errors import IntranetError, error

REMOTE = "origin"
# How a push says the remote moved on meanwhile (another push won the race).
RACES = ("fetch first", "non-fast-forward", "stale info", "cannot lock ref",
         "failed to update ref", "incorrect old value", "atomic transaction failed")


def _fail(rule: str, message: str, where: str = "git") -> IntranetError:
    return IntranetError([error(where, 0, 0, rule, message)])


def _repo(root: Path) -> git.Repo:
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise _fail("git-repository", "this is not a git repository; run it inside a clone "
                    "of the intranet", str(root)) from None


def changed_since(root: Path, ref: str, deleted: bool = False) -> list[Path]:
    """Files added or changed on this branch since it left `ref` (the merge base), plus
    uncommitted and untracked ones: everything a review of this work would show. With
    `deleted`, removed files too: deleting a post needs its owners as much as adding one."""
    repo = _repo(root)
    try:
        base = repo.git.merge_base(ref, "HEAD")
    except git.GitCommandError:
        raise _fail("git-ref", f"{ref!r} is not a commit git knows here; fetch it or name "
                    "another", "--changed-since") from None
    kinds = "ACDMRT" if deleted else "ACMRT"
    names = repo.git.diff("--name-only", "--no-renames", f"--diff-filter={kinds}", "-z", base)
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


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    time: int  # committer time, seconds since the epoch
    message: str


@dataclass(frozen=True)
class Tag:
    name: str  # without refs/tags/
    sha: str  # the tag object
    target: str  # the commit it points at
    tagger_email: str
    message: str  # without the signature
    signed: bool


class Git:
    """A clone (or a bare repository on the server) and the few operations moderation
    needs, each one git command or one GitPython object lookup."""

    def __init__(self, root: Path) -> None:
        self._repo = _repo(root)
        self.top = Path(self._repo.working_tree_dir or self._repo.git_dir)

    def run(self, *args: str, **kwargs: Any) -> str:
        try:
            return str(self._repo.git.execute(["git", *args], **kwargs))
        except git.GitCommandError as exc:
            detail = str(exc.stderr or exc.stdout).strip().strip("'").strip()
            raise _fail("git-command", f"`git {' '.join(args[:3])}` failed: "
                        f"{detail.splitlines()[-1] if detail else exc.status}") from None

    def config(self, key: str) -> str:
        try:
            return str(self._repo.git.config("--get", key))
        except git.GitCommandError:
            return ""

    def rev(self, ref: str) -> str | None:
        try:
            return str(self._repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}"))
        except git.GitCommandError:
            return None

    def current_branch(self) -> str:
        try:
            return str(self._repo.git.symbolic_ref("--short", "HEAD"))
        except git.GitCommandError:
            return ""

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        try:
            self._repo.git.merge_base("--is-ancestor", ancestor, descendant)
        except git.GitCommandError:
            return False
        return True

    def merge_base(self, a: str, b: str) -> str:
        return self.run("merge-base", a, b)

    def read(self, rev: str, path: str) -> bytes | None:
        """A file's bytes at a commit, or None where it does not exist."""
        return self.read_many([(rev, path)])[rev, path]

    def read_many(self, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], bytes | None]:
        """Many files at many commits through one `git cat-file --batch`; walking big
        trees object by object in Python is far slower than letting git do it."""
        if not wanted:
            return {}
        with tempfile.TemporaryFile() as requests:
            requests.write("".join(f"{rev}:{path}\n" for rev, path in wanted).encode())
            requests.seek(0)
            out = self._repo.git.execute(["git", "cat-file", "--batch"], istream=requests,
                                         stdout_as_string=False, strip_newline_in_stdout=False)
        found: dict[tuple[str, str], bytes | None] = {}
        at = 0
        for key in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            if len(header) == 3:  # "<sha> <type> <size>", then the object
                size = int(header[2])
                found[key] = bytes(out[end + 1:end + 1 + size]) if header[1] == b"blob" else None
                at = end + 1 + size + 1
            else:  # "<rev:path> missing"
                found[key] = None
                at = end + 1
        return found

    def changed(self, base: str, tip: str) -> dict[str, str]:
        """Every path a change from base to tip adds, modifies or deletes, with its mode
        at tip ("120000" is a symbolic link, "000000" deleted)."""
        return dict(sorted(_raw(self.run("diff", "--raw", "--no-renames", "-z", base, tip))))

    def commits(self, *revs: str, first_parent: bool = False) -> Iterator[Commit]:
        """Commits of `git log revs`, newest first, in one git call."""
        args = ["log", "--format=%H%x00%P%x00%an%x00%ae%x00%ct%x00%B%x1e"]
        out = self.run(*args, *(["--first-parent"] if first_parent else []), *revs, "--")
        for record in out.split("\x1e"):
            fields = record.lstrip("\n").split("\0")
            if len(fields) == 6:
                sha, parents, name, email, when, message = fields
                yield Commit(sha, tuple(parents.split()), name, email, int(when), message)

    def mainline(self, revs: str) -> Iterator[tuple[Commit, list[str]]]:
        """First-parent history (oldest first), each commit with the paths it changed
        against its first parent: one git call for the whole history."""
        out = self.run("log", "--reverse", "--first-parent", "-m", "--name-only", "-z",
                       "--format=%x1e%H%x00%P%x00%an%x00%ae%x00%ct%x00%B%x1f", revs, "--")
        for record in out.split("\x1e")[1:]:
            head, _, names = record.partition("\x1f")
            sha, parents, name, email, when, message = head.split("\0", 5)
            paths = [n for n in names.strip("\0\n").split("\0") if n]
            yield Commit(sha, tuple(parents.split()), name, email, int(when), message), paths

    def unmerged(self, target: str, tips: list[str]) -> dict[str, tuple[Commit, dict[str, str]]]:
        """Every commit reachable from `tips` but not from `target`, with the paths each
        changed and their new modes: one git call for a whole queue of submissions."""
        if not tips:
            return {}
        out = self.run("log", "--raw", "-z", "--no-renames", "--no-abbrev",
                       "--format=%x1e%H%x00%P%x00%an%x00%ae%x00%ct%x00%B%x1f",
                       f"^{target}", *tips, "--")
        found = {}
        for record in out.split("\x1e")[1:]:
            head, _, raw = record.partition("\x1f")
            sha, parents, name, email, when, message = head.split("\0", 5)
            found[sha] = (Commit(sha, tuple(parents.split()), name, email, int(when), message),
                          dict(_raw(raw)))
        return found

    def graph(self, revs: str) -> dict[str, tuple[tuple[str, ...], str]]:
        """Every commit reachable from revs: sha -> (parents, author e-mail)."""
        out = self.run("log", "--format=%H %ae %P", revs, "--")
        graph: dict[str, tuple[tuple[str, ...], str]] = {}
        for line in out.splitlines():
            sha, email, *parents = line.split(" ")
            graph[sha] = (tuple(parents), email.lower())
        return graph

    def ancestors(self, rev: str) -> set[str]:
        return set(self.run("rev-list", rev).split())

    def tag_object(self, sha: str, name: str) -> Tag | None:
        """A tag object that is not a ref yet (a server hook sees pushed tags this way)."""
        raw = self.run("cat-file", "tag", sha)
        head, _, body = raw.partition("\n\n")
        fields = dict(line.split(" ", 1) for line in head.splitlines() if " " in line)
        signed = "-----BEGIN SSH SIGNATURE-----" in body
        message = body.split("-----BEGIN SSH SIGNATURE-----")[0].strip()
        email = fields.get("tagger", "").partition("<")[2].partition(">")[0].lower()
        return Tag(name, sha, fields.get("object", ""), email, message, signed) \
            if fields.get("type") == "commit" else None

    def tags(self, prefix: str) -> list[Tag]:
        out = self.run("for-each-ref", "--format=%(refname:short)%00%(objectname)%00"
                       "%(*objectname)%00%(taggeremail:trim)%00%(contents:body)%00"
                       "%(contents:subject)%00%(contents:signature)%1e", f"refs/tags/{prefix}")
        return [t for t in (_tag(r) for r in out.split("\x1e")) if t is not None]

    def branches(self, prefix: str, remote: bool = True) -> dict[str, str]:
        """Branches under `prefix` (the remote's, as last fetched, or local), name -> tip."""
        space = f"refs/remotes/{REMOTE}/" if remote else "refs/heads/"
        out = self.run("for-each-ref", "--format=%(refname)%00%(objectname)", space + prefix)
        pairs = (line.split("\0") for line in out.splitlines() if line)
        return {name[len(space):]: sha for name, sha in pairs}

    def fetch(self) -> None:
        """The remote's branches and moderation records (tags under intranet/)."""
        self.run("fetch", "--quiet", "--prune", REMOTE, f"+refs/heads/*:refs/remotes/{REMOTE}/*",
                 "+refs/tags/intranet/*:refs/tags/intranet/*")

    def push(self, *refspecs: str) -> bool:
        """Push atomically; False when the remote moved on (fetch and try again)."""
        try:
            self._repo.git.push("--atomic", "--quiet", REMOTE, *refspecs)
        except git.GitCommandError as exc:
            text = str(exc.stderr)
            if "hook declined" not in text and any(m in text for m in RACES):
                return False
            reason = [ln.strip() for ln in text.splitlines() if ln.strip().startswith(
                ("remote:", "!", "error:")) and "failed to push" not in ln]
            raise _fail("git-push", "the remote refused the push: " + " / ".join(
                r.removeprefix("remote:").strip() for r in reason if r != "remote:")) from None
        return True

    def switch_new(self, branch: str, start: str) -> None:
        self.run("switch", "--quiet", "--create", branch, start)

    def commit_paths(self, paths: list[str], message: str) -> str:
        self.run("add", "--", *paths)
        self.run("commit", "--quiet", "--message", message, "--", *paths)
        return self.run("rev-parse", "HEAD")

    def tag(self, name: str, target: str, message: str, sign: bool) -> None:
        mode = ["-c", "gpg.format=ssh", "tag", "--sign"] if sign else ["tag", "--annotate"]
        self.run(*mode, "--message", message, name, target)

    def merge(self, base: str, tip: str, message: str, sign: bool) -> str | None:
        """A merge commit of tip into base, made without touching any work tree; None
        when they conflict."""
        try:
            tree = str(self._repo.git.merge_tree("--write-tree", base, tip)).split()[0]
        except git.GitCommandError:
            return None
        signing = ["-c", "gpg.format=ssh", "commit-tree", "-S"] if sign else ["commit-tree"]
        return self.run(*signing, tree, "-p", base, "-p", tip, "-m", message)

    def verify_tag(self, sha: str, allowed_signers: Path) -> str | None:
        """The principal (e-mail) whose listed key made the tag's signature, or None."""
        status, _, stderr = self._repo.git.execute(
            ["git", "-c", f"gpg.ssh.allowedSignersFile={allowed_signers}", "verify-tag", sha],
            with_extended_output=True, with_exceptions=False)
        marker = 'Good "git" signature for '
        line = next((ln for ln in str(stderr).splitlines() if marker in ln), "")
        return line.split(marker, 1)[1].split(" with ", 1)[0] if status == 0 and line else None


def _tag(record: str) -> Tag | None:
    fields = record.lstrip("\n").split("\0")
    if len(fields) != 7:
        return None
    name, sha, target, email, body, subject, signature = fields
    message = subject + ("\n\n" + body if body.strip() else "")
    return Tag(name, sha, target, email.lower(), message.strip(), bool(signature.strip()))


def _raw(out: str) -> list[tuple[str, str]]:
    """(path, new mode) pairs from `--raw -z` output: ":old new sha sha status\0path\0"."""
    fields = out.strip("\0\n").split("\0")
    pairs = []
    for meta, path in zip(fields[::2], fields[1::2], strict=False):
        parts = meta.strip().split()
        if len(parts) == 5 and parts[0].startswith(":"):
            pairs.append((path, parts[1]))
    return pairs
