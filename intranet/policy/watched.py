"""Watched words and patterns from policy.yml, each with its action (block or warn)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from intranet.config.policy import Policy, Watch


class WatchHit(NamedTuple):
    offset: int
    watch: Watch


def scan_watched(text: str, policy: Policy) -> Iterator[WatchHit]:
    if not policy.watch_any.search(text):  # the common case: one pass over the text
        return
    for watch in policy.watched:
        for match in watch.regex.finditer(text):
            if watch.luhn and not luhn(match.group(0)):
                continue
            yield WatchHit(match.start(), watch)


def luhn(candidate: str) -> bool:
    """The payment-card checksum: most 16-digit numbers in prose (order numbers, phone
    numbers) fail it, so blocking only Luhn-valid ones keeps false alarms rare."""
    digits = [int(c) for c in candidate if c.isdigit()]
    doubled = (d * 2 - 9 if d > 4 else d * 2 for d in reversed(digits[-2::-2]))
    return (sum(digits[-1::-2]) + sum(doubled)) % 10 == 0
