"""Reading the site's search index (Pagefind's files) in tests: what a reader's browser
would fetch, decoded, so a test can say what the index holds and what it does not."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

GZIP = b"\x1f\x8b"
SIGNATURE = b"pagefind_dcd"  # what Pagefind writes before each decompressed file


def decoded(data: bytes) -> bytes:
    """A file as Pagefind's script reads it: its index, filters and excerpts are gzip."""
    if data.startswith(GZIP):
        data = gzip.decompress(data)
    return data.removeprefix(SIGNATURE)


def fragments(site: Path) -> list[dict[str, Any]]:
    """Every page the index holds: its address, title and other meta, filters, text and
    headings (anchors), as a search result is made from them."""
    found = [json.loads(decoded(path.read_bytes()))
             for path in sorted(site.glob("pagefind*/fragment/*"))]  # every bundle
    return sorted(found, key=lambda f: str(f["url"]))


def by_url(site: Path) -> dict[str, dict[str, Any]]:
    return {str(f["url"]): f for f in fragments(site)}
