"""Who wrote a submission, so that none of them counts as its approver: every commit's
author and committer, and every handle in the `authors` of each post, page or reply it
adds or changes (a head cannot publish their own post by committing it under another
name, nor by having someone else commit it)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from intranet.config.org import Org
from intranet.config.yaml.read import Scalar, Seq
from intranet.errors import IntranetError
from intranet.gitobjects import Commit
from intranet.policy import source


@dataclass(frozen=True)
class Authors:
    handles: frozenset[str]  # people of org.yml
    unknown: frozenset[str]  # e-mail addresses nobody in org.yml has, as written

    def shown(self, org: Org) -> str:
        known = sorted(f"{p.name} ({p.handle})" for p in org.people if p.handle in self.handles)
        return ", ".join(known + sorted(self.unknown)) or "nobody known"


# The everyday shape, `authors: [eve, grace]` on one line, is read directly (the audit
# reads thousands of posts); any other mention of the key goes through the full reader.
INLINE = re.compile(r"^authors:[ \t]*\[([a-z0-9, -]*)\][ \t]*$", re.MULTILINE)
MENTION = re.compile(r"authors", re.MULTILINE)
WORD = re.compile(r"[a-z0-9][a-z0-9-]*")


def front_matter_authors(data: bytes, handles: frozenset[str]) -> frozenset[str]:
    """The people (of `handles`) a Markdown file names as its authors. When the file's
    front-matter cannot be read, every handle it mentions at all counts: wrongly
    excluding an approver is safe, wrongly admitting an author is not."""
    text = data.decode("utf-8", "replace")
    block = source.FRONT_MATTER.match(text)
    if block is not None:
        inline = INLINE.findall(block.group(1))
        if inline and len(inline) == len(MENTION.findall(block.group(1))):
            return frozenset(w for line in inline for w in WORD.findall(line)) & handles
    try:
        parsed = source.split(source.decode(data, ""), "")
    except IntranetError:
        return frozenset(WORD.findall(text)) & handles
    node = parsed.meta.get("authors") if parsed.meta is not None else None
    if isinstance(node, Scalar):
        return frozenset({node.value}) & handles
    if isinstance(node, Seq):
        return frozenset(i.value for i in node.items if isinstance(i, Scalar)) & handles
    return frozenset()


def authors_of(org: Org, commits: Iterable[Commit], contents: Iterable[bytes]) -> Authors:
    emails = {who.email for c in commits for who in (c.author, c.committer)}
    handles = {p.handle for p in org.people if p.email.lower() in emails}
    everyone = frozenset(p.handle for p in org.people)
    for data in contents:
        handles.update(front_matter_authors(data, everyone))
    known = {p.email.lower() for p in org.people}
    return Authors(frozenset(handles), frozenset(e for e in emails if e not in known))
