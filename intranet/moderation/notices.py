"""Who must hear of a push, and what: the notices the post-receive hook sends.

- A submission branch pushed or updated: the owners it still waits for (never its own
  authors, who cannot approve it), each once.
- main moved by a moderated merge: its authors and the people it newly mentions
  (noticepublish.py).
- A rejection recorded: the authors of the rejected commit, with the reason.

Submissions, their authors, owners, records and merges are read exactly as `intranet
queue`, `approve` and the audit read them. Every recipient is a person of org.yml on
main, by the address org.yml gives: nothing a push brings can choose where mail goes, and
a held submission is named only to the owners who must review it."""

from __future__ import annotations

from collections.abc import Callable

from intranet.errors import IntranetError
from intranet.git import ZERO, Git
from intranet.moderation import noticetext as text
from intranet.moderation.noticepublish import published
from intranet.moderation.noticeread import about, people
from intranet.moderation.noticetext import Notice
from intranet.moderation.records import NAME, Signers, judge, read_records, records_on
from intranet.moderation.review import MAIN_REF, POSTS, Rules, groups, names, rules_at, waiting
from intranet.moderation.submission import load

BRANCHES = f"refs/heads/{POSTS}"
Update = tuple[str, str, str]  # old, new, ref: as git hands them to the hook


def notices(g: Git, updates: list[Update]) -> tuple[list[Notice], list[str]]:
    """The notices a push calls for, and why any could not be worked out (one line each:
    a push the hook cannot read is reported, never a reason to stop the others)."""
    main = g.rev(MAIN_REF)
    if main is None:  # an empty repository: nobody to tell, no rules to tell them by
        return [], []
    rules = rules_at(g, main)
    found: list[Notice] = []
    failed: list[str] = []
    for old, new, ref in updates:
        kind = _kind(ref, old, new)
        if kind is None:
            continue
        try:
            found += kind(g, rules, old, new, ref)
        except Exception as exc:  # one unreadable ref must not silence the others
            detail = exc.findings[0].message if isinstance(exc, IntranetError) and \
                exc.findings else f"{type(exc).__name__}: {exc}"
            failed.append(f"{ref}: cannot work out its notices ({detail})")
    return found, failed


Maker = Callable[[Git, Rules, str, str, str], list[Notice]]


def _kind(ref: str, old: str, new: str) -> Maker | None:
    if ref.startswith(BRANCHES) and new != ZERO:
        return _submitted
    if ref == MAIN_REF and ZERO not in (old, new):
        return published
    match = NAME.match(ref)
    if match is not None and match[1] == "rejected" and old == ZERO and new != ZERO:
        return _rejected
    return None


def _submitted(g: Git, rules: Rules, old: str, new: str, ref: str) -> list[Notice]:
    branch = ref.removeprefix("refs/heads/")
    sub = load(g, rules, {branch: new})[branch]
    if sub is None or sub.problems:  # published already, or nobody may approve it
        return []
    need = groups(rules, sub.files)
    with Signers(rules.org) as signers:
        verdict = judge(g, rules, need, sub.authors, records_on(g, new), signers=signers)
    if verdict.rejections:
        return []
    left = waiting(need, verdict.approvers)
    named = about(g, rules, sub)[0]
    sections = ", ".join(dict.fromkeys(grp.label for grp in need))
    owners = sorted({h for grp in left for h in grp.handles} - sub.authors.handles)
    return [text.waiting(rules.org, person, named, left, sections, updated=old != ZERO)
            for h in owners if (person := rules.org.person(h)) is not None]


def _rejected(g: Git, rules: Rules, old: str, new: str, ref: str) -> list[Notice]:
    kinds = g.sizes([new])
    records, _ = read_records(g, [(ref, new, (kinds.get(new) or ("missing", 0))[0])])
    if not records or g.is_ancestor(records[0].tip, rules.commit):
        return []
    record = records[0]
    branch = next((b for b, tip in g.branches(POSTS, remote=False).items()
                   if tip == record.tip), f"commit {record.tip[:10]}")
    sub = load(g, rules, {branch: record.tip})[branch]
    if sub is None:
        return []
    with Signers(rules.org) as signers:
        verdict = judge(g, rules, groups(rules, sub.files), sub.authors, [record],
                        signers=signers)
    if not verdict.rejections:  # a record that does not count tells nobody anything
        return []
    by = names(rules.org, {record.handle})
    named = about(g, rules, sub)[0]
    return [text.rejected(p, named, by, record.reason) for p in people(rules.org, sub)]
