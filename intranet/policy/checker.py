"""The one policy checker. `intranet check` and the MkDocs hooks both call check_file on
the same bytes, so a post that fails here is never published."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import NamedTuple, Protocol

from intranet.config.fields import Reader
from intranet.errors import Finding, IntranetError, error
from intranet.policy import source
from intranet.policy.cache import FindingsCache
from intranet.policy.files import duplicate_urls, file_rules
from intranet.policy.invisible import scan_invisible
from intranet.policy.limits import scan_limits
from intranet.policy.markup import scan_markup
from intranet.policy.meta import Context, check_page, read_post
from intranet.policy.photos import photo_content
from intranet.policy.rendered import code_text
from intranet.policy.replycheck import Target, check_replies
from intranet.policy.replymeta import read_reply
from intranet.policy.secrets.guard import might_hold_secret
from intranet.policy.watched import scan_watched
from intranet.site import mentions
from intranet.site.posts import Post, is_post
from intranet.site.replies import Reply, is_reply

PREFIX = "content/"


class _Hit(Protocol):
    """Where a rule matched in a text, and what to say."""

    @property
    def offset(self) -> int: ...
    @property
    def rule(self) -> str: ...
    @property
    def message(self) -> str: ...


class Checked(NamedTuple):
    src: str
    findings: list[Finding]
    post: Post | None  # the post's record when the file is a readable post
    meta_keys: frozenset[str] | None  # the front-matter keys, for the build to compare
    reply: Reply | None = None  # the reply's record when the file is a readable reply


class Report(NamedTuple):
    checked: list[Checked]
    findings: list[Finding]  # every finding of every file, in path and line order

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)


def check_tree(files: Iterable[tuple[str, bytes, bool]], ctx: Context,
               keep_posts: bool = True, cache: FindingsCache | None = None) -> Report:
    """Check (src, data, is_symlink) triples; rules that need the whole tree included.
    Without keep_posts only findings are kept: a check of 10,000 posts need not hold
    every post's text in memory, and remembered findings (`cache`) can stand in."""
    checked = []
    targets: dict[str, Target] = {}  # what replies need of the posts read
    replies: dict[str, Reply] = {}
    for src, data, symlink in files:
        # A reply's findings depend on its post too: it is checked afresh every time.
        key = cache.key(src, data, symlink) if cache and not keep_posts and \
            not is_reply(src) else ""
        remembered = cache.get(key) if cache and key else None
        if remembered is not None:
            checked.append(Checked(src, remembered, None, None))
            continue
        result = check_file(src, data, ctx, symlink)
        if cache and key:
            cache.put(key, result.findings)
        if result.post is not None:
            targets[src] = Target.of(result.post)
        if result.reply is not None:
            replies[src] = result.reply
        checked.append(result if keep_posts else result._replace(post=None))
    findings = [f for c in checked for f in c.findings]
    findings += duplicate_urls((c.src for c in checked), PREFIX)
    findings += check_replies(replies.values(), targets, ctx, replies)
    return Report(checked, sorted(findings))


# A file with one of these findings is not parsed: it is too big, or not in a place where
# its contents could mean anything.
UNREAD = ("file-type", "file-size", "reply-size", "reply-path")


def check_file(src: str, data: bytes, ctx: Context, symlink: bool = False) -> Checked:
    """Every finding for one file under content/ (`src` is relative to content/)."""
    findings = file_rules(src, len(data), ctx.policy, symlink, PREFIX)
    if not symlink:  # a photo's bytes say what it is; a link's are not ours to read
        findings += photo_content(src, data, ctx.org, ctx.policy, PREFIX + src)
    # An oversized file is not parsed at all: a huge file must never make a check crawl;
    # nor is a link, whose target is not ours to read.
    if not src.endswith(".md") or symlink or any(f.rule in UNREAD for f in findings):
        return Checked(src, findings, None, None)
    path = PREFIX + src
    if b"\x00" in data:
        findings.append(error(path, 1, 1, "file-binary", "this is a binary file named .md; "
                              "save the post as text"))
        return Checked(src, findings, None, None)
    try:
        text = source.decode(data, path)
    except IntranetError as exc:
        return Checked(src, findings + list(exc.findings), None, None)
    record, keys = _front_matter(src, text, ctx, findings)
    findings += _content(path, text, ctx)
    return Checked(src, findings, record if isinstance(record, Post) else None, keys,
                   record if isinstance(record, Reply) else None)


def _front_matter(src: str, text: str, ctx: Context, findings: list[Finding]
                  ) -> tuple[Post | Reply | None, frozenset[str] | None]:
    path = PREFIX + src
    reader = Reader(path, "meta")
    try:
        parsed = source.split(text, path)
    except IntranetError as exc:
        findings.extend(exc.findings)
        return None, None
    record: Post | Reply | None = None
    if is_post(src):
        record = read_post(parsed, src, reader, ctx)
    elif is_reply(src):
        record = read_reply(parsed, src, reader, ctx)
    else:
        check_page(parsed, src, reader, ctx)
    findings.extend(reader.findings)
    findings.extend(_mentions(path, parsed, ctx))
    limited = scan_limits(parsed.body, ctx.policy)
    # Rendering confirms what looks like code; a body over the limits is never rendered.
    code = None if limited else partial(code_text, site_config=ctx.site_config)
    hits: list[_Hit] = [*limited, *scan_markup(parsed.body, ctx.policy.remote_hosts, code)]
    for hit in hits:
        line, column = _position(parsed.body, hit.offset)
        findings.append(error(path, parsed.body_line + line - 1, column, hit.rule,
                              hit.message))
    keys = frozenset(k.value for k, _ in parsed.meta.items) if parsed.meta else frozenset()
    return record, keys


def _mentions(path: str, parsed: source.Source, ctx: Context) -> list[Finding]:
    found = []
    for offset, handle in mentions.find(parsed.body):
        if ctx.org.person(handle) is None:
            line, column = _position(parsed.body, offset)
            found.append(Finding(path, parsed.body_line + line - 1, column, "mention-unknown",
                                 "warning", f"@{handle} is nobody in org.yml, so it links "
                                 "nowhere; check the handle on the People page"))
    return found


def _content(path: str, text: str, ctx: Context) -> list[Finding]:
    """Rules over the whole text, front-matter included: a secret in a summary is still a
    secret."""
    found = []
    for invisible in scan_invisible(text):
        line, column = _position(text, invisible.offset)
        found.append(error(path, line, column, invisible.rule, invisible.message))
    for hit in scan_watched(text, ctx.policy):
        line, column = _position(text, hit.offset)
        found.append(Finding(path, line, column, f"watched-{hit.watch.id}",
                             hit.watch.severity, hit.watch.message))
    return found + secret_findings(path, text, ctx)


def secret_findings(path: str, text: str, ctx: Context) -> list[Finding]:
    """The credentials in any text, as `intranet check` reports them."""
    if not might_hold_secret(text):
        return []
    # Imported here: detect-secrets takes longer to load than a thousand posts take to
    # check, and most runs never get past the guard above.
    from intranet.policy.secrets import scan as secrets  # noqa: PLC0415

    return [error(path, hit.line, hit.column, "secret", _UNSCANNABLE
                  if hit.kind == secrets.UNSCANNABLE else _CREDENTIAL.format(hit.kind))
            for hit in secrets.scan_secrets(text, ctx.policy.placeholders)]


_UNSCANNABLE = ("this text could not be scanned for credentials in time (a very long or "
                "deeply nested line); break it up or remove it")
_CREDENTIAL = ("this looks like a credential ({}); remove it, revoke it if it was real, and "
               "share secrets only through the password manager")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
