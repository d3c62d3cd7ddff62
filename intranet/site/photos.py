"""Where people's faces live. A person may commit a photo as content/people/<handle>.<type>
(the policy says which types and how large); everyone else gets an initials image the
build generates under assets/intranet/avatars/. The folder people/ is otherwise the
build's: the directory and the profiles are generated there."""

from __future__ import annotations

import posixpath

PEOPLE = "people/"
AVATARS = "assets/intranet/avatars/"  # generated initials images, one per person


def photo_handle(src: str) -> str | None:
    """The handle a file directly under people/ is named for, when it is no Markdown (a
    photo, or something refused as one); None for anything else."""
    if not src.startswith(PEOPLE) or "/" in src[len(PEOPLE):]:
        return None
    stem, extension = posixpath.splitext(src[len(PEOPLE):])
    return stem if extension and extension.lower() != ".md" and stem else None


def photo_type(src: str) -> str:
    """The type a file's name claims, lower-case, without the dot: `png`, `jpg`, ..."""
    return posixpath.splitext(src)[1].lower().lstrip(".")


def generated_avatar(handle: str) -> str:
    """Where the build writes a person's initials image (under the site's root)."""
    return f"{AVATARS}{handle}.svg"
