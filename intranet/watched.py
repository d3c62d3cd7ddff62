"""Watched words and patterns from policy.yml, each with its action (block or warn)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from intranet.policy import Watch


class WatchHit(NamedTuple):
    offset: int
    watch: Watch


def scan_watched(text: str, watched: tuple[Watch, ...]) -> Iterator[WatchHit]:
    for watch in watched:
        for match in watch.regex.finditer(text):
            if watch.luhn and not luhn(match.group(0)):
                continue
            yield WatchHit(match.start(), watch)


def luhn(candidate: str) -> bool:
    """The payment-card checksum: most 16-digit numbers in prose (order numbers, phone
    numbers) fail it, so blocking only Luhn-valid ones keeps false alarms rare."""
    digits = [int(c) for c in candidate if c.isdigit()]
    total = 0
    for i, digit in enumerate(reversed(digits)):
        if i % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0
