"""On-disk cache of external verdicts, so a scheduled job does not hammer the same hosts.

Only settled answers are kept (a 2xx, a redirect, a 4xx); timeouts, refused connections, 5xx
and 429 are asked again next time. One JSON file, written atomically.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

CACHE_FILE = "external.json"
_FORMAT = 1


class ResultCache:
    def __init__(self, directory: str | Path | None, ttl_hours: float, now: float | None = None):
        self.path = Path(directory) / CACHE_FILE if directory else None
        self.ttl = ttl_hours * 3600
        self.now = time.time() if now is None else now
        self.entries: dict[str, dict[str, Any]] = {}
        self.hits = 0
        if self.path and self.ttl > 0:
            self._load()

    def _load(self) -> None:
        assert self.path is not None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # a missing or damaged cache only costs a re-check
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            return
        entries = data.get("entries") or {}
        self.entries = {
            url: entry
            for url, entry in entries.items()
            if isinstance(entry, dict) and self.now - float(entry.get("checked_at", 0)) < self.ttl
        }

    def get(self, url: str) -> dict[str, Any] | None:
        entry = self.entries.get(url)
        if entry is not None:
            self.hits += 1
        return entry

    def put(self, url: str, entry: dict[str, Any]) -> None:
        self.entries[url] = {**entry, "checked_at": self.now}

    def save(self) -> None:
        if self.path is None or self.ttl <= 0:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"format": _FORMAT, "entries": self.entries}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".external-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
        os.replace(tmp, self.path)
