"""Steps every moderation command shares: find main, know who is acting, and run the
policy check on exactly what was submitted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from intranet.config.org import Org, Person
from intranet.errors import Finding, IntranetError, error
from intranet.git import REMOTE, Git
from intranet.moderation.review import MAIN, MAIN_REF, Rules
from intranet.moderation.submission import Submission
from intranet.moderation.treepaths import path_problem
from intranet.policy.checker import PREFIX, Report, check_tree
from intranet.policy.files import file_rules
from intranet.policy.meta import Context

REMOTE_MAIN = f"refs/remotes/{REMOTE}/{MAIN}"
READ_LIMIT = 4 << 20  # larger files under content/ are refused unread


def fail(rule: str, message: str, where: str = "intranet") -> IntranetError:
    return IntranetError([error(where, 0, 0, rule, message)])


def target(g: Git) -> str:
    """The shared repository's main as last fetched; a clone without a remote uses its
    own main. Named in full: a tag called `main` or `origin/main` cannot stand in."""
    tip = g.rev(REMOTE_MAIN) or g.rev(MAIN_REF)
    if tip is None:
        raise fail("git-ref", f"there is no {MAIN} branch here; clone the intranet first")
    return tip


def branch_tip(g: Git, branch: str, rule: str) -> str:
    """The shared repository's tip of a submitted branch, as just fetched."""
    tip = g.rev(f"refs/remotes/{REMOTE}/{branch}") if not path_problem(branch) else None
    if tip is None:
        raise fail(rule, f"there is no submitted branch {branch!r}; `intranet queue` lists "
                   "what waits")
    return tip


def reviewed(g: Git, branch: str, rule: str, commit: str | None) -> str:
    """The branch's tip, which must be the commit the reviewer saw, when they name it."""
    tip = branch_tip(g, branch, rule)
    if commit is not None and g.rev(commit) != tip:
        command = rule.split("-", maxsplit=1)[0]
        raise fail(f"{command}-moved", f"{branch} has moved since you reviewed it: "
                   f"it is at {tip[:10]} now, not {commit[:40]}; run `intranet show {branch}` "
                   "and decide on what it shows")
    return tip


def acting_as(g: Git, org: Org, handle: str) -> Person:
    """The person named by --as, who must also be the one running git: a name in a
    command line is only a claim, and an approval must be made by its approver."""
    person = org.person(handle)
    if person is None:
        raise fail("review-person", f"{handle!r} is not a handle in org.yml")
    email = g.config("user.email").lower()
    if email != person.email.lower():
        raise fail("review-identity", f"git here is set up for {email or 'nobody'}, not "
                   f"{person.name} <{person.email}>; approve from your own clone")
    return person


def policy_checks(g: Git, rules: Rules, subs: list[Submission]) -> dict[str, Report]:
    """branch -> the policy check of what it would publish under content/, by main's
    policy: a submission cannot loosen the rules it is judged by. One read for all."""
    base = Context(rules.policy, rules.org, changed=True, site_config=rules.site_config)
    wanted = {s.branch: [(p, c.sha) for p, c in s.changes.items() if p.startswith(PREFIX)
                         and c.mode != "000000" and not path_problem(p)] for s in subs}
    sizes = g.sizes({sha for files in wanted.values() for _, sha in files})
    blobs = g.blobs({sha for files in wanted.values() for path, sha in files
                     if _size(sizes, sha) <= _limit(path, rules)}, READ_LIMIT)
    reports = {}
    for sub in subs:
        files: list[tuple[str, bytes, bool]] = []
        oversized: list[Finding] = []
        for path, sha in wanted[sub.branch]:
            src, data = path.removeprefix(PREFIX), blobs.get(sha)
            if path in sub.links or data is not None:
                files.append((src, data or b"", path in sub.links))
            else:
                oversized += file_rules(src, _size(sizes, sha), rules.policy, False) or [
                    error(path, 1, 1, "file-size", f"the file is {_size(sizes, sha)} bytes, "
                          "too large to review; keep large files out of the intranet")]
        # What the submission would publish is what its files are judged with: a reply's
        # post is read from git's merge of it into main.
        ctx = replace(base, lookup=_reader(g, sub.tree or sub.tip))
        report = check_tree(files, ctx)
        reports[sub.branch] = Report(report.checked, sorted(report.findings + oversized))
    return reports


def _reader(g: Git, tree: str) -> Callable[[str], bytes | None]:
    def read(src: str) -> bytes | None:
        return g.read(tree, PREFIX + src)
    return read


def _size(sizes: dict[str, tuple[str, int] | None], sha: str) -> int:
    kind = sizes.get(sha)
    return kind[1] if kind is not None and kind[0] == "blob" else READ_LIMIT + 1


def _limit(path: str, rules: Rules) -> int:
    return rules.policy.post_bytes if path.endswith(".md") else READ_LIMIT
