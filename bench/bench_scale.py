"""Scale-out benchmark: the Dask engine on a synthetic corpus (sitrep.scale.synth), PostgreSQL 15 local.

    python bench/bench_scale.py speedup [--n 20000]          extraction only, LocalCluster of 1 then 2 workers
    python bench/bench_scale.py run --n 100000 [--workers 2]  extract + store + link + resolve; throughput, memory
    python bench/bench_scale.py compare [--n 10000]           Dask path vs local path on the same documents
    python bench/bench_scale.py memory --sizes 20000,100000   peak memory per worker at several corpus sizes

Corpora are generated under --work (default /tmp/sitrep-bench-scale) and reused; each PostgreSQL run uses a
scratch database sitrep_scale_<random>, dropped afterwards unless --keep. Results are printed as JSON and
appended to --results (default bench/results_scale.jsonl) when given.
"""

from __future__ import annotations

import argparse
import json
import os
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sitrep.store.engine import resolve_url

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def corpus(work: Path, n: int, shard_size: int, seed: int = 1) -> Path:
    from sitrep.scale.synth import write_corpus

    root = work / f"synth-{n}-{shard_size}-{seed}"
    if not (root / "gold.jsonl").exists():
        t0 = time.perf_counter()
        write_corpus(n, root, shard_size=shard_size, seed=seed)
        print(f"# generated {n} documents in {time.perf_counter() - t0:.1f} s under {root}", flush=True)
    return root


@contextmanager
def scratch_db(admin: str, keep: bool = False):
    admin = resolve_url(admin)
    name = f"sitrep_scale_{uuid.uuid4().hex[:8]}"
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        if keep:
            print(f"# kept database {name}")
        else:
            with eng.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        eng.dispose()


def speedup(args: argparse.Namespace) -> dict:
    from sitrep.scale import work
    from sitrep.scale.driver import _bounded, make_client
    from sitrep.scale.shards import discover

    root = corpus(args.work, args.n, args.shard_size)
    shards, _ = discover([str(root / "shards")])
    out: dict = {"bench": "speedup", "n": args.n, "shard_size": args.shard_size, "cores": os.cpu_count()}
    for w in (1, 2):
        client, cluster = make_client(n_workers=w)
        try:
            client.run(lambda: __import__("sitrep.extract.pipeline"))  # warm imports, as a long run would be
            load0 = os.getloadavg()[0]
            t0 = time.perf_counter()
            docs = 0
            cpu = 0.0
            for _a, res in _bounded(client, work.extract_count, ((s,) for s in shards), 2 * w + 2):
                docs += res["documents"]
                cpu += res["cpu_seconds"]
            dt = time.perf_counter() - t0
        finally:
            client.close()
            cluster.close()
        # cpu_ms_per_doc shows whether the work per document stays the same with more workers; the load
        # average shows whether something else was competing for the cores during the measurement
        out[f"workers_{w}"] = {"seconds": round(dt, 2), "docs_per_s": round(docs / dt, 1),
                               "cpu_ms_per_doc": round(1000 * cpu / docs, 3),
                               "loadavg_1min_before_after": [round(load0, 2), round(os.getloadavg()[0], 2)]}  # fmt: skip
    out["speedup_1_to_2"] = round(out["workers_2"]["docs_per_s"] / out["workers_1"]["docs_per_s"], 2)
    return out


def run(args: argparse.Namespace, n: int | None = None) -> dict:
    from sitrep.scale.compare import gold_scores
    from sitrep.scale.driver import run_ingest
    from sitrep.store import open_store

    n = n or args.n
    root = corpus(args.work, n, args.shard_size)
    curve: list[dict] = []  # worker memory as the run goes: flat means nothing grows with the corpus
    with scratch_db(args.pg, args.keep) as url:
        t0 = time.perf_counter()

        def progress(summary) -> None:  # noqa: ANN001
            done = summary.new + summary.unchanged + summary.revised
            point = {"documents": done, "seconds": round(time.perf_counter() - t0, 1),
                     "peak_rss_mb_per_worker": {k: round(v) for k, v in sorted(summary.peak_rss_mb.items())}}  # fmt: skip
            if not curve or done - curve[-1]["documents"] >= n // 20 or done >= n:
                curve.append(point)
                print(f"# {json.dumps(point)}", flush=True)

        s = run_ingest([str(root / "shards")], url, n_workers=args.workers, batch_size=args.batch_size,
                       on_progress=progress)  # fmt: skip
        dt = time.perf_counter() - t0
        with open_store(url) as store:
            counts = store.counts()
        out = {"bench": "run", "n": n, "workers": args.workers, "shard_size": args.shard_size,
               "seconds": round(dt, 1), "docs_per_s": round(n / dt, 1), "phases_s": {k: round(v, 1) for k, v in s.seconds.items()},
               "peak_rss_mb_per_worker": {k: round(v) for k, v in s.peak_rss_mb.items()}, "counts": counts,
               "shards_failed": len(s.shard_errors), "skipped": len(s.skipped), "memory_curve": curve}  # fmt: skip
        if n <= args.gold_max:
            out["gold"] = gold_scores(url, root / "gold.jsonl")
    return out


def memory(args: argparse.Namespace) -> dict:
    res = [run(args, int(n)) for n in args.sizes.split(",")]
    return {"bench": "memory", "runs": [{"n": r["n"], "peak_rss_mb_per_worker": r["peak_rss_mb_per_worker"],
                                         "docs_per_s": r["docs_per_s"]} for r in res]}  # fmt: skip


def compare(args: argparse.Namespace) -> dict:
    from sitrep.extract.pipeline import EXTRACTOR_VERSION, extract_document
    from sitrep.scale.compare import diff, incident_sets
    from sitrep.scale.driver import run_ingest
    from sitrep.sources.files import iter_documents
    from sitrep.store import open_store
    from sitrep.store.ingest import ingest_documents

    root = corpus(args.work, args.n, args.shard_size)
    shards = sorted(str(p) for p in (root / "shards").iterdir())
    with scratch_db(args.pg) as a, scratch_db(args.pg) as b:
        t0 = time.perf_counter()
        run_ingest(shards, a, n_workers=args.workers)
        t_dask = time.perf_counter() - t0
        t0 = time.perf_counter()
        with open_store(b) as store:
            ingest_documents(store, iter_documents(shards), extract_document, EXTRACTOR_VERSION)
        t_local = time.perf_counter() - t0
        d = diff(incident_sets(a), incident_sets(b))
    return {"bench": "compare", "n": args.n, "dask_s": round(t_dask, 1), "local_s": round(t_local, 1),
            "same": d["same"], "incidents_dask": d["incidents_a"], "incidents_local": d["incidents_b"],
            "only_dask": d["n_only_a"], "only_local": d["n_only_b"], "value_diffs": d["n_value_diffs"],
            "examples": {"only_dask": d["only_a"][:3], "only_local": d["only_b"][:3], "values": d["value_diffs"][:3]}}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=["speedup", "run", "compare", "memory"])
    ap.add_argument("--n", type=int, default=None)
    ap.add_argument("--sizes", default="20000,100000")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--shard-size", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=500)
    ap.add_argument("--gold-max", type=int, default=300_000, help="score against gold up to this size")
    ap.add_argument("--pg", default=ADMIN)
    ap.add_argument("--work", type=Path, default=Path("/tmp/sitrep-bench-scale"))
    ap.add_argument("--keep", action="store_true", help="keep the scratch database")
    ap.add_argument("--results", default=None, help="append the JSON result to this file")
    args = ap.parse_args()
    defaults = {"speedup": 20_000, "run": 100_000, "compare": 10_000, "memory": 0}
    args.n = args.n or defaults[args.what]
    args.shard_size = args.shard_size or (2_000 if args.what in ("speedup", "compare") else 10_000)
    res = {"speedup": speedup, "run": run, "compare": compare, "memory": memory}[args.what](args)
    line = json.dumps(res, default=str)
    print(line, flush=True)
    if args.results:
        with open(args.results, "a") as fh:
            fh.write(line + "\n")


if __name__ == "__main__":
    main()
