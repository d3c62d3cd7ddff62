"""The one module that talks to git. Nothing else imports GitPython.

Everything moderation records lives in git itself (branches, annotated tags, merge
commits), so any clone can prove later what was approved, by whom, and when. Refs are
always named in full (`refs/heads/main`): a tag called `main` or `origin/main` must not
be able to stand in for the branch. Output that holds names or paths is read with `-z`,
and objects length-prefixed, so no byte an author chose can split a record."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

import git

from intranet.display import safe_line
from intranet.errors import IntranetError, error
from intranet.gitobjects import SHA, BadObject, Commit, TagObject, parse_commit, parse_tag

T = TypeVar("T")
REMOTE = "origin"
ZERO = "0" * 40
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
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


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def changed_since(root: Path, ref: str, deleted: bool = False) -> list[Path]:
    """Files added or changed on this branch since it left `ref` (the merge base), plus
    uncommitted and untracked ones: everything a review of this work would show. With
    `deleted`, removed files too: deleting a post needs its owners as much as adding one."""
    g = Git(root)
    base = g.run("merge-base", "--end-of-options", ref, "HEAD", ok=(0, 1, 128)).strip()
    if not base:
        raise _fail("git-ref", f"{ref!r} is not a commit git knows here; fetch it or name "
                    "another", "--changed-since")
    kinds = "ACDMRT" if deleted else "ACMRT"
    names = g.run("diff", "--name-only", "--no-renames", f"--diff-filter={kinds}", "-z", base)
    untracked = g.run("ls-files", "--others", "--exclude-standard", "-z")
    found = {n for n in (names + "\0" + untracked).split("\0") if n}
    return sorted(g.top / name for name in found)


def tracked_files(root: Path) -> list[str]:
    """The files the repository holds or is about to: tracked ones plus untracked ones
    git does not ignore, repository-relative with '/'. Counting new files too means a
    CODEOWNERS written before `git add` already matches what gets committed."""
    names = Git(root).run("ls-files", "--cached", "--others", "--exclude-standard", "-z")
    return sorted({name for name in names.split("\0") if name})


class FirstParent(NamedTuple):
    sha: str
    tree: str
    parents: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """One path a diff changes: its mode and blob after ("000000" and ZERO: deleted)."""

    old_mode: str
    mode: str
    old_sha: str
    sha: str


class Git:
    """A clone (or a bare repository on the server) and the operations moderation needs,
    each one git command."""

    def __init__(self, root: Path) -> None:
        self._repo = _repo(root)
        self.top = Path(self._repo.working_tree_dir or self._repo.git_dir)

    def execute(self, *args: str, data: bytes | None = None) -> tuple[int, bytes, str]:
        """(exit status, stdout, stderr) of `git args`, whatever the status."""
        with tempfile.TemporaryFile() as stdin:
            if data is not None:
                stdin.write(data)
                stdin.seek(0)
            status, out, err = self._repo.git.execute(
                ["git", *args], istream=stdin if data is not None else None,
                with_extended_output=True, with_exceptions=False, stdout_as_string=False,
                strip_newline_in_stdout=False)
        text = _text(err) if isinstance(err, bytes) else str(err)
        return int(status or 0), bytes(out), text

    def run_bytes(self, *args: str, data: bytes | None = None,
                  ok: tuple[int, ...] = (0,)) -> bytes:
        """stdout of `git args`; an exit status outside `ok` is an IntranetError."""
        status, out, err = self.execute(*args, data=data)
        if status not in ok:
            detail = err.strip()
            raise _fail("git-command", f"`git {' '.join(args[:3])}` failed: "
                        f"{detail.splitlines()[-1] if detail else status}")
        return out

    def run(self, *args: str, data: bytes | None = None, ok: tuple[int, ...] = (0,)) -> str:
        return _text(self.run_bytes(*args, data=data, ok=ok)).removesuffix("\n")

    def succeeds(self, *args: str) -> bool:
        return self.execute(*args)[0] == 0

    def config(self, key: str) -> str:
        return self.run("config", "--get", key, ok=(0, 1)).strip()

    def rev(self, rev: str) -> str | None:
        """The commit a name or id stands for, or None."""
        out = self.run("rev-parse", "--verify", "--quiet", "--end-of-options",
                       f"{rev}^{{commit}}", ok=(0, 1, 128)).strip()
        return out or None

    def current_branch(self) -> str:
        return self.run("symbolic-ref", "--quiet", "--short", "HEAD", ok=(0, 1, 128)).strip()

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        return self.succeeds("merge-base", "--is-ancestor", ancestor, descendant)

    def merge_base(self, a: str, b: str) -> str | None:
        """Their best common ancestor; None when they share no history."""
        return self.run("merge-base", a, b, ok=(0, 1)).strip() or None

    # Objects -------------------------------------------------------------------------

    def objects(self, names: Iterable[str]) -> dict[str, tuple[str, bytes] | None]:
        """(type, bytes) of each object through one `git cat-file --batch`; None for a
        name git does not have."""
        wanted = list(dict.fromkeys(names))
        if not wanted:
            return {}
        out = self.run_bytes("cat-file", "--batch", data="".join(
            f"{n}\n" for n in wanted).encode())
        found: dict[str, tuple[str, bytes] | None] = {}
        at = 0
        for name in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].split(b" ")
            if len(header) == 3 and header[2].isdigit():  # "<sha> <type> <size>", the object
                size = int(header[2])
                found[name] = (_text(header[1]), out[end + 1:end + 1 + size])
                at = end + 1 + size + 1
            else:  # "<name> missing" (or ambiguous)
                found[name] = None
                at = end + 1
        return found

    def sizes(self, names: Iterable[str]) -> dict[str, tuple[str, int] | None]:
        wanted = list(dict.fromkeys(names))
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch-check", data="".join(
            f"{n}\n" for n in wanted).encode())
        found: dict[str, tuple[str, int] | None] = {}
        for name, line in zip(wanted, out.split("\n"), strict=False):
            parts = line.split(" ")
            found[name] = (parts[1], int(parts[2])) if len(parts) == 3 else None
        return found

    def blobs(self, shas: Iterable[str], limit: int) -> dict[str, bytes | None]:
        """Blobs of at most `limit` bytes; None for larger ones and anything not a blob,
        so that no object an author chose can fill the memory of the one reading it."""
        sizes = self.sizes(shas)
        small = [s for s, v in sizes.items() if v is not None and v[0] == "blob"
                 and v[1] <= limit]
        read = self.objects(small)
        return {s: (read[s] or ("", b""))[1] if s in read else None for s in sizes}

    def commits(self, shas: Iterable[str]) -> dict[str, Commit | BadObject]:
        """Parsed commits; a BadObject (with the reason) where one cannot be read."""
        return self._parsed(shas, "commit", parse_commit)

    def tag_objects(self, shas: Iterable[str]) -> dict[str, TagObject | BadObject]:
        return self._parsed(shas, "tag", parse_tag)

    def _parsed(self, shas: Iterable[str], kind: str,
                parse: Callable[[str, bytes], T]) -> dict[str, T | BadObject]:
        found: dict[str, T | BadObject] = {}
        for sha, obj in self.objects(shas).items():
            try:
                if obj is None or obj[0] != kind:
                    raise BadObject(f"{sha[:10]} is not a{'n annotated' if kind == 'tag' else ''}"
                                    f" {kind} git has here")
                found[sha] = parse(sha, obj[1])
            except BadObject as exc:
                found[sha] = exc
        return found

    def read(self, rev: str, path: str) -> bytes | None:
        """A file's bytes at a commit, or None where it does not exist."""
        obj = self.objects([f"{rev}:{path}"]).get(f"{rev}:{path}")
        return obj[1] if obj is not None and obj[0] == "blob" else None

    # History -------------------------------------------------------------------------

    def first_parents(self, head: str, stop: str | None) -> list[FirstParent]:
        """head's first-parent chain, newest first, down to (not including) `stop` or a
        root; each commit with its tree (as git reads it) and all its parents."""
        out = self.run("rev-list", "--first-parent", "--parents", "--format=%T", head,
                       *([f"^{stop}"] if stop else []), "--")
        # "commit <sha> <parent>..." then "<tree>": object ids only, so lines are safe
        lines = out.split("\n") if out else []
        return [FirstParent(ids[1], tree, tuple(ids[2:]))
                for head_line, tree in zip(lines[0::2], lines[1::2], strict=True)
                if (ids := head_line.split(" "))[0] == "commit"]

    def graph(self, tips: Iterable[str], stops: Iterable[str] = ()
              ) -> dict[str, tuple[str, ...]]:
        """Every commit reachable from tips and not from stops: sha -> parents."""
        revs = [*tips, *(f"^{s}" for s in stops)]
        if not any(not r.startswith("^") for r in revs):
            return {}
        out = self.run("rev-list", "--parents", "--stdin", data="\n".join(revs).encode()
                       + b"\n")
        rows = (line.split(" ") for line in out.split("\n") if line)
        return {row[0]: tuple(row[1:]) for row in rows}

    def diff_trees(self, pairs: list[tuple[str, str]]) -> list[dict[str, Change] | None]:
        """The changes from each first tree to its second, in one `git diff-tree`; None
        for a pair git cannot read (a hand-made tree can make git die), found by halving
        the batch, so one bad tree costs a few more processes, not one per pair."""
        try:
            return list(self._diff_trees(pairs))
        except IntranetError:
            if len(pairs) == 1:
                return [None]
            half = len(pairs) // 2
            return self.diff_trees(pairs[:half]) + self.diff_trees(pairs[half:])

    def _diff_trees(self, pairs: list[tuple[str, str]]) -> list[dict[str, Change]]:
        if not pairs:
            return []
        out = self.run_bytes("diff-tree", "--stdin", "-r", "-z", "--raw", "--no-renames",
                             "--no-abbrev", data="".join(f"{a} {b}\n" for a, b in pairs)
                             .encode())
        results: list[dict[str, Change]] = []
        at = 0
        for a, b in pairs:
            header = f"{a} {b}\n".encode()
            if out[at:at + len(header)] != header:
                raise _fail("git-command", "`git diff-tree` answered out of order")
            at += len(header)
            changes: dict[str, Change] = {}
            while out[at:at + 1] == b":":
                meta_end = out.index(b"\0", at)
                path_end = out.index(b"\0", meta_end + 1)
                old_mode, mode, old_sha, sha, _ = _text(out[at + 1:meta_end]).split(" ")
                changes[_text(out[meta_end + 1:path_end])] = Change(old_mode, mode, old_sha,
                                                                     sha)
                at = path_end + 1
            results.append(changes)
        return results

    def merge_tree(self, first: str, second: str) -> str | None:
        """The tree of git's own merge of two commits; None when they conflict (or share
        no history)."""
        status, out, _ = self.execute("merge-tree", "--write-tree", "--no-messages", first,
                                      second)
        return _text(out).split("\n", 1)[0] if status == 0 else None

    def diff_text(self, base: str, tree: str) -> str:
        """The full diff a reviewer reads; never an external diff or textconv program."""
        return self.run("diff", "--no-color", "--no-ext-diff", "--no-textconv",
                        "--no-renames", "--full-index", base, tree, "--")

    # Refs ----------------------------------------------------------------------------

    def refs(self, prefix: str) -> list[tuple[str, str, str]]:
        """(refname, object, object type) of every ref under `prefix` (a full refname);
        git refuses control characters in refnames, so lines are safe here."""
        out = self.run("for-each-ref", "--format=%(refname) %(objectname) %(objecttype)",
                       prefix)
        rows = (line.split(" ") for line in out.split("\n") if line)
        return [(row[0], row[1], row[2]) for row in rows if len(row) == 3]

    def branches(self, prefix: str, remote: bool = True) -> dict[str, str]:
        """Branches under `prefix` (the remote's, as last fetched, or local), name -> tip."""
        space = f"refs/remotes/{REMOTE}/" if remote else "refs/heads/"
        return {name[len(space):]: sha for name, sha, kind in self.refs(space + prefix)
                if kind == "commit"}

    def fetch(self) -> bool:
        """The remote's branches and moderation records (tags under intranet/); False
        when the remote cannot be reached."""
        if not self.config(f"remote.{REMOTE}.url"):
            return False
        self.run("fetch", "--quiet", "--prune", "--no-tags", REMOTE,
                 f"+refs/heads/*:refs/remotes/{REMOTE}/*",
                 "+refs/tags/intranet/*:refs/tags/intranet/*")
        return True

    def push(self, *refspecs: str, lease: tuple[str, str] | None = None) -> bool:
        """Push atomically; False when the remote moved on (fetch and try again). With
        `lease` (ref, expected sha), a forced update that fails if the ref moved."""
        force = [f"--force-with-lease={lease[0]}:{lease[1]}"] if lease else []
        try:
            _, _, said = self._repo.git.push("--atomic", "--quiet", "--no-verify", *force,
                                             REMOTE, *refspecs, with_extended_output=True)
        except git.GitCommandError as exc:
            text = str(exc.stderr)
            if "hook declined" not in text and any(m in text for m in RACES):
                return False
            reason = [ln.strip() for ln in text.splitlines() if ln.strip().startswith(
                ("remote:", "!", "error:")) and "failed to push" not in ln]
            raise _fail("git-push", "the remote refused the push: " + " / ".join(
                r.removeprefix("remote:").strip() for r in reason if r != "remote:")) from None
        _relay(str(said))
        return True

    def tag(self, name: str, target: str, message: str, sign: bool) -> None:
        mode = ["-c", "gpg.format=ssh", "tag", "--sign"] if sign else ["tag", "--annotate"]
        self.run(*mode, "--message", message, name, target)

    def merge(self, base: str, tip: str, message: str, sign: bool) -> str | None:
        """A merge commit of tip into base, made without touching any work tree; None
        when they conflict."""
        tree = self.merge_tree(base, tip)
        if tree is None:
            return None
        signing = ["-c", "gpg.format=ssh", "commit-tree", "-S"] if sign else ["commit-tree"]
        return self.run(*signing, tree, "-p", base, "-p", tip, "-m", message).strip()

    def verify_tag(self, sha: str, allowed_signers: Path) -> str | None:
        """The principal (e-mail) whose listed key made the tag's signature, or None."""
        return self._verify("verify-tag", sha, allowed_signers)

    def verify_commit(self, sha: str, allowed_signers: Path) -> str | None:
        return self._verify("verify-commit", sha, allowed_signers)

    def _verify(self, command: str, sha: str, allowed_signers: Path) -> str | None:
        status, _, stderr = self._repo.git.execute(
            ["git", "-c", f"gpg.ssh.allowedSignersFile={allowed_signers}", command, sha],
            with_extended_output=True, with_exceptions=False)
        marker = 'Good "git" signature for '
        line = next((ln for ln in str(stderr).splitlines() if marker in ln), "")
        return line.split(marker, 1)[1].split(" with ", 1)[0] if status == 0 and line else None

    def new_since_refs(self, tips: list[str], objects: bool = False) -> list[str]:
        """The commits (or all objects) the tips bring that no ref has yet: what a push
        adds to the shared repository. Tips are object ids, never options."""
        tips = [t for t in tips if SHA.match(t)]
        if not tips:
            return []
        flags = ["--objects", "--no-object-names"] if objects else []
        out = self.run("rev-list", *flags, *tips, "--not", "--all")
        return [line for line in out.split("\n") if line]


def _relay(said: str) -> None:
    """What the shared repository's hooks said about a push that went through (a notice
    its post-receive hook could not send): the pusher must hear it, as `git push` would
    have told them."""
    for line in said.splitlines():
        text = line.removeprefix("remote:").strip()
        if text.startswith("intranet: "):
            print(safe_line(text), file=sys.stderr)
