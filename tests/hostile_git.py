"""Hostile git objects for tests, made with the real git CLI.

An employee can push any object git can store, not only what `git commit` would make:
trees with `..`, `.git` or control characters in names, duplicate or unsorted entries,
commits without an author or with NUL bytes in the message, tags whose `type` header
lies. These helpers write such objects byte for byte with `git hash-object --literally`
(which skips every format check) so the moderation code can be tested against them.
Every function returns the new object's id, as 40 (or 64) lowercase hex digits.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from conftest import GIT_ENV, subprocess_env

# Eve's identity at 2025-11-25 09:00 UTC, the value of an `author`/`committer`/`tagger` line.
DEFAULT_IDENT = b"Eve Martins <eve@fieldstone.example> 1764061200 +0000"
TREE_MODE = "40000"
TIMEOUT = 120


class GitError(RuntimeError):
    """A git command the helper relies on failed; carries git's own message."""


def git_env() -> dict[str, str]:
    """The suite's fixed git environment, without inherited GIT_* variables (a GIT_DIR
    or GIT_INDEX_FILE left by a hook that runs the tests must not redirect them)."""
    inherited = {k: v for k, v in subprocess_env().items() if not k.startswith("GIT_")}
    return {**inherited, **GIT_ENV}


def _git(repo: Path, *args: str, stdin: bytes = b"") -> bytes:
    done = subprocess.run(["git", *args], cwd=repo, env=git_env(), input=stdin,
                          capture_output=True, check=False, timeout=TIMEOUT)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "backslashreplace").strip()
        raise GitError(f"git {' '.join(args)} failed ({done.returncode}): {message}")
    return done.stdout


def _oid(output: bytes) -> str:
    return output.decode("ascii").strip()


def _as_bytes(value: str | bytes) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def raw_object(repo: Path, kind: str, data: bytes) -> str:
    """Any object body at all, unchecked, for shapes the other helpers cannot express."""
    return _oid(_git(repo, "hash-object", "-t", kind, "-w", "--literally", "--stdin",
                     stdin=data))


def blob(repo: Path, data: bytes) -> str:
    """File content with any bytes (NUL, invalid UTF-8), to put in hand-made trees."""
    return raw_object(repo, "blob", data)


def tree(repo: Path, entries: Sequence[tuple[str, bytes, str]]) -> str:
    """A tree written entry by entry as given: names like `..`, `.git`, `a\\nb`, `` or
    invalid UTF-8, duplicates and bad order are all possible, as a hostile push can be."""
    body = b"".join(mode.encode("ascii") + b" " + name + b"\0" + bytes.fromhex(sha)
                    for mode, name, sha in entries)
    return raw_object(repo, "tree", body)


def read_tree(repo: Path, sha: str) -> list[tuple[str, bytes, str]]:
    """The entries of a tree exactly as stored (mode, raw name, id), to check what a
    helper wrote without git's quoting of unusual names."""
    data = _git(repo, "cat-file", "tree", sha)
    size = len(sha) // 2
    entries: list[tuple[str, bytes, str]] = []
    at = 0
    while at < len(data):
        space = data.index(b" ", at)
        nul = data.index(b"\0", space)
        entries.append((data[at:space].decode("ascii"), data[space + 1:nul],
                        data[nul + 1:nul + 1 + size].hex()))
        at = nul + 1 + size
    return entries


def _tree_order(entry: tuple[str, bytes, str]) -> bytes:
    mode, name, _ = entry
    return name + b"/" if mode == TREE_MODE else name


def _set_path(repo: Path, base: str | None, parts: list[bytes], sha: str, mode: str) -> str:
    entries = read_tree(repo, base) if base is not None else []
    name = parts[0]
    old = [e for e in entries if e[1] == name]
    if len(parts) == 1:
        new = (mode, name, sha)
    else:
        if old and old[0][0] != TREE_MODE:
            raise ValueError(f"{name!r} is not a directory (mode {old[0][0]})")
        new = (TREE_MODE, name, _set_path(repo, old[0][2] if old else None, parts[1:],
                                          sha, mode))
    kept = [e for e in entries if e[1] != name]
    return tree(repo, sorted([*kept, new], key=_tree_order))


def tree_with(repo: Path, base_tree: str, path: str | bytes, sha: str,
              mode: str = "100644") -> str:
    """A well-formed tree like `base_tree` but with `path` set to `sha`, to put a hostile
    part (any mode, even a hostile subtree as "40000") among normal-looking content."""
    parts = _as_bytes(path).split(b"/")
    if any(not part for part in parts):
        raise ValueError(f"empty component in path {path!r}")
    return _set_path(repo, base_tree, parts, sha, format(int(mode, 8), "o"))


def commit(repo: Path, tree: str, parents: Sequence[str], message: bytes, *,
           author: bytes = DEFAULT_IDENT, committer: bytes = DEFAULT_IDENT,
           extra_headers: Sequence[bytes] = ()) -> str:
    """A commit written raw, so its message and headers can hold NUL, \\x1e, ANSI or bidi
    codes, invalid UTF-8, or a malformed or missing author (b"" omits a line)."""
    lines = [b"tree " + tree.encode("ascii")]
    lines += [b"parent " + parent.encode("ascii") for parent in parents]
    if author:
        lines.append(b"author " + author)
    if committer:
        lines.append(b"committer " + committer)
    lines += extra_headers
    return raw_object(repo, "commit", b"\n".join(lines) + b"\n\n" + message)


def tag(repo: Path, target: str, target_type: str, name: bytes, message: bytes, *,
        tagger: bytes = DEFAULT_IDENT) -> str:
    """An annotated tag object written raw, so its `type` may lie about its target and its
    name and message may hold any bytes (b"" as tagger omits the line)."""
    lines = [b"object " + target.encode("ascii"), b"type " + target_type.encode("ascii"),
             b"tag " + name]
    if tagger:
        lines.append(b"tagger " + tagger)
    return raw_object(repo, "tag", b"\n".join(lines) + b"\n\n" + message)


def set_ref(repo: Path, ref: str, sha: str) -> None:
    """Point a ref at an object with `git update-ref`, to publish a hostile object; git
    refuses a non-commit under refs/heads/ and a missing object (GitError)."""
    _git(repo, "update-ref", ref, sha)


def delete_ref(repo: Path, ref: str) -> None:
    """Remove a ref with `git update-ref -d`, as a branch or tag deletion push would."""
    _git(repo, "update-ref", "-d", ref)


def _quote(path: bytes) -> bytes:
    escaped = path.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n")
    return b'"' + escaped + b'"'


def many_files_commit(repo: Path, parent: str, count: int, folder: str, size: int = 100,
                      *, message: bytes | None = None) -> str:
    """A commit on `parent` adding `count` files of `size` bytes under `folder`, by
    `git fast-import`, to test limits on huge pushes (20,000 files in about a second)."""
    prefix = folder.strip("/").encode("utf-8") + b"/" if folder.strip("/") else b""
    text = f"Add {count} files under {folder}\n".encode() if message is None else message
    width = len(str(max(count - 1, 0)))
    chunks = [b"feature done\ncommit refs/hostile-git/fast-import\nmark :1\n",
              b"author " + DEFAULT_IDENT + b"\ncommitter " + DEFAULT_IDENT + b"\n",
              b"data %d\n" % len(text), text, b"\nfrom " + parent.encode("ascii") + b"\n"]
    for number in range(count):
        path = prefix + f"{number:0{width}d}.txt".encode()
        line = path + b"\n"
        content = (line * (size // len(line) + 1))[:size]
        chunks += [b"M 100644 inline ", _quote(path), b"\ndata %d\n" % size, content, b"\n"]
    # The commit needs a branch name, but resetting it before the end leaves no ref behind.
    chunks.append(b"\nget-mark :1\nreset refs/hostile-git/fast-import\n\ndone\n")
    return _oid(_git(repo, "fast-import", "--quiet", stdin=b"".join(chunks)))


def _tree_of(repo: Path, commit_sha: str) -> str:
    return _oid(_git(repo, "rev-parse", "--verify", "--end-of-options",
                     commit_sha + "^{tree}"))


def symlink_commit(repo: Path, parent: str, path: str | bytes, target: str | bytes,
                   message: bytes = b"Add a link\n") -> str:
    """A commit on `parent` adding a symlink (mode 120000) to `target` at `path`, to test
    that links out of the content tree (../../etc/passwd) are refused."""
    tree_sha = tree_with(repo, _tree_of(repo, parent), path, blob(repo, _as_bytes(target)),
                         "120000")
    return commit(repo, tree_sha, [parent], message)


def gitlink_commit(repo: Path, parent: str, path: str | bytes, sha: str,
                   message: bytes = b"Add a submodule\n") -> str:
    """A commit on `parent` adding a gitlink (mode 160000, a submodule entry) to `sha` at
    `path`, to test that entries which are no file at all are refused."""
    tree_sha = tree_with(repo, _tree_of(repo, parent), path, sha, "160000")
    return commit(repo, tree_sha, [parent], message)


def push(clone: Path, remote: str, *refspecs: str,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`git push` that never raises, so a test can read the hooks' refusal; `env` reaches
    a local remote's hooks (e.g. GL_USER); undecodable bytes come back as \\xNN."""
    return subprocess.run(["git", "push", remote, *refspecs], cwd=clone,
                          env={**git_env(), **(env or {})}, capture_output=True,
                          encoding="utf-8", errors="backslashreplace", check=False,
                          timeout=TIMEOUT)
