"""Store tests run against SQLite and a real PostgreSQL server (see tests/store/pg.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.store.pg import _PG, TABLES, _pg_setup, drop_database


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    drop_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:  # noqa: ANN001
    """A URL to an empty, migrated-or-not database of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sitrep.sqlite'}"
    _pg_setup()
    if not _PG["url"]:
        pytest.skip(_PG["error"])
    url = _PG["url"]
    from sitrep.store import open_store

    with open_store(url) as store, store.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
    return url


@pytest.fixture
def store(db_url: str):  # noqa: ANN201
    from sitrep.store import open_store

    s = open_store(db_url)
    yield s
    s.close()
