"""scripts/screenshots, the README's pictures: it builds the demo, and real Chromium writes
a PNG of each main page type at desktop and phone width."""

from __future__ import annotations

import re
import struct
from pathlib import Path

from conftest import ROOT, run

PAGES = ("home", "department", "post", "people", "profile")
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
PNG = b"\x89PNG\r\n\x1a\n"


def test_screenshots_writes_a_png_of_each_page_type_at_each_width(tmp_path: Path) -> None:
    done = run(ROOT, str(ROOT / "scripts" / "screenshots"), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    expected = [f"{page}-{label}.png" for label in WIDTHS for page in PAGES]
    assert done.stdout.splitlines() == [str(tmp_path / name) for name in expected]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(expected)
    for label, size in WIDTHS.items():
        for page in PAGES:
            data = (tmp_path / f"{page}-{label}.png").read_bytes()
            assert data[:8] == PNG, f"{page}-{label}.png is no PNG"
            assert data[12:16] == b"IHDR"
            assert struct.unpack(">II", data[16:24]) == size, f"{page}-{label}.png"


def test_the_readme_shows_pictures_the_script_writes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r'src="\.github/screenshots/([^"]+)"', readme)
    assert shown == ["home-desktop.png", "home-phone.png", "post-desktop.png", "post-phone.png"]
    for name in shown:
        assert (ROOT / ".github" / "screenshots" / name).read_bytes()[:8] == PNG, name
