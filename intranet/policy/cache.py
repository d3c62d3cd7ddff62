"""Remembered check results, so re-checking thousands of unchanged posts costs a read and
a hash each. A result is reused only for the same bytes at the same path, checked by the
same engine code with the same policy.yml and org.yml: any change to those is a miss.

Stored as JSON (never pickle: the cache must not be a way to run code)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from intranet.errors import Finding

PACKAGES = ("detect-secrets", "google-re2", "nh3", "PyYAML")


ENGINE = Path(__file__).resolve().parents[1]  # the whole intranet package


def fingerprint(*configs: bytes) -> str:
    """What decides every result besides the file itself: the engine's own source, the
    versions of the scanners it uses, and the configuration files."""
    digest = hashlib.blake2b(digest_size=16)
    for source in sorted(ENGINE.rglob("*.py")):
        digest.update(source.read_bytes())
    for package in PACKAGES:
        digest.update(f"{package}={_version(package)}".encode())
    for config in configs:
        digest.update(hashlib.blake2b(config).digest())
    return digest.hexdigest()


def _version(package: str) -> str:
    # Imported here: importlib.metadata costs more to load than a --no-cache run needs.
    from importlib import metadata  # noqa: PLC0415

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


class FindingsCache:
    """Findings per file, in one JSON file named by the fingerprint."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.path = folder / f"check-{salt}.json"
        self.folder = folder
        self.entries: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        with contextlib.suppress(OSError, ValueError):  # none yet, or damaged: start afresh
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries = loaded if isinstance(loaded, dict) else {}

    @staticmethod
    def key(src: str, data: bytes, symlink: bool) -> str:
        digest = hashlib.blake2b(data, digest_size=16, person=b"intranet-check")
        digest.update(f"\0{src}\0{symlink}".encode())
        return digest.hexdigest()

    def get(self, key: str) -> list[Finding] | None:
        found = self.entries.get(key)
        try:
            findings = [Finding(str(p), int(ln), int(c), str(r), str(s), str(m))
                        for p, ln, c, r, s, m in found or ()]
        except (TypeError, ValueError):
            return None  # a damaged entry: check the file again
        if found is None:
            return None
        self.used[key] = found
        return findings

    def put(self, key: str, findings: list[Finding]) -> None:
        self.used[key] = [list(f) for f in findings]

    def save(self, complete: bool) -> None:
        """Write atomically, and never fail a check over it. After a check of the whole
        tree, keep only what it used: results of deleted files go."""
        if not complete:
            self.used = {**self.entries, **self.used}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Ignored by git wherever it lives, as pytest and ruff do with their caches.
            (self.folder / ".gitignore").write_text("# written by intranet check\n*\n",
                                                    encoding="utf-8")
            for old in self.folder.glob("check-*.json"):
                if old != self.path:
                    old.unlink()
            with tempfile.NamedTemporaryFile("w", dir=self.folder, delete=False,
                                             encoding="utf-8", suffix=".tmp") as out:
                json.dump(self.used, out, separators=(",", ":"))
            os.replace(out.name, self.path)
        except OSError:
            pass
