"""Database URL rules, free of SQLAlchemy so that read-only fast paths (analysis/reader.py) share them
without loading the store.

The `url` argument, else $SITREP_DB, else ``sqlite:///sitrep.sqlite`` (a file in the working directory). A bare
path means an SQLite file; ``postgresql://`` / ``postgres://`` use psycopg 3.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_URL = "sqlite:///sitrep.sqlite"
BUSY_TIMEOUT_MS = 30_000


def resolve_url(url: str | None = None) -> str:
    raw = url or os.environ.get("SITREP_DB") or DEFAULT_URL
    if "://" not in raw:
        raw = f"sqlite:///{raw}"
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://") :]
    if raw.startswith("postgresql://"):
        raw = "postgresql+psycopg://" + raw[len("postgresql://") :]
    return raw


def sqlite_file(url: str | None = None) -> Path | None:
    """The file of an SQLite database URL; None for other databases, in-memory ones and URLs with options."""
    resolved = resolve_url(url)
    if resolved.startswith("sqlite:///") and resolved != "sqlite:///:memory:" and "?" not in resolved:
        return Path(resolved[len("sqlite:///") :])
    return None
