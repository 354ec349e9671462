"""The PostgreSQL test database: a fresh database per session, dropped at the end. The server comes from
$SITREP_TEST_PG (set by .ci/run), else 127.0.0.1:5432 as user postgres; if it cannot be reached the PostgreSQL
variants of the store tests skip with the reason. The root conftest prints which databases a run used."""

from __future__ import annotations

import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sitrep.store.engine import resolve_url

PG_ADMIN_URL = os.environ.get("SITREP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
_PG: dict[str, str | None] = {"url": None, "error": None, "admin": None}


def _pg_setup() -> None:
    if _PG["url"] or _PG["error"]:
        return
    try:
        admin = resolve_url(PG_ADMIN_URL)
        eng = create_engine(admin, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        name = f"sitrep_test_{uuid.uuid4().hex[:10]}"
        with eng.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        eng.dispose()
        _PG["admin"] = admin
        _PG["url"] = make_url(admin).set(database=name).render_as_string(hide_password=False)
    except Exception as exc:  # noqa: BLE001 - any failure means: skip the PostgreSQL variants
        _PG["error"] = f"PostgreSQL unreachable at {make_url(resolve_url(PG_ADMIN_URL)).render_as_string()}: " + (
            str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        )


def header_lines() -> list[str]:
    _pg_setup()
    lines = ["sitrep store backends: sqlite (a temporary file per test)"]
    if _PG["url"]:
        lines.append(f"sitrep store backends: postgresql {make_url(_PG['url']).render_as_string()} "
                     f"(created for this session, dropped at the end; server from SITREP_TEST_PG or default)")  # fmt: skip
    else:
        lines.append(f"sitrep store backends: postgresql SKIPPED - {_PG['error']}")
    return lines


def drop_database() -> None:
    if not _PG["url"]:
        return
    try:
        eng = create_engine(_PG["admin"], isolation_level="AUTOCOMMIT")
        with eng.connect() as conn:
            name = make_url(_PG["url"]).database
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        eng.dispose()
    except Exception:  # noqa: BLE001, S110
        pass


TABLES = "incident_history, incident_reports, incidents, context_facts, reports, actors, documents, ingest_problems"


