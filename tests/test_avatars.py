"""Faces: a photo a person commits under content/people/, else an initials image the build
writes. The attacker goes first: a photo that is really a page or an SVG, one too large,
one for nobody, one in a subfolder, Markdown slipped into people/, and a policy that
would let SVG in are each refused with a clear rule; a photo needs the platform owners'
approval. Then what readers get: every avatar is a file of the site, with the class
`avatar`, its size and an alt, and the initials are legible on their colour."""

from __future__ import annotations

import random
import re
import shutil
import string
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from conftest import ROOT, BuiltSite, OrgChart
from sitebuild import build, copy_project, errors

from intranet.codeowners import parse_codeowners
from intranet.config.org import load_org
from intranet.config.policy import load_policy, parse_policy
from intranet.errors import IntranetError
from intranet.moderation.review import Rules, groups
from intranet.policy.checker import check_file
from intranet.policy.meta import Context
from intranet.site.avatars import colour, contrast, initials

CTX = Context(load_policy(ROOT / "policy.yml"), load_org(ROOT / "org.yml"))
TYPES = "export it as one of those, named people/<handle>.<type>"


def png(width: int = 4, height: int = 4) -> bytes:
    """A real PNG: a little orange square."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    rows = b"".join(b"\x00" + b"\xff\x80\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def found(src: str, data: bytes) -> list[str]:
    return [str(f) for f in check_file(src, data, CTX).findings]


# --- The attacker's files ------------------------------------------------------------

def test_a_photo_named_svg_is_refused_since_an_svg_can_carry_script() -> None:
    assert found("people/eve.svg", b'<svg xmlns="http://www.w3.org/2000/svg" '
                 b'onload="alert(1)"/>') == [
        "content/people/eve.svg:1:1: error photo-type a person's photo must be one of: jpg, "
        f"png, webp (an SVG can carry script); {TYPES}"]


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("eve.png", b"<!doctype html><script>alert(1)</script>", "PNG"),
    ("eve.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "PNG"),
    ("eve.jpg", png(), "JPEG"),  # a real image, but not what its name says
    ("eve.webp", b"RIFF\x24\x00\x00\x00WAVEfmt ", "WebP"),  # RIFF, but a sound
    ("eve.png", b"", "PNG"),
])
def test_a_photo_whose_bytes_are_not_its_type_is_refused(name: str, data: bytes,
                                                         kind: str) -> None:
    extension = name.rsplit(".", 1)[1]
    assert found(f"people/{name}", data) == [
        f"content/people/{name}:1:1: error photo-type the file is named .{extension} but is "
        f"no {kind} image (its first bytes are not one's); export the photo as {kind}"]


@pytest.mark.parametrize(("name", "data"), [
    ("eve.png", png()),
    ("eve.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
    ("eve.webp", b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00"),
])
def test_a_photo_of_an_allowed_type_passes(name: str, data: bytes) -> None:
    assert found(f"people/{name}", data) == []


def test_an_oversized_photo_is_refused() -> None:
    data = png() + b"\x00" * (262144 - len(png()) + 1)
    assert found("people/eve.png", data) == [
        "content/people/eve.png:1:1: error photo-size the photo is 262145 bytes, over the "
        "limit of 262144; an avatar is shown at most 96 pixels wide, so scale it down (e.g. "
        "to 256 by 256 pixels)"]
    assert found("people/eve.png", data[:262144]) == []


def test_a_photo_for_a_handle_not_in_the_org_chart_is_refused() -> None:
    assert found("people/mallory.png", png()) == [
        "content/people/mallory.png:1:1: error photo-person the photo is named for "
        "'mallory', who is not in org.yml; name it after a handle in org.yml "
        "(people/<handle>.<type>)"]


RESERVED = ("error file-reserved {src} is generated from org.yml; move this file elsewhere "
            "(edit org.yml to change people or moderators; only photos, "
            "people/<handle>.<type>, live in people/)")


@pytest.mark.parametrize("src", ["people/eve/photo.png", "people/photos/eve.png",
                                 "people/eve.md", "people/index.md", "people/page/2.md"])
def test_nothing_else_may_live_under_people(src: str) -> None:
    data = png() if src.endswith(".png") else b"---\ntitle: Me\n---\n\nHi.\n"
    assert [f for f in found(src, data) if "file-reserved" in f] == [
        f"content/{src}:1:1: " + RESERVED.format(src=src)]


def test_the_policy_cannot_make_svg_or_an_unlisted_type_a_photo() -> None:
    text = (ROOT / "policy.yml").read_text(encoding="utf-8")
    hostile = text.replace("  photo_types: [png, jpg, webp]", "  photo_types: [png, svg, gif]")
    hostile = hostile.replace("images: [png, jpg, gif, webp]", "images: [png, jpg, webp]")
    hostile = hostile.replace("  photo_bytes: 262144", "  photo_bytes: lots")
    with pytest.raises(IntranetError) as caught:
        parse_policy(hostile)
    line = next(n for n, row in enumerate(hostile.splitlines(), 1) if "photo_types" in row)
    assert [str(f) for f in caught.value.findings] == [
        f"policy.yml:{line - 1}:16: error policy-schema photo_bytes must be a whole number "
        "above zero",
        f"policy.yml:{line}:22: error policy-schema photo type 'svg' is not one the check can "
        "verify; use png, jpg, jpeg, webp, gif (never svg: an SVG can carry script)",
        f"policy.yml:{line}:27: error policy-schema photo type 'gif' must also be listed in "
        "'images', or no file of it may live under content/"]


def test_a_photo_needs_the_platform_owners() -> None:
    codeowners = parse_codeowners((ROOT / ".github" / "CODEOWNERS").read_text("utf-8"))
    rules = Rules("", CTX.org, CTX.policy, codeowners)
    assert codeowners.owners_for("content/people/eve.png") == ["@ivan", "@priya"]
    [need] = groups(rules, ["content/people/eve.png"])
    assert (need.label, sorted(need.handles)) == ("IT platform owners", ["ivan", "priya"])


# --- What readers get ----------------------------------------------------------------

class _Avatars(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and "avatar" in (dict(attrs).get("class") or "").split():
            self.found.append(dict(attrs))


def avatars(page: Path) -> list[dict[str, str | None]]:
    parser = _Avatars()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def test_every_avatar_is_a_file_of_the_site_with_its_size_and_an_alt(
        built_site: BuiltSite) -> None:
    site = built_site.directory
    seen = 0
    for page in sorted(site.rglob("*.html")):
        url = "http://intranet.example/" + page.relative_to(site).as_posix()
        for img in avatars(page):
            seen += 1
            size = re.fullmatch(r"avatar avatar--(\d+)", img["class"] or "")
            assert size, img
            assert img["width"] == img["height"] == size[1], img
            assert img["alt"] == "", img  # the name is written beside it
            src = img["src"] or ""
            assert not urlsplit(src).scheme and not src.startswith(("/", "\\")), img
            target = urlsplit(urljoin(url, src)).path.lstrip("/")
            assert (site / target).is_file(), (page, src)
    assert seen > 100, "the demo names people on many pages"


def test_everyone_without_a_photo_gets_their_initials(built_site: BuiltSite,
                                                      org: OrgChart) -> None:
    folder = built_site.directory / "assets" / "intranet" / "avatars"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{p.handle}.svg"
                                                             for p in org.people)
    grace = (folder / "grace.svg").read_text(encoding="utf-8")
    tree = ElementTree.fromstring(grace)
    # Only shapes and text: nothing an image could run or fetch.
    assert [e.tag.split("}")[1] for e in tree.iter()] == ["svg", "rect", "text"]
    assert not re.search(r"href|script|on\w+=|url\(|style", grace)
    assert tree[1].text == "GO"
    assert tree[0].get("fill") == colour("grace")
    assert avatars(built_site.directory / "people/grace/index.html")[0]["src"] == \
        "../../assets/intranet/avatars/grace.svg"


def test_initials_are_legible_on_their_colour_and_the_colour_is_the_handles_own() -> None:
    assert [initials(n) for n in ("Grace Okafor", "Zoë van der Berg", "Cher", "(Sam) O'Neil",
                                  "  ")] == ["GO", "ZB", "C", "SO", "?"]
    rng = random.Random(14)
    handles = ["".join(rng.choice(string.ascii_lowercase + "-") for _ in range(8))
               for _ in range(2000)]
    for handle in handles:
        fill = colour(handle)
        rgb = (int(fill[1:3], 16), int(fill[3:5], 16), int(fill[5:7], 16))
        assert contrast((255, 255, 255), rgb) >= 4.5, (handle, fill)
        assert colour(handle) == fill
    assert len({colour(h) for h in handles}) > 500  # faces tell people apart


def test_a_committed_photo_is_the_persons_avatar_everywhere(tmp_path: Path) -> None:
    repo = copy_project(tmp_path / "intranet")
    (repo / "content" / "people").mkdir()
    (repo / "content" / "people" / "eve.png").write_bytes(png())
    done = build(repo, "--strict")
    assert done.returncode == 0, done.stderr
    out = repo / "out"
    assert (out / "people" / "eve.png").read_bytes() == png()
    assert not (out / "assets" / "intranet" / "avatars" / "eve.svg").exists()
    profile = avatars(out / "people/eve/index.html")
    assert profile[0] == {"alt": "", "class": "avatar avatar--96", "height": "96",
                          "src": "../eve.png", "width": "96"}
    byline = avatars(out / "engineering/posts/hackathon-winners/index.html")
    assert [a["src"] for a in byline[:2]] == ["../../../people/eve.png",
                                              "../../../assets/intranet/avatars/grace.svg"]
    assert {"src": "eve.png", "class": "avatar avatar--40"}.items() <= \
        next(a for a in avatars(out / "people/index.html") if "eve" in (a["src"] or "")).items()


def test_the_build_refuses_a_page_dressed_as_a_photo(tmp_path: Path) -> None:
    repo = copy_project(tmp_path / "intranet")
    (repo / "content" / "people").mkdir()
    (repo / "content" / "people" / "eve.png").write_bytes(b"<html><script>alert(1)</script>")
    shutil.copy(repo / "content" / "index.md", repo / "content" / "people" / "index.md")
    done = build(repo, "--strict")
    assert done.returncode == 1
    assert errors(done.stderr)[:2] == [
        "intranet: content/people/eve.png:1:1: error photo-type the file is named .png but is "
        "no PNG image (its first bytes are not one's); export the photo as PNG",
        "intranet: content/people/index.md:1:1: " + RESERVED.format(src="people/index.md")]
