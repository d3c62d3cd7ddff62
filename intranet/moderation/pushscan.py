"""What a push brings into the shared repository, on any branch, in any of its commits
(a key committed and then deleted is still in the history):

- no secrets: every file it adds is scanned for credentials, and Markdown under content/
  for the blocked watched words (card numbers, National Insurance numbers, confidential
  markings), with findings exactly as `intranet check` prints them;
- nothing moderation could misread: unreadable commits or trees, paths such as `..` or
  with control characters, symbolic links and gitlinks."""

from __future__ import annotations

from intranet.errors import Finding, error
from intranet.git import EMPTY_TREE, Git
from intranet.gitobjects import BadObject, Commit
from intranet.moderation.mergecheck import DELETED
from intranet.moderation.treepaths import file_problems, path_problem
from intranet.policy.checker import PREFIX, check_file, secret_findings
from intranet.policy.meta import Context

SCAN_LIMIT = 4 << 20  # a text file larger than this cannot be scanned in a push's time
REGULAR = ("100644", "100755")


def scan_push(g: Git, ctx: Context, tips: list[str]) -> list[Finding]:
    """The secret and blocked-word findings in everything the tips bring."""
    new = set(g.new_since_refs(tips, objects=True))
    commits = g.commits(g.new_since_refs(tips))
    found = [error(f"commit {sha[:10]}", 0, 0, "hook-object", f"{c}; git cannot vouch for "
                   "what it holds") for sha, c in commits.items() if isinstance(c, BadObject)]
    parsed = [c for c in commits.values() if isinstance(c, Commit)]
    parents = g.commits({p for c in parsed for p in c.parents} - set(commits))
    trees = {s: c.tree for s, c in {**commits, **parents}.items() if isinstance(c, Commit)}
    pairs = [(trees.get(p, EMPTY_TREE), c.tree) for c in parsed for p in (c.parents or ("",))]
    owners = [c for c in parsed for _ in (c.parents or ("",))]
    added: dict[str, str] = {}  # blob -> a path it was added at
    for commit, changes in zip(owners, g.diff_trees(pairs), strict=True):
        if changes is None:
            found.append(error(f"commit {commit.sha[:10]}", 0, 0, "hook-object", "git cannot "
                               "read its tree (a hand-made tree); push an ordinary commit"))
            continue
        found += [error(f"commit {commit.sha[:10]}", 0, 0, "hook-path", why)
                  for path, why in file_problems(changes) if changes[path].mode != DELETED]
        for path, change in changes.items():
            if change.sha in new and change.mode in REGULAR and not path_problem(path):
                added.setdefault(change.sha, path)
    return sorted(set(found)) + _scan(g, ctx, added)



def _scan(g: Git, ctx: Context, added: dict[str, str]) -> list[Finding]:
    sizes = g.sizes(added)
    blobs = g.blobs(added, SCAN_LIMIT)
    found: list[Finding] = []
    for sha, path in sorted(added.items(), key=lambda item: item[1]):
        data = blobs.get(sha)
        if data is None:
            size = (sizes.get(sha) or ("", 0))[1]
            found.append(error(path, 1, 1, "hook-size", f"the file is {size} bytes, too large "
                               "to be scanned for secrets; keep large files out of the "
                               "intranet repository"))
        elif b"\0" not in data[:8000]:  # git's own test for a binary file
            found += _findings(path, data, ctx)
    return found


def _findings(path: str, data: bytes, ctx: Context) -> list[Finding]:
    if path.startswith(PREFIX) and path.endswith(".md"):
        checked = check_file(path.removeprefix(PREFIX), data, ctx)
        return [f for f in checked.findings if f.rule == "secret"
                or (f.rule.startswith("watched-") and f.severity == "error")]
    return secret_findings(path, data.decode("utf-8", "replace"), ctx)
