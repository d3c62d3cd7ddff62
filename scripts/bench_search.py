"""What a reader downloads to open the home page and run one search, and how long the first
result takes, in headless Chromium over a built site (scripts/bench section `site`).

Bytes are counted as a server that compresses would send them: each file fetched, gzipped
(level 6, the usual default) unless it is gzip already, as Pagefind's index, filters,
excerpts and WebAssembly are. Two searches, each in a fresh tab: a word of every post of
the synthetic company (its vocabulary is small), so the search reads the largest index
chunk there is and ranks every post: the worst case, whose bytes are reported; and a
person's name, as people look for colleagues, a search that matches a few pages."""

from __future__ import annotations

import gzip
import time
from pathlib import Path
from typing import NamedTuple

from localserve import serve
from playwright.sync_api import Browser, sync_playwright

WORST = "customer"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
GZIP = b"\x1f\x8b"
SETTLE_MS = 1_500


class SearchCost(NamedTuple):
    query: str
    home_kib: float  # the home page and everything it loads
    search_kib: float  # what the first search fetched on top
    first_result_s: float  # from the query typed to the first result shown
    results: str  # the dialog's summary line, to show it found something


def _sent(site: Path, base: str, urls: list[str]) -> int:
    """Bytes on the wire for these same-site URLs, compressed as a server would."""
    total = 0
    for url in dict.fromkeys(urls):
        path = url.removeprefix(base).split("?")[0].split("#")[0]
        file = site / (path + "index.html" if path.endswith("/") or not path else path)
        if file.is_file():
            raw = file.read_bytes()
            total += len(raw) if raw.startswith(GZIP) else len(gzip.compress(raw, 6))
    return total


def first_search(site: Path, name: str) -> tuple[SearchCost, SearchCost]:
    """The worst case (WORST, a word of every post) and a search for a person's name."""
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            return _search(site, base, browser, WORST), _search(site, base, browser, name)
        finally:
            browser.close()


def _search(site: Path, base: str, browser: Browser, query: str) -> SearchCost:
    context = browser.new_context()  # nothing cached from the other search
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(base, wait_until="networkidle")
        home = _sent(site, base, requests)
        box = page.locator("input.md-search__input")
        box.click()
        start = time.perf_counter()
        box.fill(query)
        page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
        first = time.perf_counter() - start
        page.wait_for_timeout(SETTLE_MS)  # the rest of the first page of results
        results = page.locator(".md-search-result__meta").inner_text()
        everything = _sent(site, base, requests)
    finally:
        context.close()
    return SearchCost(query, home / 1024, (everything - home) / 1024, first, results.strip())
