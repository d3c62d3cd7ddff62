"""Every person's face, wherever they are named: the photo they committed under people/,
else an initials image the build generates. Both are files of the site, shown with
<img>, so nothing loads from outside and no script can ride in (an SVG shown as an image
runs none). Each avatar has the class `avatar`, its size in a class (the CSP allows no
style attribute) and as width and height, and an empty alt beside a written name."""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape as xml_escape

from intranet.config.org import Person
from intranet.site.md import escape, relative
from intranet.site.photos import generated_avatar
from intranet.site.plan import Site

SIZES = (20, 24, 32, 40, 48, 64, 96)  # each has its class in faces.css
WHITE = (255, 255, 255)
CONTRAST = 4.6  # WCAG asks 4.5:1 for text; a little more survives rounding anywhere


def avatar(site: Site, handle: str, src: str, size: int, label: bool = False) -> str:
    """Markdown for `handle`'s avatar on page `src`: a relative image MkDocs checks and
    rewrites like any link. `label`: alt is the person's name, for an avatar shown
    without it; by default the name is written beside, and the image is decoration."""
    if size not in SIZES:
        raise ValueError(f"avatar size {size} has no class in faces.css; use one of {SIZES}")
    person = site.org.person(handle) if label else None
    alt = escape(person.name) if person else ""
    return (f"![{alt}]({relative(src, avatar_file(site, handle))})"
            f"{{ .avatar .avatar--{size} width={size} height={size} }}")


def avatar_file(site: Site, handle: str) -> str:
    """The avatar's path from the site's root (as if under content/)."""
    return site.photo(handle) or generated_avatar(handle)


def avatar_files(site: Site) -> dict[str, str]:
    """The initials images of everyone without a photo, by path."""
    return {generated_avatar(p.handle): initials_svg(p)
            for p in site.org.people if site.photo(p.handle) is None}


def initials(name: str) -> str:
    """`Grace Okafor` -> `GO`; one word gives one letter."""
    words = ["".join(ch for ch in word if ch.isalnum()) for word in name.split()]
    words = [w for w in words if w]
    if not words:
        return "?"
    picked = [words[0]] + ([words[-1]] if len(words) > 1 else [])
    return "".join(w[0] for w in picked).upper()


def initials_svg(person: Person) -> str:
    fill = colour(person.handle)
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" '
            f'height="64"><rect width="64" height="64" fill="{fill}"/><text x="32" y="32" '
            'dy="0.35em" text-anchor="middle" font-family="system-ui, -apple-system, '
            'Segoe UI, Roboto, Helvetica, Arial, sans-serif" font-size="26" '
            f'font-weight="600" fill="#ffffff">{xml_escape(initials(person.name))}</text>'
            "</svg>\n")


def colour(handle: str) -> str:
    """A background picked from the handle alone (the same on every build), dark enough
    that white initials on it reach CONTRAST."""
    digest = hashlib.sha256(handle.encode()).digest()
    hue, saturation = digest[0] * 360 / 256, 0.45 + digest[1] / 255 * 0.2
    lightness = 0.5
    rgb = _rgb(hue, saturation, lightness)
    while contrast(WHITE, rgb) < CONTRAST:
        lightness -= 0.01
        rgb = _rgb(hue, saturation, lightness)
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
               for c in (channel / 255 for channel in rgb))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(hue: float, saturation: float, lightness: float) -> tuple[int, int, int]:
    """HSL (hue in degrees, the rest 0-1) as 8-bit sRGB."""
    amount = saturation * min(lightness, 1 - lightness)

    def channel(n: int) -> int:
        k = (n + hue / 30) % 12
        return round((lightness - amount * max(-1, min(k - 3, 9 - k, 1))) * 255)
    return channel(0), channel(8), channel(4)
