"""Who wrote a submission, so that none of them counts as its approver: every commit's
author and committer, and every handle in the `authors` of each post, page or reply it
adds or changes (a head cannot publish their own post by committing it under another
name, nor by having someone else commit it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from intranet import source
from intranet.errors import IntranetError
from intranet.gitobjects import Commit
from intranet.org import Org
from intranet.yamlread import Scalar, Seq


@dataclass(frozen=True)
class Authors:
    handles: frozenset[str]  # people of org.yml
    unknown: frozenset[str]  # e-mail addresses nobody in org.yml has, as written

    def shown(self, org: Org) -> str:
        known = sorted(f"{p.name} ({p.handle})" for p in org.people if p.handle in self.handles)
        return ", ".join(known + sorted(self.unknown)) or "nobody known"


def front_matter_authors(data: bytes) -> tuple[str, ...]:
    """The handles a Markdown file's front-matter lists under `authors`; () when it has
    none or cannot be read (the policy check reports why)."""
    try:
        parsed = source.split(source.decode(data, ""), "")
    except IntranetError:
        return ()
    node = parsed.meta.get("authors") if parsed.meta is not None else None
    if isinstance(node, Scalar):
        return (node.value,)
    if isinstance(node, Seq):
        return tuple(item.value for item in node.items if isinstance(item, Scalar))
    return ()


def authors_of(org: Org, commits: Iterable[Commit], contents: Iterable[bytes]) -> Authors:
    emails = {who.email for c in commits for who in (c.author, c.committer)}
    handles = {p.handle for p in org.people if p.email.lower() in emails}
    known = {p.email.lower() for p in org.people}
    for data in contents:
        handles.update(h for h in front_matter_authors(data) if org.person(h) is not None)
    return Authors(frozenset(handles), frozenset(e for e in emails if e not in known))
