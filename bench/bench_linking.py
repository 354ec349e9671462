"""Linking benchmarks.

    python bench/bench_linking.py quality   # pairwise P/R on corpus/linking (gold events as reports; extractor output)
    python bench/bench_linking.py scale     # link_all time for 1k, 10k, 100k synthetic reports
    python bench/bench_linking.py           # both

Pairwise metrics: over all pairs of reports from different documents, a pair is predicted positive when the
linker put both reports in one incident, and gold positive when the gold file gives them the same incident.
On extractor output, a predicted event is matched to a gold event of its article (compatible date, same
admin1 or place word, best type/target agreement); unmatched predictions get their own label (any link of
theirs is a false positive), and gold events the extractor missed still count in the recall denominator.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import defaultdict
from datetime import date
from itertools import combinations
from pathlib import Path

from sitrep.link import Linker, link_all, make_link_report
from sitrep.link.records import day_range, place_tokens

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "linking"


def pairwise(labels: dict, clusters: dict, gold_pairs: set) -> tuple[float, float, int, int, int]:
    """labels: report -> gold incident (or unique); clusters: report -> predicted cluster."""
    pred = set()
    by_cluster = defaultdict(list)
    for r, c in clusters.items():
        by_cluster[c].append(r)
    for members in by_cluster.values():
        for a, b in combinations(sorted(members, key=str), 2):
            if a[0] != b[0]:
                pred.add((a, b))
    tp = sum(1 for a, b in pred if labels.get(a) is not None and labels.get(a) == labels.get(b))
    n_gold = len(gold_pairs)
    p = tp / len(pred) if pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, tp, len(pred), n_gold


def _load():
    arts = [json.loads(line) for line in (CORPUS / "articles.jsonl").open()]
    gold = {g["id"]: g for g in (json.loads(line) for line in (CORPUS / "gold.jsonl").open())}
    return arts, gold


def _gold_pairs(gold: dict) -> set:
    items = [((aid, i), e["incident"]) for aid, g in gold.items() for i, e in enumerate(g["events"])]
    return {(a, b) for (a, la), (b, lb) in combinations(items, 2) if la == lb and a[0] != b[0]}


def _lr(rid, doc, e):
    return make_link_report(rid, doc, date=e.get("date"), date_end=e.get("date_end"), time=e.get("time"),
                            country=e.get("country"), admin1=e.get("admin1"), place=e.get("place"),
                            lat=e.get("lat"), lon=e.get("lon"), geo_precision=e.get("geo_precision"),
                            event_type=e.get("event_type"), target=e.get("target"), claimed_by=e.get("claimed_by"),
                            killed=(e.get("casualties") or {}).get("killed"),
                            injured=(e.get("casualties") or {}).get("injured"), order=(rid[0],))  # fmt: skip


def _both_orders(reports):
    batch = {d.report_id: d.cluster_id for d in link_all(reports)}
    linker = Linker()
    inc = {}
    by_doc = defaultdict(list)
    for r in reports:
        by_doc[r.document].append(r)
    for doc in by_doc:  # file order: what `sitrep ingest` does
        for d in linker.link_document(by_doc[doc]):
            inc[d.report_id] = d.cluster_id
    return batch, inc


def _match(pred: list[dict], gold: list[dict]) -> list[int | None]:
    """Index of the gold event each predicted event stands for (greedy by agreement)."""
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            plo, phi, _ = day_range(p.get("date"))
            glo, ghi, _ = day_range(g.get("date"))
            if plo is None or glo is None or max(plo, glo) - min(phi, ghi) > 2:
                continue
            same_place = (p.get("admin1") and p.get("admin1") == g.get("admin1")) or (
                place_tokens(p.get("place")) & place_tokens(g.get("place")))
            if not same_place:
                continue
            agree = sum(p.get(f) == g.get(f) for f in ("event_type", "target", "time", "claimed_by", "date"))
            cands.append((-agree, i, j))
    out: list[int | None] = [None] * len(pred)
    used = set()
    for _a, i, j in sorted(cands):
        if out[i] is None and j not in used:
            out[i] = j
            used.add(j)
    return out


def quality() -> dict:
    arts, gold = _load()
    gpairs = _gold_pairs(gold)
    # 1) gold events fed as reports
    reports, labels = [], {}
    for a in arts:
        for i, e in enumerate(gold[a["id"]]["events"]):
            reports.append(_lr((a["id"], i), a["id"], e))
            labels[(a["id"], i)] = e["incident"]
    batch, inc = _both_orders(reports)
    res = {"gold_reports": len(reports), "gold_incidents": len({e for e in labels.values()}),
           "gold_pairs": len(gpairs)}  # fmt: skip
    res["gold_events.batch"] = pairwise(labels, batch, gpairs)
    res["gold_events.incremental"] = pairwise(labels, inc, gpairs)
    # 2) extractor output
    try:
        from sitrep.extract.pipeline import EXTRACTOR_VERSION, extract_document
        from sitrep.models import Document
    except ImportError as exc:  # pragma: no cover
        res["extractor"] = f"unavailable: {exc}"
        return res
    reports, labels = [], {}
    for a in arts:
        out = extract_document(Document(**a)).to_output()
        g = gold[a["id"]]["events"]
        m = _match(out["events"], g)
        for k, e in enumerate(out["events"]):
            rid = (a["id"], 100 + k)
            reports.append(_lr(rid, a["id"], e))
            labels[rid] = g[m[k]]["incident"] if m[k] is not None else f"spurious-{a['id']}-{k}"
    # translate gold pairs to predicted report ids: a gold pair is found when both gold events were extracted
    batch, inc = _both_orders(reports)
    ext_pairs = {(a, b) for a, b in combinations(sorted(labels, key=str), 2)
                 if a[0] != b[0] and labels[a] == labels[b] and not labels[a].startswith("spurious")}  # fmt: skip
    res["extractor_version"] = EXTRACTOR_VERSION
    res["extracted_reports"] = len(reports)
    for name, cl in (("batch", batch), ("incremental", inc)):
        p, _r, tp, npred, _ng = pairwise(labels, cl, ext_pairs)
        res[f"extractor.{name}"] = (p, tp / len(gpairs), tp, npred, len(gpairs))
    res["extractor.pairs_recoverable"] = len(ext_pairs)
    return res


# -- scale ------------------------------------------------------------------------------------------

BASES = [("Iraq", "Al-Anbar", "Ain al-Asad air base"), ("Iraq", "Al-Anbar", "Al-Qaim"), ("Iraq", "Erbil", "Harir base"),
         ("Iraq", "Erbil", "Erbil airport"), ("Iraq", "Baghdad", "Victory Base"), ("Iraq", "Baghdad", "US embassy"),
         ("Iraq", "Al-Qadisiyah", "Diwaniyah"), ("Iraq", "Al-Muthanna", "Samawah"), ("Iraq", "Babil", "Hillah"),
         ("Iraq", "Dhi Qar", "Nasiriyah"), ("Iraq", "Salah al-Din", "Balad air base"), ("Iraq", "Nineveh", "Mosul"),
         ("Syria", "Deir ez-Zor", "Conoco gas field"), ("Syria", "Deir ez-Zor", "Green Village"),
         ("Syria", "Deir ez-Zor", "Omar oil field"), ("Syria", "Homs", "Al-Tanf garrison"),
         ("Syria", "Al-Hasakah", "Shaddadi"), ("Syria", "Al-Hasakah", "Rumeilan"), ("Syria", "Al-Hasakah", "Tell Baydar"),
         ("Jordan", "Mafraq", "Tower 22")]  # fmt: skip
TYPES = ["rocket", "drone", "ied", "mortar", "small_arms"]
GROUPS = ["Islamic Resistance in Iraq", "Ashab al-Kahf", "Saraya Awliya al-Dam", "Qasim al-Jabbarin", None]


def synthetic(n_reports: int, seed: int = 7, per_day: float = 6.0):
    """~n_reports reports of n/4 attacks at `per_day` attacks a day (density constant as n grows)."""
    rnd = random.Random(seed)
    base = 738000  # a day ordinal (2021)
    reports, labels = [], {}
    doc = 0
    k = 0
    while len(reports) < n_reports:
        day = base + int(k / per_day)
        country, admin1, place = rnd.choice(BASES)
        etype, group = rnd.choice(TYPES), rnd.choice(GROUPS)
        target = "convoy" if etype == "ied" else "base"
        hh = rnd.randrange(24 * 60)
        for _ in range(rnd.choice([1, 2, 3, 4, 5, 6, 7])):
            doc += 1
            d = date.fromordinal(day + (1 if rnd.random() < 0.03 else 0)).isoformat()
            rid = (f"d{doc}", 0)
            reports.append(make_link_report(
                rid, f"d{doc}", date=d if rnd.random() > 0.03 else d[:7], country=country,
                admin1=admin1 if rnd.random() > 0.1 else None, place=place if rnd.random() > 0.15 else None,
                event_type=etype if rnd.random() > 0.2 else "unknown", target=target,
                claimed_by=group if rnd.random() > 0.5 else None,
                time=f"{hh // 60:02d}:{hh % 60:02d}" if rnd.random() < 0.1 else None, order=(doc,)))  # fmt: skip
            labels[rid] = k
        k += 1
    reports = reports[:n_reports]
    return reports, {r.id: labels[r.id] for r in reports}


def scale(sizes=(1_000, 10_000, 100_000)) -> list[dict]:
    rows = []
    for n in sizes:
        reports, labels = synthetic(n)
        t0 = time.perf_counter()
        decisions = link_all(reports)
        dt = time.perf_counter() - t0
        clusters = {d.report_id: d.cluster_id for d in decisions}
        rows.append({"reports": n, "seconds": round(dt, 3), "us_per_report": round(dt / n * 1e6, 1),
                     "incidents": len(set(clusters.values())), "gold_incidents": len(set(labels.values()))})  # fmt: skip
        # pairwise P/R on synthetic (pairs within gold clusters), cheap enough by grouping
        by_gold, by_pred = defaultdict(list), defaultdict(list)
        for r, g in labels.items():
            by_gold[g].append(r)
            by_pred[clusters[r]].append(r)
        gp = {(a, b) for m in by_gold.values() for a, b in combinations(sorted(m), 2)}
        pp = {(a, b) for m in by_pred.values() for a, b in combinations(sorted(m), 2)}
        tp = len(gp & pp)
        rows[-1]["pairwise_p"] = round(tp / len(pp), 3) if pp else 1.0
        rows[-1]["pairwise_r"] = round(tp / len(gp), 3) if gp else 1.0
    return rows


def main(argv: list[str]) -> None:
    what = argv[1] if len(argv) > 1 else "all"
    if what in ("quality", "all"):
        res = quality()
        print(f"linking quality on corpus/linking: {res['gold_reports']} gold events, {res['gold_incidents']} "
              f"incidents, {res['gold_pairs']} gold pairs")  # fmt: skip
        for key in [k for k in res if "." in k and isinstance(res[k], tuple)]:
            p, r, tp, npred, ng = res[key]
            print(f"  {key:26s} precision {p:.3f}  recall {r:.3f}  (tp {tp}, predicted pairs {npred}, gold pairs {ng})")
        if "extracted_reports" in res:
            print(f"  extractor {res['extractor_version']}: {res['extracted_reports']} events extracted; "
                  f"{res['extractor.pairs_recoverable']} of {res['gold_pairs']} gold pairs have both events extracted")
    if what in ("scale", "all"):
        print("linking time (link_all, synthetic reports, ~6 attacks/day, 1-7 reports each):")
        for row in scale():
            print("  " + "  ".join(f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    main(sys.argv)
