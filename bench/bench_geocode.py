#!/usr/bin/env python3
"""Benchmark the geocoder against UCDP GED Iraq, and time loading, lookups and mention finding.

    python bench/bench_geocode.py [--shared DIR] [--misses N] [--json]

Reads ``<shared>/datasets/ucdp_ged_irq/conflict_data_irq.csv`` (shared = $SITREP_SHARED or ../shared relative to the
repository root); skips cleanly (exit 0) when it is absent. Every row's ``where_coordinates`` ("Al Fallūjah town",
"Qaḑā’ Khānaqīn", "Nīnawá province") is geocoded with country Iraq and compared with UCDP's ``adm_1`` (normalised
to the codebook's canonical governorate names with ``admin1_canonical``) and ``latitude``/``longitude``.

Targets (issue 4): where_prec 1-2: admin1 agreement >= 95 %, point within 25 km >= 90 %;
>= 20,000 lookups/s after loading; loading < 0.5 s.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def load_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if rows and (rows[0].get("year") or "").startswith("#"):
        rows = rows[1:]  # the HXL tag row
    return rows


def measure_load() -> float:
    """Import + load in a fresh interpreter (best of 3)."""
    code = (
        "import time; t=time.perf_counter(); from sitrep.geo import Gazetteer; g=Gazetteer(); "
        "print(time.perf_counter()-t)"
    )
    times = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip()))
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.environ.get("SITREP_SHARED", str(REPO.parent / "shared")))
    ap.add_argument("--misses", type=int, default=0, help="print the N most frequent disagreements")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args(argv)
    path = Path(args.shared) / "datasets" / "ucdp_ged_irq" / "conflict_data_irq.csv"

    from sitrep.geo import get_gazetteer
    from sitrep.geo.normalize import fold

    figures: dict[str, object] = {}
    figures["load_s"] = round(measure_load(), 3)
    gz = get_gazetteer()
    data_dir = REPO / "src" / "sitrep" / "data" / "gazetteer"
    figures["data_bytes"] = sum(p.stat().st_size for p in data_dir.iterdir() if p.is_file())
    figures["places"] = len(gz)

    # find_mentions on a ~4 KB article
    para = (
        "BAGHDAD, Jan 5 (Reuters) - Two rockets struck near the Ain al-Asad air base in Iraq's western Anbar "
        "province on Sunday, and a roadside bomb hit a logistics convoy on the Yusufiya road south of Baghdad, "
        "security sources said. Saraya Qasim al-Jabbarin claimed the attack on the convoy near Al-Diwaniyah. "
        "A drone was shot down near Erbil airport, where coalition troops are based, and another near Harir. "
    )
    article = (para * 12)[:4096]
    n = 300
    t = time.perf_counter()
    for i in range(n):
        fold.cache_clear() if i == 0 else None
        gz.find_mentions(article + " " * (i % 3))
    figures["find_mentions_ms_per_4kb"] = round((time.perf_counter() - t) / n * 1000, 3)

    if not path.is_file():
        print(f"SKIP: {path} is not present (set SITREP_SHARED or --shared)")
        print(json.dumps(figures) if args.json else figures)
        return 0

    rows = load_rows(path)
    queries = [r["where_coordinates"] for r in rows]

    # Throughput: geocode() over all queries (repeats included), after one warm-up pass.
    for q in queries:
        gz.geocode(q, country="Iraq")
    t = time.perf_counter()
    reps = 3
    for _ in range(reps):
        for q in queries:
            gz.geocode(q, country="Iraq")
    figures["geocode_per_s"] = round(reps * len(queries) / (time.perf_counter() - t))
    names = [r["where_coordinates"].rsplit(" ", 1)[0] for r in rows]
    t = time.perf_counter()
    for _ in range(reps):
        for q in names:
            gz.lookup(q, country="Iraq")
    figures["lookup_per_s"] = round(reps * len(names) / (time.perf_counter() - t))
    uniq = sorted(set(queries))
    fold.cache_clear()
    t = time.perf_counter()
    for q in uniq:
        gz.geocode(q, country="Iraq")
    figures["geocode_unique_cold_per_s"] = round(len(uniq) / (time.perf_counter() - t))

    groups = {"prec_1_2": lambda r: r["where_prec"] in ("1", "2"), "all": lambda r: True}
    misses: Counter[tuple[str, str, str]] = Counter()
    for gname, sel in groups.items():
        n = adm_ok = near_ok = matched = with_point = 0
        for r in rows:
            if not sel(r):
                continue
            n += 1
            res = gz.geocode(r["where_coordinates"], country="Iraq")
            matched += res.matched
            gold_adm = gz.admin1_canonical(r["adm_1"]) if r["adm_1"].strip() else None
            ok = res.admin1 == gold_adm
            adm_ok += ok
            try:
                glat, glon = float(r["latitude"]), float(r["longitude"])
            except ValueError:
                glat = glon = None
            close = False
            if glat is not None:
                with_point += 1
                if res.lat is not None and res.lon is not None:
                    close = haversine_km(glat, glon, res.lat, res.lon) <= 25.0
            near_ok += close
            if gname == "prec_1_2" and (not ok or not close):
                misses[(r["where_coordinates"], f"{res.admin1}|{gold_adm}", res.reason or res.name or "")] += 1
        figures[f"{gname}_rows"] = n
        figures[f"{gname}_matched_pct"] = round(100 * matched / max(1, n), 2)
        figures[f"{gname}_admin1_pct"] = round(100 * adm_ok / max(1, n), 2)
        figures[f"{gname}_within25km_pct"] = round(100 * near_ok / max(1, n), 2)

    if args.json:
        print(json.dumps(figures))
    else:
        for k, v in figures.items():
            print(f"{k:32s} {v}")
    if args.misses:
        print(f"\nmost frequent disagreements (where_prec 1-2), top {args.misses}:")
        for (q, adm, why), c in misses.most_common(args.misses):
            print(f"  {c:4d}  {q!r:45s} ours|ucdp={adm:35s} {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
