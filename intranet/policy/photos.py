"""Rules for people's photos, the one kind of file allowed under content/people/ (the rest
of it is the build's): content/people/<handle>.<type>, named for someone in org.yml, of a
type and size policy.yml allows, and truly of that type. The bytes are checked, not only
the name: a page or an SVG renamed .png could otherwise be served from the intranet's
own address, and an SVG (which can carry script) is never a photo type."""

from __future__ import annotations

from intranet.config.org import Org
from intranet.config.policy import Policy
from intranet.errors import Finding, error
from intranet.site.photos import photo_handle, photo_type

# How each type's files begin (WebP: RIFF, four bytes of length, then WEBP).
MAGIC = {"png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
         "gif": (b"GIF87a", b"GIF89a")}
NAMES = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WebP", "gif": "GIF"}


def is_photo(src: str) -> bool:
    """A file directly under people/ that is no Markdown: judged as a photo."""
    return photo_handle(src) is not None


def photo_rules(src: str, size: int, policy: Policy, path: str) -> list[Finding]:
    """What a photo's name and size say (all the moderation workflow knows of a file it
    did not read)."""
    kind, allowed = photo_type(src), ", ".join(sorted(policy.photo_types))
    if kind not in policy.photo_types:
        why = " (an SVG can carry script)" if kind == "svg" else ""
        return [error(path, 1, 1, "photo-type", f"a person's photo must be one of: {allowed}"
                      f"{why}; export it as one of those, named people/<handle>.<type>")]
    if size > policy.photo_bytes:
        return [error(path, 1, 1, "photo-size", f"the photo is {size} bytes, over the limit "
                      f"of {policy.photo_bytes}; an avatar is shown at most 96 pixels wide, "
                      "so scale it down (e.g. to 256 by 256 pixels)")]
    return []


def photo_content(src: str, data: bytes, org: Org, policy: Policy, path: str
                  ) -> list[Finding]:
    """Whose photo it is, and whether its bytes are what its name says."""
    handle = photo_handle(src)
    if handle is None:
        return []
    found = []
    if org.person(handle) is None:
        found.append(error(path, 1, 1, "photo-person", f"the photo is named for {handle!r}, "
                           "who is not in org.yml; name it after a handle in org.yml "
                           "(people/<handle>.<type>)"))
    kind = photo_type(src)
    if kind in policy.photo_types and len(data) <= policy.photo_bytes and \
            not _is_a(kind, data):
        found.append(error(path, 1, 1, "photo-type", f"the file is named .{kind} but is no "
                           f"{NAMES.get(kind, kind)} image (its first bytes are not one's); "
                           f"export the photo as {NAMES.get(kind, kind)}"))
    return found


def _is_a(kind: str, data: bytes) -> bool:
    if kind == "webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return data.startswith(MAGIC.get(kind, ()))
