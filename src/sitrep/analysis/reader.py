"""Read-only bulk row access for the analysis and export layer: one SQL text in, a list of row tuples out.

Two implementations of the same `rows(sql, params)` call:

* `EngineReader` wraps an open `sitrep.store.Store` (SQLite or PostgreSQL) and runs the SQL on a raw DBAPI
  connection of its engine, so rows come back as plain tuples with no per-row SQLAlchemy objects.
* `SQLiteReader` opens an SQLite file read-only with the standard `sqlite3` module. `sitrep stats` and
  `sitrep export` use it (via `open_sqlite_reader`) when the database is an SQLite file whose schema is
  already at the newest migration: it skips importing the store, SQLAlchemy and Alembic and checking the
  migrations, about a second of a command's start-up. Any other database goes through `open_store`.

SQL is written with `?` placeholders; `EngineReader` turns them into `%s` for drivers that want those."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from sitrep.store.urls import BUSY_TIMEOUT_MS, sqlite_file

MIGRATIONS = Path(__file__).resolve().parents[1] / "store" / "migrations" / "versions"

_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.M)
_NAME = re.compile(r"['\"]([^'\"]+)['\"]")


class RowSource(Protocol):
    """Something that runs one SELECT and returns all its rows as tuples."""

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


class SQLiteReader:
    """An SQLite file opened read-only (mode=ro): the analysis never writes, and never creates a file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).resolve()  # kept so that a forked worker can open its own connection
        uri = f"file:{quote(str(self.path))}?mode=ro"
        self.conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    def close(self) -> None:
        self.conn.close()


class EngineReader:
    """The rows of an open store's engine (any dialect), read on a raw DBAPI connection."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.qmark = engine.dialect.paramstyle == "qmark"

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if not self.qmark:
            sql = sql.replace("?", "%s")  # our SQL has no literal question marks
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(sql, tuple(params))
            out = cur.fetchall()
            cur.close()
        finally:
            raw.close()  # back to the pool, which ends any implicit read transaction
        return [tuple(r) for r in out]


def reader_of(source: Any) -> RowSource:
    """A RowSource for a reader (returned as is) or an open store (anything with an `engine`)."""
    if hasattr(source, "rows"):
        return source
    return EngineReader(source.engine)


def head_revision(folder: Path = MIGRATIONS) -> str | None:
    """The newest migration revision, read from the migration files; None unless there is exactly one head."""
    revisions: set[str] = set()
    downs: set[str] = set()
    try:
        files = sorted(folder.glob("*.py"))
        for f in files:
            text = f.read_text(encoding="utf-8")
            rev = _REVISION.search(text)
            if rev is None:
                continue
            revisions.add(rev.group(1))
            down = _DOWN.search(text)
            if down:
                downs.update(_NAME.findall(down.group(1)))
    except OSError:
        return None
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


def open_sqlite_reader(db: str | None) -> SQLiteReader | None:
    """A read-only SQLiteReader when `db` is an existing SQLite file already at the newest schema revision;
    None otherwise (missing file, other database, older schema): the caller then opens the store, which
    reports a missing file or migrates an old schema exactly as before."""
    path = sqlite_file(db)
    if path is None or not path.is_file():
        return None
    head = head_revision()
    if head is None:
        return None
    try:
        reader = SQLiteReader(path)
    except sqlite3.Error:
        return None
    try:
        found = reader.rows("SELECT version_num FROM alembic_version")
    except sqlite3.Error:
        found = []
    if [r[0] for r in found] != [head]:
        reader.close()
        return None
    return reader
