"""The digest written out twice, as mail clients want it: plain text and HTML. The HTML
uses inline styles only (mail clients drop style sheets), links to the site for
everything, and holds no image and no script: nothing is fetched when it is opened.
Every value is escaped; every link is the site's own address."""

from __future__ import annotations

import html
from collections.abc import Callable

from intranet.config.org import Org
from intranet.site.digest import Digest, Discussion
from intranet.site.md import day, moment
from intranet.site.posts import Post

Url = Callable[[str], str]  # a page's address on the site, from its path under content/

_H2 = "font-size:18px;margin:28px 0 8px;color:#1a237e"
_TITLE = "font-size:16px;font-weight:bold;color:#283593"
_META = "font-size:13px;color:#555555"
_BODY = "font-family:Arial,Helvetica,sans-serif;color:#222222;max-width:640px;line-height:1.5"


def subject(d: Digest) -> str:
    where = f" · {d.department.name}" if d.department else ""
    return f"{d.company} intranet digest{where}: {_period(d)}"


def text(d: Digest, org: Org, url: Url) -> str:
    lines = [subject(d), ""]
    if d.announcements:
        lines += ["ANNOUNCEMENTS", ""] + [_text_post(p, org, url) for p in d.announcements]
    for dept, posts in d.sections:
        lines += [f"NEW IN {dept.name.upper()}", ""] + [_text_post(p, org, url) for p in posts]
    if d.discussions:
        lines += ["MOST ACTIVE DISCUSSIONS", ""]
        lines += [_text_discussion(t, org, url) for t in d.discussions]
    if d.empty:
        lines += [f"Nothing new was published {_period(d)}.", ""]
    lines += ["--", f"Everything, and how to take part: {url('index.md')}"]
    return "\n".join(lines) + "\n"


def _text_post(post: Post, org: Org, url: Url) -> str:
    return (f"{post.title}\n{_names(post.authors, org)} · {day(post.date)}\n{post.excerpt}\n"
            f"{url(post.src)}\n")


def _text_discussion(t: Discussion, org: Org, url: Url) -> str:
    return (f"{t.post.title}\n{_replies(t)}, the latest by {_names(t.latest.authors, org)} "
            f"on {moment(t.latest.when)}\n{url(t.post.src)}#{t.latest.anchor}\n")


def page(d: Digest, org: Org, url: Url) -> str:
    e = html.escape
    parts = [f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
             f'{e(subject(d))}</title></head><body style="{_BODY}">',
             f'<h1 style="font-size:22px;color:#1a237e">{e(subject(d))}</h1>']
    if d.announcements:
        parts += [f'<h2 style="{_H2}">Announcements</h2>']
        parts += [_html_post(p, org, url) for p in d.announcements]
    for dept, posts in d.sections:
        parts += [f'<h2 style="{_H2}">New in {e(dept.name)}</h2>']
        parts += [_html_post(p, org, url) for p in posts]
    if d.discussions:
        parts += [f'<h2 style="{_H2}">Most active discussions</h2>']
        parts += [_html_discussion(t, org, url) for t in d.discussions]
    if d.empty:
        parts.append(f"<p>Nothing new was published {e(_period(d))}.</p>")
    parts.append(f'<p style="{_META};margin-top:32px;border-top:1px solid #dddddd;'
                 f'padding-top:12px">Everything, and how to take part: <a href="'
                 f'{e(url("index.md"))}">{e(d.company)} intranet</a></p></body></html>')
    return "\n".join(parts) + "\n"


def _html_post(post: Post, org: Org, url: Url) -> str:
    e = html.escape
    return (f'<div style="margin:0 0 18px"><a href="{e(url(post.src))}" style="{_TITLE}">'
            f'{e(post.title)}</a><div style="{_META}">{e(_names(post.authors, org))} · '
            f"{e(day(post.date))}</div><div>{e(post.excerpt)}</div></div>")


def _html_discussion(t: Discussion, org: Org, url: Url) -> str:
    e = html.escape
    return (f'<div style="margin:0 0 14px"><a href="{e(url(t.post.src))}#{e(t.latest.anchor)}" '
            f'style="{_TITLE}">{e(t.post.title)}</a><div style="{_META}">{e(_replies(t))}, '
            f"the latest by {e(_names(t.latest.authors, org))} on "
            f"{e(moment(t.latest.when))}</div></div>")


def _names(handles: tuple[str, ...], org: Org) -> str:
    names = [p.name if (p := org.person(h)) else h for h in handles]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def _replies(t: Discussion) -> str:
    return f"{t.replies} new repl{'y' if t.replies == 1 else 'ies'}"


def _period(d: Digest) -> str:
    if d.since == d.until:
        return f"on {day(d.since)}"
    return f"from {day(d.since)} to {day(d.until)}"
