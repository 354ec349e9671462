"""Time `sitrep stats` and every `sitrep export` format on a synthetic database of N incidents.

    python bench/bench_analysis.py [--n 100000] [--db /tmp/sitrep_bench_analysis.sqlite] [--keep] [--reuse]

The database is built in bulk with SQL inserts into the store's own tables (one document, one report,
one link and one incident per incident; a few actors and context facts), in about a dozen seconds for
100,000 (--reuse keeps an existing --db file instead). Each command then runs as a fresh `sitrep` process
(import time included); the table gives its wall clock and its CPU seconds (user + system, steadier than wall
clock on a busy machine). Figures and the conditions they were taken in: docs/analysis.md, "Measured figures"
(round 4: exports 1.7-3.5 s wall at 100,000 incidents on the 2-core VM, STIX the slowest)."""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from sitrep.store import open_store
from sitrep.store import writer as W

PLACES = [  # (country, admin1, place, lat, lon, target)
    ("Iraq", "Al-Anbar", "Ain al-Asad air base", 33.80, 42.44, "base"),
    ("Iraq", "Erbil", "Harir base", 36.54, 44.35, "base"),
    ("Iraq", "Erbil", "Erbil airport", 36.24, 43.96, "base"),
    ("Iraq", "Baghdad", "Victory Base", 33.26, 44.23, "base"),
    ("Iraq", "Baghdad", "US embassy", 33.30, 44.38, "embassy"),
    ("Iraq", "Babil", "Hillah road", 32.48, 44.42, "convoy"),
    ("Iraq", "Al-Qadisiyah", "Diwaniyah highway", 31.99, 44.92, "convoy"),
    ("Iraq", "Dhi Qar", "Nasiriyah road", 31.05, 46.26, "convoy"),
    ("Iraq", "Salah al-Din", "Balad air base", 33.94, 44.36, "base"),
    ("Syria", "Deir ez-Zor", "Conoco gas field", 35.36, 40.30, "base"),
    ("Syria", "Deir ez-Zor", "al-Omar oil field", 34.98, 40.73, "base"),
    ("Syria", "Al-Hasakah", "Rmelan landing zone", 37.01, 41.93, "base"),
    ("Syria", "Al-Hasakah", "Shaddadi base", 36.06, 40.73, "base"),
    ("Syria", "Homs", "Al-Tanf garrison", 33.50, 38.63, "base"),
    ("Jordan", "Mafraq", "Tower 22", 33.32, 38.69, "base"),
    ("Iraq", "Al-Anbar", None, None, None, "other"),
]  # fmt: skip
WEAPONS = ["rocket", "drone", "drone", "ied", "mortar", "unknown", "small_arms"]
GROUPS = [  # (actor name, kind, parent, umbrella, weight)
    ("Islamic Resistance in Iraq", "umbrella", None, None, 8),
    ("Kata'ib Hezbollah", "armed_group", None, "Islamic Resistance in Iraq", 2),
    ("Harakat Hezbollah al-Nujaba", "armed_group", None, "Islamic Resistance in Iraq", 1),
    ("Ashab al-Kahf", "facade", None, None, 2),
    ("Saraya Qasim al-Jabbarin", "facade", "Kata'ib Hezbollah", None, 1),
    ("Qabdat al-Huda", "facade", None, None, 1),
    (None, None, None, None, 10),
]  # fmt: skip
OUTLETS = ["Wire A", "Wire B", "Paper C", "Blog D", "Channel E"]
TRUCES = [(date(2020, 10, 10), date(2020, 11, 16)), (date(2024, 1, 30), date(2024, 7, 15))]


def rate(d: date) -> float:
    """Expected incidents per day: a campaign shape with quiet truce spells."""
    for lo, hi in TRUCES:
        if lo <= d <= hi:
            return 0.03
    if date(2023, 10, 17) <= d < date(2024, 1, 30):
        return 1.6
    return 0.35


def build(url: str, n: int, start: date = date(2020, 1, 1), seed: int = 7) -> int:
    rnd = random.Random(seed)
    days: list[date] = []
    d = start
    weights = []
    while d <= date(2025, 6, 30):
        days.append(d)
        weights.append(rate(d))
        d += timedelta(days=1)
    picks = sorted(rnd.choices(days, weights=weights, k=n))
    now = datetime(2025, 7, 1, tzinfo=UTC)
    store = open_store(url)
    with store.write() as conn:
        actor_ids = {}
        for i, (name, kind, parent, umbrella, _w) in enumerate(GROUPS, 1):
            if name:
                conn.execute(insert(W.A), dict(id=i, key=f"name:{name.lower()}", registry_id=None, name=name,
                                               kind=kind, parent=parent, umbrella=umbrella))  # fmt: skip
                actor_ids[name] = i
        docs, reps, incs, links = [], [], [], []
        gweights = [g[4] for g in GROUPS]
        for i, day in enumerate(picks, 1):
            country, admin1, place, lat, lon, target = rnd.choice(PLACES)
            weapon = rnd.choice(WEAPONS)
            name = rnd.choices(GROUPS, weights=gweights)[0][0]
            month_only = rnd.random() < 0.02
            ds = day.strftime("%Y-%m") if month_only else day.isoformat()
            lo = (date(day.year, day.month, 1) if month_only else day).toordinal()
            hi = day.toordinal() if not month_only else (date(day.year + day.month // 12, day.month % 12 + 1, 1)
                                                         - timedelta(days=1)).toordinal()  # fmt: skip
            killed = rnd.choice([None, 0, 0, 0, 1])
            injured = rnd.choice([None, 0, 0, 1, 2, 3])
            outlet = OUTLETS[i % len(OUTLETS)]
            ev = f"Synthetic report {i}: a {weapon} attack on a {target} at {place or admin1}."
            docs.append(dict(id=i, doc_key=f"https://bench.test/{i}", doc_id=f"bench-{i}", revision=1, is_current=True,
                             url=f"https://bench.test/{i}", outlet=outlet, title=f"Synthetic report {i}",
                             published=(day + timedelta(days=1)).isoformat(), language="en", source_kind="jsonl",
                             content_hash=f"{i:064x}", extractor_version="bench", text=ev, ingested_at=now))  # fmt: skip
            common = dict(date=ds, date_end=None, time=None, day_lo=lo, day_hi=hi, country=country, admin1=admin1,
                          admin2=None, place=place, lat=lat, lon=lon, geo_precision=1 if lat else None,
                          event_type=weapon, target=target, claimed_by=name, attribution="claimed" if name else "none",
                          attributed_to=None, killed=killed, injured=injured)  # fmt: skip
            reps.append(dict(common, id=i, document_id=i, doc_key=f"https://bench.test/{i}", idx=0,
                             extractor_version="bench", active=True, actor_id=actor_ids.get(name), claim_channel=None,
                             evidence=ev, spans={}, confidence=0.8, event={}, created_at=now))  # fmt: skip
            incs.append(dict(common, id=i, status="active", merged_into=None, actor_name=name, n_reports=1,
                             resolution={}, created_at=now, updated_at=now))  # fmt: skip
            links.append(dict(id=i, incident_id=i, report_id=i, score=None, reason="bench", linked_at=now))
        for table, rows in ((W.D, docs), (W.R, reps), (W.I, incs), (W.L, links)):
            for k in range(0, len(rows), 20000):
                conn.execute(insert(table), rows[k : k + 20000])
        conn.execute(insert(W.C), [
            dict(document_id=1, idx=0, extractor_version="bench", active=True, kind="truce",
                 actor="Kata'ib Hezbollah", group_name=None, date=None, start="2024-01-30", end=None, count=None,
                 window_weeks=None, window_days=None, evidence="Synthetic: the group suspended its attacks.", spans={}),
            dict(document_id=2, idx=0, extractor_version="bench", active=True, kind="tempo_statement", actor=None,
                 group_name=None, date="2024-01-20", start=None, end=None, count=80, window_weeks=7, window_days=None,
                 evidence="Synthetic: the 80th attack in the last seven weeks.", spans={}),
        ])  # fmt: skip
    store.close()
    return n


def timed(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `sitrep` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "sitrep", *args], capture_output=True, text=True)
    dt = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit(f"sitrep {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")
    return dt, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--db", default=None, help="SQLite file to build (default: a temporary file)")
    ap.add_argument("--keep", action="store_true", help="keep the database and outputs")
    ap.add_argument("--reuse", action="store_true", help="use an existing --db file as it is (built by an earlier run)")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    path = Path(a.db) if a.db else tmp / "bench.sqlite"
    url = f"sqlite:///{path}"
    if a.reuse and a.db and path.exists():
        print(f"reusing {path}")
    else:
        if path.exists():
            path.unlink()
        t = time.perf_counter()
        build(url, a.n)
        print(f"built {a.n} incidents in {time.perf_counter() - t:.1f} s ({path})")
    runs = [("stats --by week", ["stats", "--db", url, "--by", "week", "--format", "csv"]),
            ("stats --by month --group-by group", ["stats", "--db", url, "--by", "month", "--group-by", "group",
                                                   "--format", "csv"])]  # fmt: skip
    for fmt, ext in (("acled", "csv"), ("geojson", "geojson"), ("stix", "json"), ("plover", "json"),
                     ("parquet", "parquet"), ("csv", "csv")):  # fmt: skip
        runs.append(
            (f"export --format {fmt}", ["export", "--db", url, "--format", fmt, "-o", str(tmp / f"out.{fmt}.{ext}")])
        )
    runs.append(("export --format parquet --table reports", ["export", "--db", url, "--format", "parquet", "--table",
                                                             "reports", "-o", str(tmp / "reports.parquet")]))  # fmt: skip
    print(f"{'command':42s} {'seconds':>8s} {'cpu s':>6s}  output")
    for label, args in runs:
        dt, cpu = timed(args)
        out = Path(args[-1]) if "-o" in args else None
        size = f"{out.stat().st_size / 1e6:.1f} MB" if out and out.exists() else ""
        print(f"{label:42s} {dt:8.2f} {cpu:6.2f}  {size}")
    if not a.keep:
        for p in tmp.iterdir():
            p.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()
