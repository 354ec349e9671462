"""A synthetic news corpus with known gold, for the scale benchmark (no external data needed).

    python -m sitrep.scale.synth --n 100000 --out DIR [--shard-size 10000] [--format jsonl|parquet] [--seed 1]

Attacks are drawn day by day on the military sites, airports and towns of the gazetteer (Iraq and Syria),
with a weapon, a target, casualties and, often, a claimant from the actor registry. Each attack is reported
by 1-5 invented outlets, published the same day or up to two days later, each in its own words: different
templates, place spellings (the gazetteer's aliases), date formats, claimant aliases. Most documents are
other news (no attack), as in a real news archive. Documents are written in publication order into shards
``DIR/shards/shard-00000.jsonl`` ... and the gold (document -> attack) into ``DIR/gold.jsonl``; nothing is held in memory
beyond a few days of reports, so any size streams.

The attack rate is constant (``--attacks-per-day``, default 6) so the linker's blocks stay the same size as
the corpus grows; the time span grows with the corpus (from 2012-01-01), capped at 13 years, beyond which
the rate rises instead.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

START = date(2012, 1, 1)
MAX_SPAN_DAYS = 4750
REPORTS_PER_ATTACK = (1, 2, 2, 3, 3, 3, 4, 4, 5)
OUTLETS = [
    ("Desert Ledger", "desertledger.example"), ("Tigris Wire", "tigriswire.example"),
    ("Mesopotamia Monitor", "mesomonitor.example"), ("Levant Dispatch", "levantdispatch.example"),
    ("Euphrates Post", "euphratespost.example"), ("Northern Gazette", "northerngazette.example"),
    ("Gulf Courier", "gulfcourier.example"), ("Frontier Daily", "frontierdaily.example"),
    ("Crescent Report", "crescentreport.example"), ("Capital Observer", "capitalobserver.example"),
    ("Two Rivers Times", "tworivers.example"), ("Badiya Bulletin", "badiyabulletin.example"),
]  # fmt: skip
WEAPONS = {
    "rocket": ["Several rockets", "Three Katyusha rockets", "A barrage of rockets", "Two rockets", "Rockets"],
    "drone": ["An explosive-laden drone", "A one-way attack drone", "Two drones", "A drone", "Several drones"],
    "mortar": ["Mortar rounds", "Several mortar shells", "Two mortar rounds", "Mortar fire"],
    "ied": ["A roadside bomb", "An improvised explosive device", "A roadside explosive device"],
}
SOURCES = ["a US defense official said", "the coalition said in a statement", "security sources said",
           "according to a US military spokesman", "officials said", "the Pentagon said"]  # fmt: skip
FILLER = [
    "The attack was the latest in a series of strikes on facilities hosting US troops.",
    "US forces are in the country as part of the coalition against the Islamic State group.",
    "The Pentagon has repeatedly warned that it will respond at a time and place of its choosing.",
    "Officials did not give further details.",
    "An investigation is under way.",
]
NOISE = [
    "Parliament debates the {year} budget\nLawmakers met on {when} to debate the draft budget for {year}, which "
    "allocates {n} trillion dinars to salaries and reconstruction. The session was adjourned without a vote.",
    "Oil exports rise in {month}\nExports of crude oil averaged {n}.{m} million barrels a day in {month}, the oil "
    "ministry said on {when}. Prices were higher than a year earlier.",
    "Football: national team wins friendly\nThe national team beat a visiting side {n}-{m} on {when} in a "
    "friendly match played before a crowd of thousands. The coach praised the young squad.",
    "Heat wave strains power grid\nTemperatures passed {t} degrees Celsius on {when}, and power cuts of up to "
    "{n} hours a day were reported in several provinces. The electricity ministry asked for patience.",
    "Ministers discuss water sharing\nOfficials met on {when} to discuss water releases on the rivers, as "
    "farmers complained of the lowest levels in {n} years. No agreement was announced.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


@dataclass(slots=True)
class Site:
    name: str
    aliases: list[str]
    country: str
    admin1: str
    kind: str  # site | airport | town


def _latin(s: str) -> bool:
    return all(ord(c) < 0x0590 for c in s)


def sites() -> list[Site]:
    from sitrep.geo import get_gazetteer

    out = []
    for p in get_gazetteer().places:
        if p.source != "curated" or p.country not in ("Iraq", "Syria") or not p.admin1:
            continue
        if p.kind not in ("site", "airport", "town"):
            continue
        aliases = [a for a in (p.name, *p.aliases) if _latin(a) and len(a) > 3]
        out.append(Site(p.name, aliases, p.country, p.admin1, p.kind))
    return out


def claimants() -> list[list[str]]:
    from sitrep.actors import get_registry

    keep = []
    for a in get_registry().all():
        if a.kind in ("umbrella", "armed_group", "facade"):
            names = [n for n in (a.name, *a.aliases) if _latin(n) and len(n) > 5]
            if names:
                keep.append(names)
    return keep[:12]


def _date_phrase(rnd: random.Random, d: date, pub: date) -> str:
    wd = d.strftime("%A")
    m = MONTHS[d.month - 1]
    forms = [f"{m} {d.day}, {d.year}", f"{wd}, {m} {d.day}, {d.year}", f"{d.day} {m} {d.year}"]
    if d == pub:
        forms.append(f"{m} {d.day}")
    return rnd.choice(forms)


def _report(rnd: random.Random, attack: dict, site: Site, pub: date, claims: list[list[str]]) -> tuple[str, str]:
    wtype = attack["event_type"]
    weapon = rnd.choice(WEAPONS[wtype])
    place = rnd.choice(site.aliases)
    when = _date_phrase(rnd, attack["date"], pub)
    src = rnd.choice(SOURCES)
    where = f"{place} in {site.admin1}" if rnd.random() < 0.7 else f"{place} in {site.admin1} province"
    if attack["target"] == "convoy":
        title = rnd.choice([f"Coalition convoy hit near {place}", f"Bomb strikes US supply convoy in {site.admin1}"])
        body = rnd.choice([
            f"{weapon} hit a US-led coalition logistics convoy near {where} on {when}, {src}.",
            f"On {when}, {weapon.lower()} struck a convoy carrying supplies for US forces near {where}, {src}.",
        ])  # fmt: skip
    else:
        noun = "the airport" if site.kind == "airport" else "the base"
        title = rnd.choice([f"{weapon} target {place}", f"US forces attacked at {place}", f"Attack on {noun} in {site.admin1}"])
        body = rnd.choice([
            f"{weapon} struck {where}, which hosts US troops, on {when}, {src}.",
            f"On {when}, {weapon.lower()} targeted US forces at {where}, {src}.",
            f"{place}, a base used by US-led coalition forces in {site.admin1}, was attacked with {weapon.lower()} on {when}, {src}.",
        ])  # fmt: skip
    k = attack["injured"]
    cas = ("No casualties were reported." if k == 0 else
           f"{k} US service members suffered minor injuries." if k else "There was no word on casualties.")  # fmt: skip
    parts = [body, cas]
    if attack["claimant"] is not None and rnd.random() < 0.8:
        parts.append(f"The {rnd.choice(claims[attack['claimant']])} claimed responsibility for the attack.")
    parts += rnd.sample(FILLER, rnd.randint(1, 3))
    return title, " ".join(parts)


def _noise(rnd: random.Random, pub: date) -> tuple[str, str]:
    t = rnd.choice(NOISE).format(year=pub.year + 1, when=f"{MONTHS[pub.month - 1]} {pub.day}, {pub.year}",
                                 month=MONTHS[pub.month - 1], n=rnd.randint(2, 40), m=rnd.randint(0, 9),
                                 t=rnd.randint(45, 52))  # fmt: skip
    title, body = t.split("\n", 1)
    return title, body


def generate(n: int, seed: int = 1, attack_share: float = 0.35, attacks_per_day: float = 6.0) -> Iterator[tuple[dict, dict]]:
    """(document, gold) pairs in publication order; exactly n documents."""
    rnd = random.Random(seed)
    places = sites()
    claims = claimants()
    mean_reports = sum(REPORTS_PER_ATTACK) / len(REPORTS_PER_ATTACK)
    n_attacks = max(1, int(n * attack_share / mean_reports))
    span = n_attacks / attacks_per_day
    if span > MAX_SPAN_DAYS:
        attacks_per_day = n_attacks / MAX_SPAN_DAYS
        span = MAX_SPAN_DAYS
    noise_per_day = n * (1 - attack_share) / max(span, 1)
    last_used: dict[str, int] = {}
    heap: list[tuple[int, int, dict, dict]] = []
    seq = emitted = attack_no = 0
    day = 0
    while emitted < n:
        today = START + timedelta(days=day)
        k = int(attacks_per_day) + (rnd.random() < attacks_per_day % 1)
        for _ in range(k):
            for _try in range(20):
                site = rnd.choice(places)
                if day - last_used.get(site.name, -99) > 5:
                    break
            else:
                continue
            last_used[site.name] = day
            attack_no += 1
            target = "convoy" if site.kind == "town" else ("airport" if site.kind == "airport" else "base")
            attack = {"id": f"atk{attack_no:07d}", "date": today, "place": site.name, "country": site.country,
                      "admin1": site.admin1, "target": target,
                      "event_type": "ied" if target == "convoy" else rnd.choice(["rocket", "rocket", "drone", "mortar"]),
                      "injured": rnd.choice([None, None, 0, 0, 1, 2, 3]),
                      "claimant": rnd.randrange(len(claims)) if claims and rnd.random() < 0.5 else None}  # fmt: skip
            outlets = rnd.sample(OUTLETS, rnd.choice(REPORTS_PER_ATTACK))
            for outlet, domain in outlets:
                pub = today + timedelta(days=rnd.choice([0, 0, 0, 1, 1, 2]))
                title, body = _report(rnd, attack, site, pub, claims)
                seq += 1
                doc = {"outlet": outlet, "_domain": domain, "published": pub.isoformat(), "title": title,
                       "text": f"{title}\n{body}"}  # fmt: skip
                gold = {"attack": attack["id"], "date": today.isoformat(), "country": site.country,
                        "admin1": site.admin1, "place": site.name, "event_type": attack["event_type"],
                        "target": target, "injured": attack["injured"]}  # fmt: skip
                heapq.heappush(heap, ((pub - START).days, seq, doc, gold))
        m = int(noise_per_day) + (rnd.random() < noise_per_day % 1)
        for _ in range(m):
            title, body = _noise(rnd, today)
            outlet, domain = rnd.choice(OUTLETS)
            seq += 1
            heapq.heappush(heap, (day, seq, {"outlet": outlet, "_domain": domain, "published": today.isoformat(),
                                             "title": title, "text": f"{title}\n{body}"}, {"attack": None}))  # fmt: skip
        while heap and heap[0][0] <= day and emitted < n:
            _d, _s, doc, gold = heapq.heappop(heap)
            doc_id = f"syn{seed}-{emitted:09d}"
            domain = doc.pop("_domain")
            p = doc["published"]
            doc = {"id": doc_id, "url": f"https://{domain}/{p[:4]}/{p[5:7]}/{p[8:]}/{doc_id}", **doc}
            gold = {"id": doc_id, **gold}
            emitted += 1
            yield doc, gold
        day += 1


def write_corpus(n: int, out: str | Path, shard_size: int = 10_000, fmt: str = "jsonl", seed: int = 1,
                 attack_share: float = 0.35, attacks_per_day: float = 6.0) -> list[Path]:  # fmt: skip
    """Write n documents as shards under `out`/shards (and `out`/gold.jsonl); returns the shard paths."""
    root = Path(out)
    out = root / "shards"
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    rows: list[dict] = []
    fh = None
    with (root / "gold.jsonl").open("w", encoding="utf-8") as gold_fh:
        for i, (doc, gold) in enumerate(generate(n, seed, attack_share, attacks_per_day)):
            gold_fh.write(json.dumps(gold) + "\n")
            k = i // shard_size
            if fmt == "parquet":
                rows.append(doc)
                if len(rows) == shard_size:
                    paths.append(_write_parquet(out / f"shard-{k:05d}.parquet", rows))
                    rows = []
                continue
            if i % shard_size == 0:
                if fh:
                    fh.close()
                paths.append(out / f"shard-{k:05d}.jsonl")
                fh = paths[-1].open("w", encoding="utf-8")
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    if rows:
        paths.append(_write_parquet(out / f"shard-{len(paths):05d}.parquet", rows))
    return paths


def _write_parquet(path: Path, rows: list[dict]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = ("id", "url", "outlet", "published", "title", "text")
    pq.write_table(pa.table({c: [r.get(c) for r in rows] for c in cols}), path, row_group_size=1000)
    return path


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m sitrep.scale.synth", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, required=True, help="number of documents")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--shard-size", type=int, default=10_000)
    ap.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--attack-share", type=float, default=0.35, help="share of documents that report an attack")
    ap.add_argument("--attacks-per-day", type=float, default=6.0)
    a = ap.parse_args(argv)
    paths = write_corpus(a.n, a.out, a.shard_size, a.format, a.seed, a.attack_share, a.attacks_per_day)
    print(f"{a.n} documents in {len(paths)} shards under {Path(a.out) / 'shards'} (gold: {Path(a.out) / 'gold.jsonl'})")


if __name__ == "__main__":
    main()
