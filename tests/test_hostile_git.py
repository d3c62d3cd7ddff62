"""The hostile-object helpers make exactly the objects they claim, checked with git itself
and with an independent hash of the expected bytes."""

from __future__ import annotations

import hashlib
import stat
import subprocess
import time
from pathlib import Path

import hostile_git as hg
import pytest

IDENT = b"Eve Martins <eve@fieldstone.example> 1764061200 +0000"
HOSTILE_MESSAGE = (b"Quarterly \x1b[31mred\x1b[0m numbers \xe2\x80\xaedesrever\xe2\x80\xac\n\n"
                   b"nul\x00here rs\x1e us\x1f bad\xff\xfe utf-8 \x1b]8;;http://x\x07link\n")


def git_run(repo: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=repo, env=hg.git_env(), input=stdin,
                          capture_output=True, check=False, timeout=60)


def git_bytes(repo: Path, *args: str) -> bytes:
    done = git_run(repo, *args)
    assert done.returncode == 0, done.stderr.decode("utf-8", "backslashreplace")
    return done.stdout


def git_text(repo: Path, *args: str) -> str:
    return git_bytes(repo, *args).decode("utf-8", "backslashreplace")


def object_id(kind: str, body: bytes) -> str:
    """The id git must give `body`: the oracle that the bytes stored are the bytes meant."""
    return hashlib.sha1(b"%s %d\0" % (kind.encode(), len(body)) + body).hexdigest()


def ls_tree_z(repo: Path, *args: str) -> list[tuple[str, str, str, bytes]]:
    """`git ls-tree -z` as (mode, type, id, raw name), unquoted."""
    rows = []
    for record in git_bytes(repo, "ls-tree", "-z", *args).split(b"\0")[:-1]:
        info, name = record.split(b"\t", 1)
        mode, kind, sha = info.decode().split()
        rows.append((mode, kind, sha, name))
    return rows


def fsck(repo: Path) -> str:
    done = git_run(repo, "fsck", "--strict", "--no-dangling")
    return (done.stdout + done.stderr).decode("utf-8", "backslashreplace")


def refs(repo: Path) -> list[str]:
    return git_text(repo, "for-each-ref", "--format=%(refname)").splitlines()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "repo"
    path.mkdir()
    git_bytes(path, "init", "--quiet", "-b", "main")
    return path


@pytest.fixture
def base(repo: Path) -> str:
    """A root commit with a small, normal content tree."""
    post = hg.blob(repo, b"---\ntitle: Hello\n---\nHi.\n")
    posts = hg.tree(repo, [("100644", b"hello.md", post)])
    content = hg.tree(repo, [("40000", b"posts", posts)])
    root = hg.tree(repo, [("100644", b"README.md", hg.blob(repo, b"# Intranet\n")),
                          ("40000", b"content", content)])
    return hg.commit(repo, root, [], b"Intranet\n")


def test_blob_round_trips_any_bytes(repo: Path) -> None:
    data = b"\x00\xff\xfe\x1b[31mred\r\n\xe2\x80\xae"
    sha = hg.blob(repo, data)
    assert sha == object_id("blob", data)
    assert git_text(repo, "cat-file", "-t", sha) == "blob\n"
    assert git_bytes(repo, "cat-file", "blob", sha) == data


HOSTILE_NAMES = [b"zz", b"..", b".git", b"a\x1b[31mb", b"a\nb", b"\xff\xfe", b"dup", b"dup",
                 b"a/b", b"\xe2\x80\xaecod.exe"]


def test_tree_keeps_hostile_names_in_the_given_order(repo: Path) -> None:
    content = hg.blob(repo, b"x\n")
    sha = hg.tree(repo, [("100644", name, content) for name in HOSTILE_NAMES])
    body = b"".join(b"100644 " + name + b"\0" + bytes.fromhex(content) for name in HOSTILE_NAMES)
    assert sha == object_id("tree", body)
    assert git_text(repo, "cat-file", "-t", sha) == "tree\n"
    assert git_bytes(repo, "cat-file", "tree", sha) == body
    assert [row[3] for row in ls_tree_z(repo, sha)] == HOSTILE_NAMES
    assert hg.read_tree(repo, sha) == [("100644", name, content) for name in HOSTILE_NAMES]
    pretty = git_text(repo, "cat-file", "-p", sha).splitlines()
    assert f"100644 blob {content}\t.." in pretty
    assert f"100644 blob {content}\t.git" in pretty
    assert f'100644 blob {content}\t"a\\033[31mb"' in pretty  # git quotes control bytes
    assert f'100644 blob {content}\t"a\\nb"' in pretty
    assert pretty.count(f"100644 blob {content}\tdup") == 2


@pytest.mark.parametrize(("entries", "finding"), [
    ([b".."], "hasDotdot"),
    ([b".git"], "hasDotgit"),
    ([b".GIT"], "hasDotgit"),
    ([b"a/b"], "fullPathname"),
    ([b"dup", b"dup"], "duplicateEntries"),
    ([b"b", b"a"], "treeNotSorted"),
])
def test_git_fsck_sees_what_the_tree_claims(repo: Path, entries: list[bytes],
                                            finding: str) -> None:
    content = hg.blob(repo, b"x\n")
    sha = hg.tree(repo, [("100644", name, content) for name in entries])
    assert f"tree {sha}: {finding}" in fsck(repo)


def test_tree_with_an_empty_name_is_stored_but_git_cannot_list_it(repo: Path) -> None:
    content = hg.blob(repo, b"x\n")
    sha = hg.tree(repo, [("100644", b"ok", content), ("100644", b"", content)])
    body = b"100644 ok\0" + bytes.fromhex(content) + b"100644 \0" + bytes.fromhex(content)
    assert git_bytes(repo, "cat-file", "tree", sha) == body
    assert git_text(repo, "cat-file", "-t", sha) == "tree\n"
    listing = git_run(repo, "ls-tree", sha)
    assert listing.returncode == 128
    assert b"empty filename in tree entry" in listing.stderr
    assert b"badTree" in fsck(repo).encode()


def test_tree_writes_every_mode_as_given(repo: Path) -> None:
    script = hg.blob(repo, b"#!/bin/sh\n")
    target = hg.blob(repo, b"../../etc/passwd")
    subtree = hg.tree(repo, [("100644", b"inner", script)])
    elsewhere = "1" * 40  # a submodule commit need not exist here
    sha = hg.tree(repo, [("40000", b"dir", subtree), ("120000", b"link", target),
                         ("100755", b"run", script), ("160000", b"sub", elsewhere),
                         ("0100644", b"zero", script)])
    assert ls_tree_z(repo, sha) == [
        ("040000", "tree", subtree, b"dir"), ("120000", "blob", target, b"link"),
        ("100755", "blob", script, b"run"), ("160000", "commit", elsewhere, b"sub"),
        ("100644", "blob", script, b"zero"),  # git shows the zero-padded mode canonically
    ]
    assert hg.read_tree(repo, sha)[-1] == ("0100644", b"zero", script)
    assert "zeroPaddedFilemode" in fsck(repo)


def index_tree(repo: Path, tmp_path: Path, base: str, *, path: str, sha: str, mode: str) -> str:
    """The same edit made by git's own index, the reference for tree_with's output."""
    env = {**hg.git_env(), "GIT_INDEX_FILE": str(tmp_path / "index")}
    for args in (["read-tree", base], ["update-index", "--add", "--cacheinfo",
                                       f"{mode},{sha},{path}"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    done = subprocess.run(["git", "write-tree", "--missing-ok"], cwd=repo, env=env,
                          check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.mark.parametrize("mode", ["100644", "100755", "120000", "160000"])
@pytest.mark.parametrize("path", ["content/posts/new.md", "content/engineering/posts/x.md",
                                  "a/x", "README.md", "top.txt"])
def test_tree_with_makes_the_tree_git_itself_would(repo: Path, tmp_path: Path, mode: str,
                                                   path: str) -> None:
    content = hg.blob(repo, b"x\n")
    inner = hg.tree(repo, [("100644", b"keep", content)])
    # "a-b", "a.txt" and "a0" sort around a directory "a" only under git's rule that a
    # tree's name compares as if it ended in "/".
    base = hg.tree(repo, [("100644", b"README.md", content), ("100644", b"a-b", content),
                          ("100644", b"a.txt", content), ("100644", b"a0", content),
                          ("40000", b"content", hg.tree(repo, [("40000", b"posts", inner)]))])
    sha = "2" * 40 if mode == "160000" else hg.blob(repo, b"new\n")
    made = hg.tree_with(repo, base, path, sha, mode)
    assert made == index_tree(repo, tmp_path, base, path=path, sha=sha, mode=mode)
    assert git_text(repo, "ls-tree", made, path).startswith(f"{mode} ")
    assert git_text(repo, "rev-parse", f"{made}:content/posts/keep") == content + "\n"
    findings = fsck(repo)
    assert "error" not in findings and "warning" not in findings


def test_tree_with_puts_a_hostile_subtree_among_normal_content(repo: Path, base: str) -> None:
    payload = hg.blob(repo, b"pwned\n")
    hostile = hg.tree(repo, [("100644", b"..", payload), ("100644", b".git", payload)])
    root = git_text(repo, "rev-parse", f"{base}^{{tree}}").strip()
    made = hg.tree_with(repo, root, b"content/posts/evil", hostile, "040000")
    rows = ls_tree_z(repo, made, "content/posts/")
    assert [(mode, kind, name) for mode, kind, _, name in rows] == [
        ("040000", "tree", b"content/posts/evil"), ("100644", "blob", b"content/posts/hello.md")]
    assert rows[0][2] == hostile
    assert [name for _, name, _ in hg.read_tree(repo, hostile)] == [b"..", b".git"]
    assert git_text(repo, "rev-parse", f"{made}:README.md") == git_text(
        repo, "rev-parse", f"{base}:README.md")


def test_tree_with_replaces_an_entry_and_accepts_byte_paths(repo: Path, base: str) -> None:
    root = git_text(repo, "rev-parse", f"{base}^{{tree}}").strip()
    new = hg.blob(repo, b"# Changed\n")
    replaced = hg.tree_with(repo, root, "README.md", new)
    assert [row[3] for row in ls_tree_z(repo, replaced)] == [b"README.md", b"content"]
    assert git_text(repo, "rev-parse", f"{replaced}:README.md") == new + "\n"
    odd = hg.tree_with(repo, root, b"content/\xff\xfe/n\x1bm.md", new)
    assert (b"content/\xff\xfe/n\x1bm.md" in
            [row[3] for row in ls_tree_z(repo, "-r", odd)])


def test_tree_with_refuses_paths_it_cannot_build(repo: Path, base: str) -> None:
    root = git_text(repo, "rev-parse", f"{base}^{{tree}}").strip()
    new = hg.blob(repo, b"x")
    with pytest.raises(ValueError, match="not a directory"):
        hg.tree_with(repo, root, "README.md/inside", new)
    for path in ("", "/abs", "content//x", "content/"):
        with pytest.raises(ValueError, match="empty component"):
            hg.tree_with(repo, root, path, new)


def test_commit_stores_a_hostile_message_byte_for_byte(repo: Path, base: str) -> None:
    root = git_text(repo, "rev-parse", f"{base}^{{tree}}").strip()
    other = hg.commit(repo, root, [], b"other\n")
    headers = [b"encoding ISO-8859-1",
               b"gpgsig -----BEGIN PGP SIGNATURE-----\n fake\n -----END PGP SIGNATURE-----"]
    sha = hg.commit(repo, root, [base, other], HOSTILE_MESSAGE, extra_headers=headers)
    body = (b"tree " + root.encode() + b"\nparent " + base.encode() + b"\nparent "
            + other.encode() + b"\nauthor " + IDENT + b"\ncommitter " + IDENT + b"\n"
            + b"encoding ISO-8859-1\ngpgsig -----BEGIN PGP SIGNATURE-----\n fake\n"
            + b" -----END PGP SIGNATURE-----\n\n" + HOSTILE_MESSAGE)
    assert sha == object_id("commit", body)
    assert git_text(repo, "cat-file", "-t", sha) == "commit\n"
    assert git_bytes(repo, "cat-file", "commit", sha) == body
    assert git_text(repo, "rev-list", "--parents", "--max-count=1", sha).split() == [
        sha, base, other]
    assert f"commit {sha}: nulInCommit" in fsck(repo)


def test_commit_can_omit_or_garble_the_identity_lines(repo: Path, base: str) -> None:
    root = git_text(repo, "rev-parse", f"{base}^{{tree}}").strip()
    anonymous = hg.commit(repo, root, [base], b"who?\n", author=b"")
    nobody = hg.commit(repo, root, [base], b"nobody\n", author=b"", committer=b"")
    garbled = hg.commit(repo, root, [base], b"bad\n", author=b"Eve <eve")
    head = b"tree " + root.encode() + b"\nparent " + base.encode() + b"\n"
    assert git_bytes(repo, "cat-file", "commit", anonymous) == (
        head + b"committer " + IDENT + b"\n\nwho?\n")
    assert git_bytes(repo, "cat-file", "commit", nobody) == head + b"\nnobody\n"
    assert git_bytes(repo, "cat-file", "commit", garbled) == (
        head + b"author Eve <eve\ncommitter " + IDENT + b"\n\nbad\n")
    findings = fsck(repo)
    assert f"commit {anonymous}: missingAuthor" in findings
    assert f"commit {nobody}: missingAuthor" in findings
    assert f"commit {garbled}: badEmail" in findings


def test_tag_whose_type_lies_about_its_target(repo: Path, base: str) -> None:
    root = git_text(repo, "rev-parse", f"{base}^{{tree}}").strip()
    lying = hg.tag(repo, root, "commit", b"v1\x1b[2J", b"release\x00\n")
    body = (b"object " + root.encode() + b"\ntype commit\ntag v1\x1b[2J\ntagger " + IDENT
            + b"\n\nrelease\x00\n")
    assert lying == object_id("tag", body)
    assert git_text(repo, "cat-file", "-t", lying) == "tag\n"
    assert git_bytes(repo, "cat-file", "tag", lying) == body
    assert git_text(repo, "cat-file", "-p", lying).splitlines()[:2] == [
        f"object {root}", "type commit"]
    assert git_text(repo, "cat-file", "-t", root) == "tree\n"
    hg.set_ref(repo, "refs/tags/v1", lying)  # update-ref checks only the tag object's own type
    assert git_text(repo, "for-each-ref", "--format=%(objecttype) %(*objecttype)",
                    "refs/tags/v1") == "tag tree\n"
    walk = git_run(repo, "log", "refs/tags/v1")
    assert walk.returncode == 128 and b"bad object" in walk.stderr
    assert f"bad tag pointer to {root} in {lying}" in fsck(repo)


def test_honest_tag_at_a_tree_and_tag_without_tagger(repo: Path, base: str) -> None:
    root = git_text(repo, "rev-parse", f"{base}^{{tree}}").strip()
    honest = hg.tag(repo, root, "tree", b"snapshot", b"a tree\n")
    assert git_text(repo, "cat-file", "-p", honest).splitlines()[:4] == [
        f"object {root}", "type tree", "tag snapshot", "tagger " + IDENT.decode()]
    assert git_text(repo, "rev-parse", f"{honest}^{{}}") == root + "\n"
    anonymous = hg.tag(repo, base, "commit", b"v0", b"", tagger=b"")
    assert git_bytes(repo, "cat-file", "tag", anonymous) == (
        b"object " + base.encode() + b"\ntype commit\ntag v0\n\n")
    assert f"tag {anonymous}: missingTaggerEntry" in fsck(repo)


def test_set_ref_and_delete_ref(repo: Path, base: str) -> None:
    root = git_text(repo, "rev-parse", f"{base}^{{tree}}").strip()
    hg.set_ref(repo, "refs/heads/main", base)
    hg.set_ref(repo, "refs/hostile/tree", root)
    assert git_text(repo, "for-each-ref", "--format=%(refname) %(objecttype) %(objectname)") == (
        f"refs/heads/main commit {base}\nrefs/hostile/tree tree {root}\n")
    hg.delete_ref(repo, "refs/hostile/tree")
    assert refs(repo) == ["refs/heads/main"]
    with pytest.raises(hg.GitError, match="non-commit object"):
        hg.set_ref(repo, "refs/heads/tree", root)
    with pytest.raises(hg.GitError, match="nonexistent object"):
        hg.set_ref(repo, "refs/heads/ghost", "3" * 40)
    assert refs(repo) == ["refs/heads/main"]


def test_many_files_commit_adds_twenty_thousand_files_quickly(repo: Path, base: str) -> None:
    started = time.monotonic()
    sha = hg.many_files_commit(repo, base, 20_000, "content/bulk")
    assert time.monotonic() - started < 10
    assert git_text(repo, "cat-file", "-t", sha) == "commit\n"
    assert git_text(repo, "rev-parse", f"{sha}^@") == base + "\n"
    rows = git_text(repo, "ls-tree", "-l", sha, "content/bulk/").splitlines()
    assert len(rows) == 20_000
    assert {row.split()[3] for row in rows} == {"100"}
    assert rows[0].endswith("\tcontent/bulk/00000.txt")
    assert rows[-1].endswith("\tcontent/bulk/19999.txt")
    changed = git_text(repo, "diff-tree", "-r", "--name-only", "--no-commit-id", base, sha)
    assert len(changed.splitlines()) == 20_000
    assert all(name.startswith("content/bulk/") for name in changed.splitlines())
    assert refs(repo) == []  # fast-import's working branch is not left behind


def test_many_files_commit_sizes_and_names(repo: Path, base: str) -> None:
    sha = hg.many_files_commit(repo, base, 3, "content/a b/deep/", size=5, message=b"m\n")
    assert [row[3] for row in ls_tree_z(repo, "-r", sha, "content/a b/")] == [
        b"content/a b/deep/0.txt", b"content/a b/deep/1.txt", b"content/a b/deep/2.txt"]
    assert git_bytes(repo, "cat-file", "blob", f"{sha}:content/a b/deep/2.txt") == b"conte"
    assert git_bytes(repo, "cat-file", "commit", sha).endswith(
        b"author " + IDENT + b"\ncommitter " + IDENT + b"\n\nm\n")
    empty = hg.many_files_commit(repo, base, 2, "content/empty", size=0)
    assert git_bytes(repo, "cat-file", "-s", f"{empty}:content/empty/0.txt") == b"0\n"


def test_symlink_commit(repo: Path, base: str) -> None:
    sha = hg.symlink_commit(repo, base, "content/posts/passwd.md", "../../../etc/passwd")
    assert git_text(repo, "rev-parse", f"{sha}^@") == base + "\n"
    rows = ls_tree_z(repo, "-r", sha)
    link = hg.blob(repo, b"../../../etc/passwd")
    assert ("120000", "blob", link, b"content/posts/passwd.md") in rows
    assert [row[3] for row in rows] == [b"README.md", b"content/posts/hello.md",
                                        b"content/posts/passwd.md"]
    assert git_bytes(repo, "cat-file", "blob", link) == b"../../../etc/passwd"


def test_gitlink_commit(repo: Path, base: str) -> None:
    elsewhere = "4" * 40
    sha = hg.gitlink_commit(repo, base, "content/vendor/lib", elsewhere)
    assert git_text(repo, "rev-parse", f"{sha}^@") == base + "\n"
    assert ls_tree_z(repo, sha, "content/vendor/lib") == [
        ("160000", "commit", elsewhere, b"content/vendor/lib")]
    assert git_text(repo, "cat-file", "-t", sha) == "commit\n"


PRE_RECEIVE = """#!/bin/sh
echo "GL_USER=$GL_USER"
while read old new ref; do echo "$ref $(git cat-file -t "$new")"; done
printf 'name \\377\\n'
echo "refused by policy" >&2
exit 1
"""


def test_push_returns_the_refusal_and_passes_env_to_hooks(repo: Path, tmp_path: Path,
                                                          base: str) -> None:
    remote = tmp_path / "remote.git"
    git_bytes(tmp_path, "init", "--quiet", "--bare", str(remote))
    hook = remote / "hooks" / "pre-receive"
    hook.write_text(PRE_RECEIVE, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    root = git_text(repo, "rev-parse", f"{base}^{{tree}}").strip()
    done = hg.push(repo, str(remote), f"{base}:refs/heads/main", f"{root}:refs/heads/tree",
                   env={"GL_USER": "mallory"})
    assert done.returncode != 0
    assert "remote: GL_USER=mallory" in done.stderr
    assert "remote: refs/heads/main commit" in done.stderr
    assert "remote: refs/heads/tree tree" in done.stderr  # hooks see a tree offered as branch
    assert "remote: name \\xff" in done.stderr
    assert "remote: refused by policy" in done.stderr
    assert "pre-receive hook declined" in done.stderr
    assert refs(remote) == []
    anonymous = hg.push(repo, str(remote), f"{base}:refs/heads/main")
    assert "remote: GL_USER=" in [line.rstrip() for line in anonymous.stderr.splitlines()]
