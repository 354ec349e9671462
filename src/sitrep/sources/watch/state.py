"""What the watcher remembers between rounds and restarts: a small JSON file, replaced atomically.

    {"version": 1,
     "feeds": {URL: {"etag": ..., "last_modified": ..., "seen": [item ids, oldest first], "failures": 0,
                     "next_try": UNIX TIME, "next_poll": UNIX TIME, "last_error": ..., "item_failures": {ID: N}}},
     "folders": {FOLDER: {"files": {RELATIVE PATH: {"mtime_ns": ..., "size": ..., "sha256": ...}}}}}

Losing it costs only time: the store's own content-hash check keeps anything from being ingested twice."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

log = logging.getLogger("sitrep.watch")
STATE_VERSION = 1


@dataclass
class FeedState:
    etag: str | None = None
    last_modified: str | None = None
    seen: list[str] = field(default_factory=list)
    failures: int = 0
    next_try: float = 0.0  # not before this time (backoff after failures)
    next_poll: float = 0.0  # not before this time (a feed's own interval)
    last_error: str | None = None
    item_failures: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._seen_set = set(self.seen)

    def is_seen(self, key: str) -> bool:
        return key in self._seen_set

    def mark_seen(self, key: str, limit: int) -> None:
        if key in self._seen_set:
            return
        self.seen.append(key)
        self._seen_set.add(key)
        self.item_failures.pop(key, None)
        if len(self.seen) > limit:
            for old in self.seen[: len(self.seen) - limit]:
                self._seen_set.discard(old)
            del self.seen[: len(self.seen) - limit]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class FileState:
    mtime_ns: int
    size: int
    sha256: str


@dataclass
class WatchState:
    path: Path
    feeds: dict[str, FeedState] = field(default_factory=dict)
    folders: dict[str, dict[str, FileState]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> WatchState:
        state = cls(path)
        if not path.exists():
            return state
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or raw.get("version") != STATE_VERSION:
                raise ValueError(f"unknown state version {raw.get('version') if isinstance(raw, dict) else raw!r}")
            fields = set(FeedState.__dataclass_fields__)
            for url, fs in (raw.get("feeds") or {}).items():
                state.feeds[url] = FeedState(**{k: v for k, v in fs.items() if k in fields})
            for folder, fd in (raw.get("folders") or {}).items():
                state.folders[folder] = {rel: FileState(**rec) for rel, rec in (fd.get("files") or {}).items()}
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            aside = path.with_name(path.name + ".corrupt")
            log.warning("state file %s could not be read (%s: %s); moved aside to %s and starting afresh "
                        "(the store still skips documents it already has)", path, type(exc).__name__, exc, aside.name)  # fmt: skip
            with contextlib.suppress(OSError):
                os.replace(path, aside)
            return cls(path)
        return state

    def feed(self, url: str) -> FeedState:
        return self.feeds.setdefault(url, FeedState())

    def folder(self, folder: str) -> dict[str, FileState]:
        return self.folders.setdefault(folder, {})

    def to_dict(self) -> dict:
        return {
            "version": STATE_VERSION,
            "feeds": {u: fs.to_dict() for u, fs in self.feeds.items()},
            "folders": {f: {"files": {r: asdict(s) for r, s in files.items()}} for f, files in self.folders.items()},
        }

    def save(self) -> None:
        """Write to a temporary file in the same folder and rename it into place (never half-written)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.to_dict(), fh, ensure_ascii=False, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
