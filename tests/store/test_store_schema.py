"""The migrations create exactly the tables the models describe, on both backends; opening is idempotent."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sitrep.store import open_store
from sitrep.store.engine import current_revision, head_revision, resolve_url
from sitrep.store.schema import Base


def test_migrations_match_models(db_url: str) -> None:
    store = open_store(db_url)
    try:
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        store.close()
    open_store(db_url).close()  # second open: no-op migration


def test_url_resolution(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("SITREP_DB", raising=False)
    assert resolve_url(None) == "sqlite:///sitrep.sqlite"
    assert resolve_url("x.db") == "sqlite:///x.db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("SITREP_DB", "postgresql://u@h/db2")
    assert resolve_url(None) == "postgresql+psycopg://u@h/db2"
