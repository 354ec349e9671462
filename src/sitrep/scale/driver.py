"""The Dask driver of `sitrep ingest --engine dask` and `sitrep extract --engine dask`.

Three phases, each spread over the workers:

1. shards: every shard not yet done (``shard_status``) is read, extracted and stored (bulk, no linking) by
   one task, in one transaction that also marks it done. A failed or interrupted shard is redone on the
   next run; a shard task that runs twice (a worker was lost after committing) finds it done and stops.
2. linking: the unlinked reports are cut into windows of ``window_days`` by the first day of their
   document; each window is linked on a worker (after a halo of the previous days, against the incidents
   already stored nearby); the driver stitches neighbouring windows (a cluster that holds halo reports
   joins the incident the previous window gave them) and writes incidents, links and history in bulk.
   Reports no window could take (undated, no country, documents spread over months) go through the
   row-by-row linker at the end, so no report is left unlinked.
3. resolution: the incidents touched get their values resolved, in chunks, on the workers.
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sitrep.store.ingest import IngestSummary

DEFAULT_WINDOW_DAYS = 30
RESOLVE_CHUNK = 5000


def require_dask() -> None:
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise RuntimeError(f"the Dask engine needs dask[distributed]: pip install 'sitrep[scale]' ({exc})") from None


def make_client(scheduler: str | None = None, n_workers: int | None = None, memory_limit: str | None = None):  # noqa: ANN201
    """A Client on `scheduler` (any dask.distributed address), else on a new LocalCluster bound to loopback
    (one single-threaded worker process per core: extraction is pure Python). Returns (client, cluster)."""
    require_dask()
    import dask
    from distributed import Client, LocalCluster

    dask.config.set({"distributed.scheduler.allowed-failures": 5, "distributed.worker.daemon": False})
    if scheduler:
        return Client(scheduler, timeout="30s"), None
    cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address="127.0.0.1:0", memory_limit=memory_limit or "auto")  # fmt: skip
    return Client(cluster), cluster


@dataclass
class ScaleSummary(IngestSummary):
    shards_total: int = 0
    shards_done: int = 0
    shards_skipped: int = 0  # already done in an earlier run
    shard_errors: list[tuple[str, str]] = field(default_factory=list)  # (shard, error): failed, redo next run
    shard_problems: dict[str, int] = field(default_factory=dict)  # shard -> items skipped in it
    windows: int = 0
    links_window_edge: int = 0
    links_sweep: int = 0
    incidents_resolved: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)  # worker -> peak resident memory
    retries: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = super().to_dict()
        d["shards"] = {"total": self.shards_total, "done": self.shards_done, "skipped_done_before": self.shards_skipped,
                       "failed": len(self.shard_errors)}  # fmt: skip
        d["shard_errors"] = [{"shard": s, "error": e} for s, e in self.shard_errors]
        d["shard_problems"] = self.shard_problems
        d["linking"] = {"windows": self.windows, "window_edge_links": self.links_window_edge,
                        "sweep_links": self.links_sweep, "incidents_resolved": self.incidents_resolved}  # fmt: skip
        d["seconds"] = {k: round(v, 2) for k, v in self.seconds.items()}
        d["peak_rss_mb"] = {k: round(v, 1) for k, v in sorted(self.peak_rss_mb.items())}
        d["retries"] = self.retries
        return d

    def lines(self) -> list[str]:
        out = [f"shards: {self.shards_done} done, {self.shards_skipped} already done, {len(self.shard_errors)} failed "
               f"(of {self.shards_total})"]  # fmt: skip
        out += super().lines()
        out.append(f"linking: {self.windows} windows, {self.links_window_edge} links stitched at window edges, "
                   f"{self.links_sweep} by the final sweep; {self.incidents_resolved} incidents resolved")  # fmt: skip
        if self.peak_rss_mb:
            out.append("peak memory per worker: " + ", ".join(f"{k} {v:.0f} MB" for k, v in sorted(self.peak_rss_mb.items())))
        out += [f"  shard FAILED {s}: {e} (re-run to redo it)" for s, e in self.shard_errors]
        out += [f"  database retry: {r}" for r in self.retries[:20]]
        return out

    def _worker(self, res: dict) -> None:
        w = res.get("worker")
        if w and res.get("peak_rss_mb") is not None:
            self.peak_rss_mb[w] = max(self.peak_rss_mb.get(w, 0.0), res["peak_rss_mb"])


def _bounded(client: Any, fn: Callable, args_iter: Iterable[tuple], limit: int) -> Iterator[tuple[tuple, Any]]:
    """Submit fn(*args) for each args with at most `limit` tasks in flight; yield (args, result) as they end."""
    from distributed import as_completed

    it = iter(args_iter)
    pending = {}
    ac = as_completed()
    for args in it:
        fut = client.submit(fn, *args, pure=False)
        pending[fut.key] = args
        ac.add(fut)
        if len(pending) >= limit:
            break
    for fut in ac:
        args = pending.pop(fut.key)
        try:
            res = fut.result()
        except Exception as exc:  # noqa: BLE001 - KilledWorker after repeated losses, an unpicklable error...
            res = exc
        fut.release()
        nxt = next(it, None)
        if nxt is not None:
            f2 = client.submit(fn, *nxt, pure=False)
            pending[f2.key] = nxt
            ac.add(f2)
        yield args, res


def run_ingest(
    paths: Iterable[str],
    url: str | None,
    *,
    client: Any = None,
    scheduler: str | None = None,
    n_workers: int | None = None,
    batch_size: int = 500,
    window_days: int = DEFAULT_WINDOW_DAYS,
    on_progress: Callable[[ScaleSummary], None] | None = None,
) -> ScaleSummary:
    """Scale-out ingest of shard files into the database at `url` (PostgreSQL for parallel writes)."""
    from sitrep.extract.pipeline import EXTRACTOR_VERSION
    from sitrep.scale import work
    from sitrep.scale.shards import discover
    from sitrep.store import bulk, open_store
    from sitrep.store.engine import resolve_url

    url = resolve_url(url)
    summary = ScaleSummary()
    shards, problems = discover(paths)
    summary.shards_total = len(shards)
    store = open_store(url)  # creates / migrates the schema once, before the workers connect
    try:
        for p in problems:
            summary.skipped.append((p.source, p.reason))
            store.record_problem(p.source, p.reason)
        with store.engine.begin() as conn:
            todo = bulk.register_shards(conn, shards, EXTRACTOR_VERSION)
        summary.shards_skipped = len(shards) - len(todo)
    finally:
        store.close()
    own_cluster = own_client = None
    if client is None:
        client, own_cluster = make_client(scheduler, n_workers)
        own_client = client
    try:
        touched: set[int] = set()
        n_workers_now = max(1, len(client.scheduler_info().get("workers", {})) or (n_workers or 1))
        t0 = time.perf_counter()
        for (shard, _u, _b), res in _bounded(client, work.process_shard, ((s, url, batch_size) for s in todo),
                                      2 * n_workers_now + 2):  # fmt: skip
            if isinstance(res, BaseException):
                summary.shard_errors.append((shard.path, f"{type(res).__name__}: {str(res)[:300]}"))
                continue
            summary._worker(res)
            summary.retries += [f"{shard.path}: {r}" for r in res.get("retries", [])]
            if res["status"] == "failed":
                summary.shard_errors.append((shard.path, res["error"]))
                continue
            if res["status"] == "already-done":
                summary.shards_skipped += 1
                continue
            summary.shards_done += 1
            for k, v in res["counts"].items():
                if k in ("new", "unchanged", "revised", "reextracted", "reports"):
                    setattr(summary, k, getattr(summary, k) + v)
            summary.skipped += res["problems"]
            if res["n_problems"]:
                summary.shard_problems[shard.path] = res["n_problems"]
            touched |= set(res["touched"])
            if on_progress:
                on_progress(summary)
        summary.seconds["extract_store"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        touched |= link_windows(client, url, summary, window_days, n_workers_now)
        summary.seconds["link"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        ids = sorted(touched)
        chunks = ((url, ids[i : i + RESOLVE_CHUNK]) for i in range(0, len(ids), RESOLVE_CHUNK))
        for _args, res in _bounded(client, work.resolve_chunk, chunks, 2 * n_workers_now):
            if isinstance(res, BaseException):
                raise res
            summary._worker(res)
            summary.incidents_resolved += res["updated"]
        summary.seconds["resolve"] = time.perf_counter() - t0
        if on_progress:
            on_progress(summary)
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()
    return summary


def link_windows(client: Any, url: str, summary: ScaleSummary, window_days: int, n_workers: int) -> set[int]:
    """Phase 2: windowed linking on the workers, stitched and written here. Returns the incidents touched."""
    from sitrep.scale import work
    from sitrep.store import bulk, writer
    from sitrep.store.engine import PG_WRITE_LOCK, make_engine

    first, last, countries = work.day_bounds(url)
    touched: set[int] = set()
    engine = make_engine(url)
    try:
        if first is not None:
            starts = list(range(first, last + 1, window_days))
            summary.windows = len(starts)
            args = ((url, k, s, s + window_days, countries) for k, s in enumerate(starts))
            done: dict[int, dict] = {}
            recent: deque[dict[int, int]] = deque(maxlen=work.HALO_DAYS // window_days + 2)
            nxt = 0
            for _a, res in _bounded(client, work.link_window, args, 2 * n_workers + 2):
                if isinstance(res, BaseException):
                    raise res
                summary._worker(res)
                done[res["index"]] = res
                while nxt in done:  # stitch and write in window order
                    recent.append(_write_window(engine, done.pop(nxt), recent, summary, touched, PG_WRITE_LOCK))
                    nxt += 1
        touched |= _sweep(engine, summary, writer, bulk, PG_WRITE_LOCK)
    finally:
        engine.dispose()
    return touched


def _locked_begin(engine: Any, lock: int):  # noqa: ANN202
    from contextlib import contextmanager

    from sqlalchemy import text

    @contextmanager
    def cm():  # noqa: ANN202
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
            yield conn

    return cm()


def _write_window(engine: Any, res: dict, recent: Iterable[dict[int, int]], summary: ScaleSummary,
                  touched: set[int], lock: int) -> dict[int, int]:  # fmt: skip
    """Stitch one window to the windows before it and write its incidents and links; returns its report map."""
    from sitrep.scale.work import with_retry
    from sitrep.store import bulk, writer

    votes: dict[Any, Counter] = defaultdict(Counter)
    before: dict[int, int] = {}
    for m in recent:
        before.update(m)
    for rid, cid in res["halo"].items():
        if isinstance(cid, str) and rid in before:
            votes[cid][before[rid]] += 1
    mapped = {cid: sorted(c.items(), key=lambda x: (-x[1], x[0]))[0][0] for cid, c in votes.items()}
    fresh = sorted({cid for _r, cid, *_ in res["owned"] if isinstance(cid, str) and cid not in mapped},
                   key=lambda c: int(c.split(":")[1]))  # fmt: skip

    def write() -> dict[int, int]:
        at = writer.now()
        with _locked_begin(engine, lock) as conn:
            ids = bulk.new_incidents(conn, len(fresh), at)
            assign = dict(zip(fresh, ids, strict=True))
            links = []
            final: dict[int, int] = {}
            edge = 0
            merged = 0
            for rid, cid, new, score, reason in res["owned"]:
                if isinstance(cid, str) and cid in mapped:
                    iid = mapped[cid]
                    edge += 1
                    if new:
                        reason = "linked (window edge): " + reason
                    merged += 1
                elif isinstance(cid, str):
                    iid = assign[cid]
                    merged += 0 if new else 1
                else:
                    iid = cid
                    merged += 1
                links.append((iid, rid, score, reason))
                final[rid] = iid
            bulk.write_links(conn, links, at)
        summary.incidents_new += len(ids)
        summary.incidents_merged += merged
        summary.links_window_edge += edge
        touched.update(final.values())
        return final

    return with_retry(write)


def _sweep(engine: Any, summary: ScaleSummary, writer: Any, bulk: Any, lock: int) -> set[int]:
    """Reports no window took: undated or without country (an incident each), documents spread over months."""
    from sqlalchemy import and_, select

    from sitrep.scale.work import with_retry

    R, L = writer.R, writer.L
    touched: set[int] = set()

    def run() -> int:
        n = 0
        at = writer.now()
        with _locked_begin(engine, lock) as conn:
            q = (select(R.c.id, R.c.doc_key, R.c.day_lo, R.c.country)
                 .outerjoin(L, and_(L.c.report_id == R.c.id, L.c.unlinked_at.is_(None)))
                 .where(R.c.active, L.c.id.is_(None)).order_by(R.c.id))  # fmt: skip
            rows = conn.execute(q).all()
            loners = [r for r in rows if r.day_lo is None or not r.country]
            ids = bulk.new_incidents(conn, len(loners), at)
            bulk.write_links(conn, [(i, r.id, None, "new: no date" if r.day_lo is None else "new: no country")
                                    for i, r in zip(ids, loners, strict=True)], at)  # fmt: skip
            summary.incidents_new += len(ids)
            touched.update(ids)
            by_doc: dict[str, list[int]] = defaultdict(list)
            for r in rows:
                if r.day_lo is not None and r.country:
                    by_doc[r.doc_key].append(r.id)
            for key, rids in by_doc.items():
                new_ids, merged, all_ids = writer.link_reports(conn, rids, key, at)
                summary.incidents_new += len(new_ids)
                summary.incidents_merged += len(merged)
                touched.update(all_ids)
                n += len(rids)
        return n

    summary.links_sweep = with_retry(run)
    return touched


# -- extract --------------------------------------------------------------------------------------------


def run_extract(paths: Iterable[str], out: Any, *, scheduler: str | None = None, n_workers: int | None = None,
                warn: Callable[[str], None] = print) -> tuple[int, int]:  # fmt: skip
    """`sitrep extract --engine dask`: one JSON line per document, shards in the order given. (done, skipped)"""
    import json

    from sitrep.scale import work
    from sitrep.scale.shards import discover

    shards, problems = discover(paths)
    skipped = len(problems)
    for p in problems:
        warn(p.message())
    client, cluster = make_client(scheduler, n_workers)
    done = 0
    try:
        futures = deque(client.submit(work.extract_shard, s, pure=False) for s in shards[: 2 * (n_workers or 2) + 2])
        rest = iter(shards[len(futures):])
        while futures:
            res = futures.popleft().result()
            nxt = next(rest, None)
            if nxt is not None:
                futures.append(client.submit(work.extract_shard, nxt, pure=False))
            for source, reason in res["problems"]:
                warn(f"skipped {source}: {reason}")
            skipped += len(res["problems"])
            for r in res["results"]:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
            done += len(res["results"])
            out.flush()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return done, skipped
