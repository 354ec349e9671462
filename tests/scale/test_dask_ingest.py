"""The Dask engine: same incidents as the local path, resumable without duplicates, corrupt shards and a
database that goes away for a few seconds reported and survived, `sitrep extract --engine dask`."""

from __future__ import annotations

import gzip
import json
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.engine import make_url

from sitrep.extract.pipeline import EXTRACTOR_VERSION, extract_document
from sitrep.scale.compare import diff, incident_sets
from sitrep.scale.driver import run_ingest
from sitrep.sources.files import iter_documents
from sitrep.store import bulk, open_store, writer
from sitrep.store.engine import resolve_url
from sitrep.store.ingest import ingest_documents

pytestmark = pytest.mark.postgres


def _shards(root: Path) -> list[str]:
    return sorted(str(p) for p in (root / "shards").iterdir())


def _invariants(url: str) -> dict[str, int]:
    """No document twice, every active report linked exactly once, nothing left unlinked."""
    with open_store(url) as store, store.engine.connect() as conn:
        D, R, L = writer.D, writer.R, writer.L  # noqa: N806
        dup_docs = conn.execute(select(func.count()).select_from(
            select(D.c.doc_key).group_by(D.c.doc_key).having(func.count() > 1).subquery())).scalar_one()  # fmt: skip
        dup_links = conn.execute(select(func.count()).select_from(
            select(L.c.report_id).where(L.c.unlinked_at.is_(None)).group_by(L.c.report_id)
            .having(func.count() > 1).subquery())).scalar_one()  # fmt: skip
        unlinked = conn.execute(select(func.count()).select_from(
            R.outerjoin(L, (L.c.report_id == R.c.id) & L.c.unlinked_at.is_(None))).where(
            R.c.active, L.c.id.is_(None))).scalar_one()  # fmt: skip
        assert (dup_docs, dup_links, unlinked) == (0, 0, 0)
        return store.counts()


def test_same_incidents_as_local_path(dask_client, synth_1000: Path, pg_url: str, pg_url2: str) -> None:  # noqa: ANN001
    # small windows (3 days) so that many attacks straddle a window edge and need stitching
    s = run_ingest([str(synth_1000 / "shards")], pg_url, client=dask_client, window_days=3)
    assert s.shards_done == 8 and not s.shard_errors and s.new == 1000 and s.windows > 5
    with open_store(pg_url2) as store:
        local = ingest_documents(store, iter_documents(_shards(synth_1000)), extract_document, EXTRACTOR_VERSION)
    assert local.new == 1000 and local.reports == s.reports
    d = diff(incident_sets(pg_url), incident_sets(pg_url2))
    assert d["same"], d
    assert d["incidents_a"] == s.incidents_new
    counts = _invariants(pg_url)
    assert counts["documents"] == 1000 and counts["incidents"] == d["incidents_a"]
    assert set(s.peak_rss_mb) == set(dask_client.scheduler_info()["workers"])


def test_resume_skips_done_redoes_interrupted_no_duplicates(dask_client, synth_1000: Path, pg_url: str) -> None:  # noqa: ANN001
    shards = _shards(synth_1000)
    first = run_ingest(shards[:5], pg_url, client=dask_client)
    assert first.shards_done == 5
    with open_store(pg_url) as store, store.engine.begin() as conn:
        # shard 4 "interrupted": its transaction never committed (simulated by removing its documents, which
        # a rolled-back transaction would not have stored) and its status stuck at running
        conn.execute(update(bulk.S).where(bulk.S.c.shard == shards[4]).values(status="running"))
    s = run_ingest(shards, pg_url, client=dask_client)
    assert s.shards_skipped == 4 and s.shards_done == 4  # 3 new shards + the interrupted one
    assert s.new == 375 and s.unchanged == 125  # the redone shard's documents were already there
    again = run_ingest(shards, pg_url, client=dask_client)
    assert again.shards_skipped == 8 and again.shards_done == 0 and again.documents == 0
    counts = _invariants(pg_url)
    assert counts["documents"] == 1000
    with open_store(pg_url) as store, store.engine.connect() as conn:
        rows = conn.execute(select(bulk.S.c.status, bulk.S.c.documents)).all()
    assert {r.status for r in rows} == {"done"} and len(rows) == 8


def test_corrupt_shards_reported_rest_stored_cli(dask_client, synth_1000: Path, tmp_path: Path, pg_url: str) -> None:  # noqa: ANN001
    from sitrep.cli import main as cli

    src = _shards(synth_1000)
    good = Path(src[0]).read_bytes()
    (tmp_path / "s1.jsonl").write_bytes(good)
    (tmp_path / "s2.jsonl.gz").write_bytes(gzip.compress(Path(src[1]).read_bytes())[:-200])  # truncated
    (tmp_path / "s3.parquet").write_bytes(b"PAR1garbage")
    (tmp_path / "s4.jsonl").write_text('{"id": "x1", "text": ""}\nnot json\n')
    sched = dask_client.scheduler.address
    res = CliRunner().invoke(cli, ["ingest", "--engine", "dask", "--scheduler", sched, "--db", pg_url, "--json",
                                   str(tmp_path)])  # fmt: skip
    assert res.exit_code == 1, res.output
    out = json.loads(res.output.strip().splitlines()[-1])
    assert out["shards"] == {"total": 4, "done": 4, "skipped_done_before": 0, "failed": 0}
    reasons = " | ".join(x["reason"] for x in out["skipped"])
    assert "shard is corrupt" in reasons and "not valid JSON" in reasons and "empty" in reasons
    assert set(out["shard_problems"]) >= {str(tmp_path / "s2.jsonl.gz"), str(tmp_path / "s3.parquet"),
                                          str(tmp_path / "s4.jsonl")}  # fmt: skip
    assert 125 < out["documents"]["new"] < 250  # all of s1, the readable part of s2
    with open_store(pg_url) as store:
        assert len(store.problems()) == len(out["skipped"])
    _invariants(pg_url)


def test_database_away_for_seconds_is_retried(synth_1000: Path, pg_url: str) -> None:
    from sitrep.scale import work
    from sitrep.scale.shards import discover

    shards, _ = discover([_shards(synth_1000)[0]])
    with open_store(pg_url) as store, store.engine.begin() as conn:
        bulk.register_shards(conn, shards, EXTRACTOR_VERSION)
    name = make_url(pg_url).database
    admin = create_engine(make_url(resolve_url(pg_url)).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"), {"d": name})

    def back() -> None:
        time.sleep(2.5)
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))

    t = threading.Thread(target=back)
    t.start()
    res = work.process_shard(shards[0], resolve_url(pg_url))
    t.join()
    admin.dispose()
    assert res["status"] == "done" and res["counts"]["new"] == 125, res
    assert res["retries"] and "retry 1" in res["retries"][0]


def test_extract_engine_dask_matches_local(dask_client, synth_1000: Path) -> None:  # noqa: ANN001
    from sitrep.cli import main as cli

    shards = _shards(synth_1000)[:3]
    sched = dask_client.scheduler.address
    dask_out = CliRunner().invoke(cli, ["extract", "--engine", "dask", "--scheduler", sched, *shards])
    local_out = CliRunner().invoke(cli, ["extract", *shards])
    assert dask_out.exit_code == local_out.exit_code == 0
    assert dask_out.output == local_out.output and dask_out.output.count("\n") == 375
