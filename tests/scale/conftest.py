"""Scale-out tests: a scratch PostgreSQL database per test (from $SITREP_TEST_PG or 127.0.0.1:5432, dropped
afterwards; skipped when unreachable), one LocalCluster of 2 workers bound to loopback for the module
(skipped when dask[distributed] is not installed), and small synthetic corpora."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sitrep.store.engine import resolve_url

PG_ADMIN_URL = os.environ.get("SITREP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _admin():  # noqa: ANN202
    try:
        eng = create_engine(resolve_url(PG_ADMIN_URL), isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with eng.connect():
            pass
        return eng
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"PostgreSQL unreachable at {make_url(resolve_url(PG_ADMIN_URL)).render_as_string()}: "
                    f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")  # fmt: skip


def new_db() -> tuple[str, object, str]:
    eng = _admin()
    name = f"sitrep_scale_test_{uuid.uuid4().hex[:10]}"
    with eng.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(resolve_url(PG_ADMIN_URL)).set(database=name).render_as_string(hide_password=False), eng, name


def drop_db(eng, name: str) -> None:  # noqa: ANN001
    from sitrep.scale import work

    for url in list(work._ENGINES):
        if name in url:
            work._ENGINES.pop(url).dispose()
    with eng.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    eng.dispose()


@pytest.fixture
def pg_url():  # noqa: ANN201
    url, eng, name = new_db()
    yield url
    drop_db(eng, name)


@pytest.fixture
def pg_url2():  # noqa: ANN201
    url, eng, name = new_db()
    yield url
    drop_db(eng, name)


@pytest.fixture(scope="session")
def dask_client():  # noqa: ANN201
    pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install 'sitrep[scale]')")
    from sitrep.scale.driver import make_client

    client, cluster = make_client(n_workers=2)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="session")
def synth_1000(tmp_path_factory) -> Path:  # noqa: ANN001
    from sitrep.scale.synth import write_corpus

    root = tmp_path_factory.mktemp("synth1000")
    write_corpus(1000, root, shard_size=125, seed=7)
    return root
