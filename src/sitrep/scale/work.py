"""What runs on a Dask worker: extract and store one shard, link one time window, resolve a chunk of
incidents. Plain module-level functions (shipped by reference, so workers need `sitrep` installed); each
opens its own database connection (one engine per worker process) and retries with backoff when the
database goes away, so a restart of PostgreSQL for a few seconds costs a retry, not the run.
"""

from __future__ import annotations

import os
import resource
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import count
from typing import Any, TypeVar

from sqlalchemy import Engine, and_, func, select, update
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from sitrep.link import Linker
from sitrep.link.records import MAX_RANGE_DAYS
from sitrep.link.scoring import WINDOW_DAYS
from sitrep.models import Document, ExtractionResult
from sitrep.scale.shards import Shard, read_shard
from sitrep.sources.problems import ReadProblem
from sitrep.store import bulk, writer
from sitrep.store.engine import make_engine

T = TypeVar("T")
R, L, D, S = writer.R, writer.L, writer.D, bulk.S
RETRY_DELAYS = (0.5, 1, 2, 4, 8, 15)  # about 30 s in all: a database restart, a failover, a network blip
MAX_PROBLEMS_RETURNED = 10_000  # per shard, in the run summary (all of them go to ingest_problems)
_ENGINES: dict[str, Engine] = {}


def engine_for(url: str) -> Engine:
    eng = _ENGINES.get(url)
    if eng is None:
        eng = _ENGINES[url] = make_engine(url)
    return eng


def transient(exc: BaseException) -> bool:
    """A database error worth retrying: connection lost/refused, deadlock, serialization, locked SQLite."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def with_retry(fn: Callable[[], T], delays: tuple[float, ...] = RETRY_DELAYS, on_retry: Callable | None = None) -> T:
    for i in range(len(delays) + 1):
        try:
            return fn()
        except Exception as exc:
            if i == len(delays) or not transient(exc):
                raise
            if on_retry:
                on_retry(exc, i + 1)
            time.sleep(delays[i])
    raise AssertionError("unreachable")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except Exception:  # noqa: BLE001 - not on a Dask worker (tests, local calls)
        return f"pid:{os.getpid()}"


def _err(exc: BaseException) -> str:
    s = str(exc).strip()
    return f"{type(exc).__name__}: {s.splitlines()[0][:300] if s else ''}"


def _extractor() -> tuple[Callable[[Document], ExtractionResult], str]:
    from sitrep.extract.pipeline import EXTRACTOR_VERSION, extract_document

    return extract_document, EXTRACTOR_VERSION


# -- shards ---------------------------------------------------------------------------------------------


def _batches(shard: Shard, batch_size: int) -> Iterator[tuple[list[Document], list[tuple[str, str]]]]:
    """Batches of storable documents with distinct doc_keys, and the problems met on the way."""
    from sitrep.store.ingest import check_document

    docs: list[Document] = []
    keys: set[str] = set()
    problems: list[tuple[str, str]] = []
    for item in read_shard(shard):
        if isinstance(item, ReadProblem):
            problems.append((item.source, item.reason))
            continue
        why = check_document(item)
        if why:
            problems.append((f"{shard.path}:{item.id or '?'}", why))
            continue
        key = writer.doc_key(item)
        if key in keys:  # a second version of the same document: the first must be stored first
            yield docs, problems
            docs, keys, problems = [], set(), []
        docs.append(item)
        keys.add(key)
        if len(docs) >= batch_size:
            yield docs, problems
            docs, keys, problems = [], set(), []
    if docs or problems:
        yield docs, problems


def process_shard(shard: Shard, url: str, batch_size: int = 500, extractor_version: str | None = None,
                  extract: Callable[[Document], ExtractionResult] | None = None) -> dict[str, Any]:  # fmt: skip
    """Extract and store one shard in one transaction, and mark it done in the same transaction."""
    if extract is None:
        extract, version = _extractor()
        extractor_version = extractor_version or version
    assert extractor_version is not None
    engine = engine_for(url)
    t0 = time.perf_counter()
    retries: list[str] = []

    def note_retry(exc: BaseException, n: int) -> None:
        retries.append(f"retry {n} after {_err(exc)}")

    def mark_running() -> None:
        with engine.begin() as conn:
            conn.execute(update(S).where(S.c.shard == shard.path).values(
                status="running", attempts=S.c.attempts + 1, worker=worker_name(), started_at=datetime.now(UTC),
                error=None))  # fmt: skip

    def attempt() -> dict[str, Any]:
        counts: dict[str, int] = defaultdict(int)
        touched: set[int] = set()
        problems: list[tuple[str, str]] = []
        at = writer.now()
        with engine.begin() as conn:
            row = conn.execute(select(S).where(S.c.shard == shard.path).with_for_update()).first()
            if row is not None and row.status == "done" and row.fingerprint == shard.fingerprint \
                    and row.extractor_version == extractor_version:  # fmt: skip
                return {"status": "already-done"}  # a duplicate run of this task (e.g. after a worker was lost)
            for docs, probs in _batches(shard, batch_size):
                problems += probs
                if not docs:
                    continue
                statuses = bulk.batch_status(conn, docs, extractor_version)
                items = []
                for doc, st in zip(docs, statuses, strict=True):
                    if st == "unchanged":
                        counts["unchanged"] += 1
                        continue
                    try:
                        items.append((doc, extract(doc)))
                    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the shard
                        problems.append((f"{shard.path}:{doc.id}", f"extraction failed ({_err(exc)})"))
                c, t = bulk.store_batch(conn, engine, items, extractor_version, at)
                for k, v in c.items():
                    counts[k] += v
                touched |= t
            bulk.record_problems(conn, problems, at)
            docs_n = sum(counts[k] for k in ("new", "unchanged", "revised", "reextracted"))
            conn.execute(update(S).where(S.c.shard == shard.path).values(
                status="done", documents=docs_n, reports=counts["reports"], skipped=len(problems),
                error="; ".join(p[1] for p in problems[:3]) or None, finished_at=datetime.now(UTC)))  # fmt: skip
        return {"status": "done", "counts": dict(counts), "touched": sorted(touched),
                "problems": problems[:MAX_PROBLEMS_RETURNED], "n_problems": len(problems)}  # fmt: skip

    try:
        with_retry(mark_running, on_retry=note_retry)
        out = with_retry(attempt, on_retry=note_retry)
    except Exception as exc:  # noqa: BLE001 - report the shard as failed; the next run redoes it
        out = {"status": "failed", "error": _err(exc)}
        try:
            with engine.begin() as conn:
                conn.execute(update(S).where(S.c.shard == shard.path).values(
                    status="failed", error=out["error"], finished_at=datetime.now(UTC)))  # fmt: skip
        except Exception:  # noqa: BLE001, S110 - the database is still away; the row stays 'running'
            pass
    out.update(shard=shard.path, retries=retries, seconds=time.perf_counter() - t0, worker=worker_name(),
               peak_rss_mb=peak_rss_mb())  # fmt: skip
    return out


def extract_shard(shard: Shard) -> dict[str, Any]:
    """`sitrep extract --engine dask`: one shard's results (as output JSON) and problems, in input order."""
    extract, _version = _extractor()
    t0 = time.perf_counter()
    results: list[dict] = []
    problems: list[tuple[str, str]] = []
    for item in read_shard(shard):
        if isinstance(item, ReadProblem):
            problems.append((item.source, item.reason))
            continue
        try:
            results.append(extract(item).to_output())
        except Exception as exc:  # noqa: BLE001
            problems.append((f"{shard.path}:{item.id}", f"extraction failed ({_err(exc)})"))
    return {"shard": shard.path, "results": results, "problems": problems, "seconds": time.perf_counter() - t0,
            "worker": worker_name(), "peak_rss_mb": peak_rss_mb()}  # fmt: skip


def extract_count(shard: Shard) -> dict[str, Any]:
    """Extraction only, nothing kept (the scaling benchmark): documents, events, seconds, peak memory."""
    extract, _version = _extractor()
    t0, c0 = time.perf_counter(), time.process_time()
    n = events = problems = 0
    for item in read_shard(shard):
        if isinstance(item, ReadProblem):
            problems += 1
            continue
        n += 1
        events += len(extract(item).events)
    return {"shard": shard.path, "documents": n, "events": events, "problems": problems,
            "seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - c0, "worker": worker_name(), "peak_rss_mb": peak_rss_mb()}  # fmt: skip


# -- linking windows ------------------------------------------------------------------------------------

HALO_DAYS = 7  # documents this many days before a window are re-linked in it, to stitch at the edge
DOC_SPREAD_DAYS = MAX_RANGE_DAYS  # reports of one document further apart than this are left to the final sweep


def _unlinked(q):  # noqa: ANN001, ANN202
    return q.outerjoin(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None))).where(
        R.c.active, L.c.id.is_(None))


def _ordered(row: Any) -> Any:
    lr = writer._link_report(row)
    lr.order = (row._pub or "9999", row._doc_id, row.id)
    return lr


def link_window(url: str, index: int, start: int, end: int, countries: list[str], halo: int = HALO_DAYS) -> dict:
    """Link the unlinked reports of documents whose first day is in [start, end) (the window's own) after
    those whose first day is in [start - halo, start) (the halo, owned by the previous window), against the
    incidents already stored nearby. Read-only: returns the decisions for the driver to stitch and write."""
    engine = engine_for(url)
    t0 = time.perf_counter()

    def run() -> dict:
        with engine.connect() as conn:
            lo, hi = start - halo, end + DOC_SPREAD_DAYS
            base = _unlinked(writer._report_select(D.c.published.label("_pub"), D.c.doc_id.label("_doc_id"))
                             .join(D, D.c.id == R.c.document_id)).where(
                R.c.country.in_(countries), R.c.day_lo >= lo, R.c.day_lo < hi)
            rows = conn.execute(base.order_by(R.c.id)).all()
            by_doc: dict[str, list] = defaultdict(list)
            for r in rows:  # order by publication, then document id: the same outcome whoever stored first
                by_doc[r.doc_key].append(_ordered(r))
            docs = []
            for key, reps in by_doc.items():
                first = min(r.day_lo for r in reps)
                if lo <= first < end:
                    docs.append((first, min(r.order for r in reps), key, reps))
            docs.sort(key=lambda d: d[:3])
            # incidents already stored that these reports could join: all their current members
            cand_q = (
                select(L.c.incident_id).distinct()
                .select_from(R.join(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None))))
                .where(R.c.active, R.c.country.in_(countries),
                       R.c.day_lo >= lo - WINDOW_DAYS - MAX_RANGE_DAYS, R.c.day_lo <= hi + WINDOW_DAYS)
            )  # fmt: skip
            cand = sorted(conn.execute(cand_q).scalars())
            members: dict[int, list] = defaultdict(list)
            for chunk in writer._chunks(cand, 2000):
                q = writer._report_select(L.c.incident_id).join(
                    L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None))).where(L.c.incident_id.in_(chunk))
                for m in conn.execute(q):
                    members[m.incident_id].append(writer._link_report(m))
        linker = Linker(id_factory=(f"w{index}:{n}" for n in count()).__next__)
        for iid in sorted(members):
            linker.add_cluster(iid, members[iid])
        owned: list[tuple] = []
        halo_map: dict[int, Any] = {}
        for first, _o, _key, reps in docs:
            decisions = linker.link_document(reps)
            if first < start:
                for d in decisions:
                    halo_map[d.report_id] = d.cluster_id
            else:
                owned += [(d.report_id, d.cluster_id, d.new, d.score, d.reason) for d in decisions]
        return {"index": index, "owned": owned, "halo": halo_map, "existing": len(members)}

    out = with_retry(run)
    out.update(seconds=time.perf_counter() - t0, worker=worker_name(), peak_rss_mb=peak_rss_mb())
    return out


def resolve_chunk(url: str, incident_ids: list[int]) -> dict:
    """Resolve the values of these incidents from their current reports (bulk statements, one transaction)."""
    engine = engine_for(url)
    t0 = time.perf_counter()

    def run() -> int:
        with engine.begin() as conn:
            return bulk.refresh_incidents_bulk(conn, incident_ids, writer.now())

    n = with_retry(run)
    return {"updated": n, "seconds": time.perf_counter() - t0, "worker": worker_name(), "peak_rss_mb": peak_rss_mb()}


def day_bounds(url: str) -> tuple[int | None, int | None, list[str]]:
    """First and last day of the unlinked, dated reports with a country, and their countries."""
    engine = engine_for(url)
    with engine.connect() as conn:
        q = _unlinked(select(func.min(R.c.day_lo), func.max(R.c.day_lo), R.c.country).select_from(R)).where(
            R.c.day_lo.is_not(None), R.c.country.is_not(None)).group_by(R.c.country)
        rows = conn.execute(q).all()
    if not rows:
        return None, None, []
    return min(r[0] for r in rows), max(r[1] for r in rows), sorted(r[2] for r in rows)
