"""API list-query latency with 10,000 incidents, on SQLite and PostgreSQL, over loopback HTTP.

    python bench/bench_api.py                      # both back ends (PostgreSQL skipped if not reachable)
    python bench/bench_api.py --backend sqlite --requests 400
    python bench/bench_api.py --pg postgresql://postgres@127.0.0.1:5432/postgres

For each back end: a scratch database (a temporary SQLite file; a PostgreSQL database created and dropped
again), 10,000 synthetic incidents (sitrep.web.synthetic), `sitrep serve` in a child process on 127.0.0.1, then
a bounded sequential load of list queries (at most --requests requests and --seconds seconds) from this process.
Prints p50/p95/max per query and overall (the target is p95 under 50 ms), the server's CPU time per request for
each query (PostgreSQL's backends included; steadier than wall clock on a shared machine) and the load average."""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

QUERIES = [
    ("default page", "/api/incidents"),
    ("sort by date asc", "/api/incidents?sort=date&limit=100"),
    ("sort by injured", "/api/incidents?sort=-injured&limit=100"),
    ("page 20", "/api/incidents?offset=2000&limit=100"),
    ("country+type", "/api/incidents?country=Iraq&type=rocket,drone"),
    ("governorate+target", "/api/incidents?governorate=Al-Anbar&target=base&sort=-killed"),
    ("date range", "/api/incidents?since=2021-01-01&until=2021-12-31"),
    ("group substring", "/api/incidents?group=hezbollah"),
    ("parent (umbrella)", "/api/incidents?parent=islamic_resistance_in_iraq"),
    ("free text", "/api/incidents?q=tanf&sort=place"),
    ("documents", "/api/documents"),
]


CPU_REPEATS = 20  # requests per query for the server-CPU figure


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fill(url: str, n: int) -> None:
    from sitrep.store import open_store
    from sitrep.web.synthetic import fill as synth

    store = open_store(url)
    try:
        synth(store, n)
        if store.backend == "postgresql":
            # planner statistics, as autovacuum's ANALYZE would gather on a live server (some, like this
            # machine's, run with autovacuum off: without statistics PostgreSQL guesses 1 row per filter)
            with store.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE incidents")
    finally:
        store.close()


def cpu_ms(pids: list[int]) -> float:
    """CPU time (user + system) used so far by these processes, from /proc (0 for one that is gone)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total * 1000 / os.sysconf("SC_CLK_TCK")


def run_load(url: str, max_requests: int, max_seconds: float, db_pids: Callable[[], list[int]] = list) -> dict:
    """Wall-clock latencies of a sequential load, then the server's CPU per request for each query (the HTTP
    server's process plus, for PostgreSQL, the database's backends for this database): wall-clock figures on a
    shared machine move with its load, CPU time much less."""
    port = free_port()
    env = {**os.environ, "SITREP_TOKEN": ""}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sitrep",
            "serve",
            "--db",
            url,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],  # fmt: skip
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if client.get("/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("server did not start: " + (proc.stderr.read().decode() if proc.stderr else ""))
                time.sleep(0.2)
            for _, path in QUERIES:  # warm-up: one of each
                client.get(path).raise_for_status()
            times: dict[str, list[float]] = {name: [] for name, _ in QUERIES}
            start = time.monotonic()
            sent = 0
            while sent < max_requests and time.monotonic() - start < max_seconds:
                name, path = QUERIES[sent % len(QUERIES)]
                t = time.perf_counter()
                r = client.get(path)
                times[name].append((time.perf_counter() - t) * 1000)
                r.raise_for_status()
                sent += 1
            cpu: dict[str, float | None] = {}
            if Path(f"/proc/{proc.pid}/stat").exists():
                for name, path in QUERIES:
                    pids = [proc.pid, *db_pids()]
                    c0 = cpu_ms(pids)
                    for _ in range(CPU_REPEATS):
                        client.get(path).raise_for_status()
                    cpu[name] = round((cpu_ms(pids) - c0) / CPU_REPEATS, 1)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

    def pct(xs: list[float], p: float) -> float:
        xs = sorted(xs)
        return round(xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))], 2) if xs else float("nan")

    every = [x for xs in times.values() for x in xs]
    return {
        "requests": len(every),
        "overall": {
            "p50_ms": pct(every, 50),
            "p95_ms": pct(every, 95),
            "max_ms": round(max(every), 2),
            "mean_ms": round(statistics.mean(every), 2),
        },  # fmt: skip
        "per_query": {
            k: {"n": len(v), "p50_ms": pct(v, 50), "p95_ms": pct(v, 95), "server_cpu_ms": cpu.get(k)}
            for k, v in times.items()
        },  # fmt: skip
        "load_average": os.getloadavg(),
    }


def bench_sqlite(args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory() as d:
        url = f"sqlite:///{Path(d) / 'bench.sqlite'}"
        fill(url, args.incidents)
        return run_load(url, args.requests, args.seconds)


def bench_postgres(args: argparse.Namespace) -> dict | None:
    import psycopg

    admin = args.pg
    name = f"sitrep_bench_{uuid.uuid4().hex[:8]}"
    try:
        conn = psycopg.connect(
            admin.replace("postgresql+psycopg://", "postgresql://"), autocommit=True, connect_timeout=5
        )
    except psycopg.OperationalError as exc:
        print(f"postgresql: skipped ({str(exc).splitlines()[0]})", file=sys.stderr)
        return None
    try:
        conn.execute(f'CREATE DATABASE "{name}"')
        url = admin.rsplit("/", 1)[0] + "/" + name
        try:
            fill(url, args.incidents)

            def backends() -> list[int]:
                rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,)).fetchall()
                return [r[0] for r in rows]

            return run_load(url, args.requests, args.seconds, backends)
        finally:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--incidents", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=550, help="at most this many timed requests per back end")
    ap.add_argument("--seconds", type=float, default=60, help="and at most this long per back end")
    ap.add_argument("--pg", default=os.environ.get("SITREP_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres"))
    args = ap.parse_args()
    out = {"incidents": args.incidents}
    if args.backend in ("sqlite", "both"):
        out["sqlite"] = bench_sqlite(args)
    if args.backend in ("postgres", "both"):
        out["postgresql"] = bench_postgres(args)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
