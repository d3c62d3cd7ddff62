"""A branch holding one new file, made without touching the index or the work tree.

`intranet new` and `intranet reply` must leave nothing half-made when they fail: no
branch, nothing staged, no file written. So the commit is built from objects alone (the
blob, then each tree from the file's folder up to the root, on top of main's), the branch
ref is created only once the commit exists, and git switches to it last; if that switch
fails, the branch goes again."""

from __future__ import annotations

from intranet.errors import IntranetError, error
from intranet.git import Git

# What to do instead when the file or branch exists, by command: a post is named by its
# title, a reply by its author and the minute it was written.
HINTS = {"new": "pick another title", "reply": "wait a minute and run `intranet reply` again"}


def _fail(rule: str, message: str) -> IntranetError:
    return IntranetError([error("intranet", 0, 0, rule, message)])


def commit_with_file(g: Git, start: str, path: str, data: bytes, message: str, *,
                     command: str = "new") -> str:
    """A commit on top of `start` that adds the file `path` (refused if it exists);
    `command` (new, reply) names the rule of a refusal."""
    blob = g.run("hash-object", "-w", "--stdin", data=data).strip()
    tree = _tree_with(g, start, "", path.split("/"), blob, command=command)
    return g.run("commit-tree", tree, "-p", start, "-m", message).strip()


def _tree_with(g: Git, start: str, folder: str, parts: list[str], blob: str, *,
               command: str) -> str:
    """The tree of `folder` at `start` with the file `parts` added, written with mktree
    (which sorts the entries as git wants them)."""
    status, out, _ = g.execute("ls-tree", "-z", f"{start}:{folder}")
    records = [r for r in out.split(b"\0") if r] if status == 0 else []
    name, rest = parts[0], parts[1:]
    here = f"{folder}/{name}" if folder else name
    same = [r for r in records if r.split(b"\t", 1)[1] == name.encode()]
    kept = [r for r in records if r not in same]
    if not rest:
        if same:
            raise _fail(f"{command}-exists", f"{here} already exists; "
                        f"{HINTS[command]} or edit it")
        entry = f"100644 blob {blob}\t{name}"
    else:
        if same and b" tree " not in same[0]:
            raise _fail(f"{command}-exists", f"{here} is a file on main, not a folder; "
                        "rename it through a reviewed change first")
        entry = f"040000 tree {_tree_with(g, start, here, rest, blob, command=command)}\t{name}"
    return g.run("mktree", "-z", data=b"\0".join([*kept, entry.encode()]) + b"\0").strip()


def create_and_switch(g: Git, branch: str, commit: str, *, command: str = "new") -> None:
    """Create `branch` at `commit` (refused if it exists by now) and switch to it; when
    git cannot switch, the branch is deleted again, so a retry starts clean."""
    ref = f"refs/heads/{branch}"
    status, _, err = g.execute("update-ref", "-m", f"intranet {command}", ref, commit, "")
    if status:
        raise _fail(f"{command}-exists", f"branch {branch} cannot be created "
                    f"({_reason(err)}); {HINTS[command]}, or `git switch {branch}` to go on "
                    "with it")
    status, _, err = g.execute("switch", "--quiet", branch)
    if status and g.current_branch() != branch:  # a failing post-checkout hook still switched
        g.execute("update-ref", "-d", ref, commit)
        raise _fail(f"{command}-switch", f"git could not switch to the new branch {branch} "
                    f"({_reason(err)}), so nothing was created; fix that and run "
                    f"`intranet {command}` again")


def _reason(stderr: str) -> str:
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    first = next((ln for ln in lines if ln.startswith(("fatal:", "error:"))),
                 lines[-1] if lines else "no reason given")
    return first.removeprefix("fatal:").removeprefix("error:").strip()
